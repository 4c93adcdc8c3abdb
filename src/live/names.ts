/**
 * Names, never ids, on every page of a live game: a seat, a side, a decision, an organisation, a
 * fact, a situation, a power and a legal posture in words. Labels come from the scenario and the
 * design (decisions, organisations, rungs), words for facts from the scenario's `briefing.facts`;
 * an id without either is spelled out (`jcgCannotCope` → "jcg cannot cope") rather than shown raw.
 */
import type { Model } from '../model/model.js';
import type { Power, SituationLevel } from '../scenario/schema.js';
import { CONTROL } from './seats.js';

const SEAT_NAMES: Readonly<Record<string, string>> = {
  japan: 'Japan',
  unitedStates: 'United States',
  alliance: 'Alliance',
  adversary: 'Adversary',
  [CONTROL]: 'Control cell',
};

/** A seat or a side by name ("Japan", "United States", "Adversary", "Control cell"). */
export function seatName(seat: string): string {
  return SEAT_NAMES[seat] ?? `Seat ${seat}`;
}

/** A camelCase id spelled out in lower-case words, for an id the scenario gives no words for. */
export function spelledOut(id: string): string {
  return id
    .replace(/^[a-z]+\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase();
}

/** A decision by its label; a Diet's vote (`<decision>.diet`) and the adversary's move in words. */
export function decisionLabel(model: Model, id: string): string {
  if (id === 'adversary.move') return "The adversary's next move";
  const diet = id.endsWith('.diet');
  const base = diet ? id.slice(0, -'.diet'.length) : id;
  const label = model.decisionsById.get(base)?.label ?? spelledOut(base);
  return diet ? `Diet vote on: ${label}` : label;
}

/** A decision point (`<decision>#<n>`) by its decision's label. */
export function pointLabel(model: Model, point: string): string {
  return decisionLabel(model, point.replace(/#\d+$/, ''));
}

/** An organisation by its label. */
export function orgLabel(model: Model, id: string): string {
  return model.organisations.get(id)?.label ?? spelledOut(id);
}

/** A fact in words, from the scenario's briefing, else spelled out. */
export function factLabel(model: Model, id: string): string {
  return model.scenario.briefing?.facts[id] ?? spelledOut(id);
}

/** A rung by its label (with its id, which the ladder's players use as a short name: "R4"). */
export function rungLabel(model: Model, id: string): string {
  const rung = model.scenario.ladder.rungs.find((r) => r.id === id);
  return rung ? `${rung.id}, ${rung.label}` : spelledOut(id);
}

const SITUATION_WORDS: Readonly<Record<SituationLevel, string>> = {
  normal: 'normal times',
  grayZone: 'a gray-zone situation',
  anticipatedAttack: 'an armed attack anticipated',
  armedAttack: 'an armed attack',
};

/** A situation level in words ("a gray-zone situation"). */
export function situationLabel(level: string): string {
  return SITUATION_WORDS[level as SituationLevel] ?? spelledOut(level);
}

const POWER_WORDS: Readonly<Record<Power, string>> = {
  policing: 'police powers for the SDF',
  assetProtection: "protection of U.S. forces' assets",
  useOfForce: 'use of force in defense of Japan',
  collectiveSelfDefense: 'limited collective self-defense',
  collectiveDefense: 'defense of allied units',
};

/** A power an order grants, in words. */
export function powerLabel(power: string): string {
  return POWER_WORDS[power as Power] ?? spelledOut(power);
}

/** Each region and state of the legal-posture machines (`model/legal.ts`) in words. */
const LEGAL_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  recognition: {
    normal: 'the Cabinet recognises normal times',
    grayZone: 'the Cabinet recognises a gray-zone situation',
    anticipatedAttack: 'the Cabinet recognises an anticipated armed attack',
    armedAttack: 'the Cabinet recognises an armed attack',
  },
  authority: {
    lawEnforcement: 'law enforcement (Coast Guard and police)',
    policing: 'the SDF hold police powers',
    defense: 'a defense operation: the SDF may use force',
  },
  engagement: {
    none: 'no hostile act met',
    coastGuardResponse: 'the Coast Guard answers a hostile act',
    policeWeaponsUse: 'the SDF use weapons under police powers',
    useOfForce: 'the SDF use force',
  },
  unitSelfDefense: {
    ready: 'U.S. units ready to defend themselves',
    engaged: 'U.S. units defending themselves',
  },
  alliedDefense: {
    notAuthorised: 'not authorised to defend allied units',
    authorised: 'authorised to defend allied units',
    defendingAllies: 'defending allied units',
  },
  activation: {
    inactive: 'coordination mechanism not activated',
    active: 'coordination mechanism activated',
    standing: 'coordination body standing',
  },
  command: {
    national: 'national command',
    integrated: 'integrated command',
  },
};

/**
 * A legal posture (the machine's state value, `{ running: { authority: 'lawEnforcement', … } }`)
 * in words, one phrase per region: "law enforcement (Coast Guard and police); no hostile act met".
 */
export function legalPostureLabel(value: unknown): string {
  const running =
    value && typeof value === 'object' && 'running' in value
      ? (value as { running: unknown }).running
      : value;
  if (!running || typeof running !== 'object') return 'not yet in play';
  return Object.entries(running as Record<string, unknown>)
    .map(([region, state]) =>
      typeof state === 'string'
        ? (LEGAL_WORDS[region]?.[state] ?? `${spelledOut(region)}: ${spelledOut(state)}`)
        : spelledOut(region),
    )
    .join('; ');
}
