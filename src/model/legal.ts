/**
 * The legal posture of each side, apart from its orders: Japan's situation recognition, the
 * authority its orders grant, and its response to hostile acts (DOMAIN.md A1, A2); U.S. unit
 * self-defense, always available, and defense of allied units, which needs a national decision
 * (DOMAIN.md B, F20); the alliance mechanism's activation and command integration (DOMAIN.md C).
 * Guards read the side's knowledge, delivered by the engine in KNOW events.
 */
import { assign, setup } from 'xstate';
import { SITUATIONS } from '../scenario/schema.js';
import type { Knowledge } from './knowledge.js';
import type { LegalContext, ModelEvent } from './types.js';

type Ctx = { context: LegalContext; event: ModelEvent };

/** A nation's legal posture reads what orders grant and recognise, never the rung itself. */
export const nationalPostureWakes = (c: LegalContext, k: Knowledge): boolean => k.powers !== c.k.powers || k.recognised !== c.k.recognised;
/** The alliance mechanism's posture reads which decisions are in force. */
export const mechanismPostureWakes = (c: LegalContext, k: Knowledge): boolean => k.decided !== c.k.decided;

const has = (power: string) => ({ context }: Ctx) => context.k.powers[power] === true;
const lacks = (power: string) => ({ context }: Ctx) => context.k.powers[power] !== true;
const hostileAgainst = (nation: string) => ({ event }: Ctx) => event.type === 'HOSTILE_ACT' && event.against === nation;
const decided = (id: string) => ({ context }: Ctx) => context.k.decided[id] === true;
const undecided = (id: string) => ({ context }: Ctx) => context.k.decided[id] !== true;

/** Japan: recognition kept apart from orders; force gated on the powers orders grant. */
function japanRegions(): Record<string, object> {
  const recognition: Record<string, object> = {};
  SITUATIONS.forEach((level, i) => {
    recognition[level] = {
      always: SITUATIONS.filter((_, j) => j > i)
        .reverse()
        .map((to) => ({ guard: ({ context }: Ctx) => context.k.recognised >= SITUATIONS.indexOf(to), target: to })),
      ...(i === SITUATIONS.length - 1 ? { meta: { terminal: true } } : {}),
    };
  });
  const respond = {
    HOSTILE_ACT: [
      { guard: (c: Ctx) => hostileAgainst('japan')(c) && has('useOfForce')(c), target: '.useOfForce' },
      { guard: (c: Ctx) => hostileAgainst('japan')(c) && has('policing')(c), target: '.policeWeaponsUse' },
      { guard: hostileAgainst('japan'), target: '.coastGuardResponse' },
    ],
  };
  return {
    recognition: { initial: 'normal', states: recognition },
    authority: {
      initial: 'lawEnforcement',
      states: {
        lawEnforcement: { always: [{ guard: has('useOfForce'), target: 'defense' }, { guard: has('policing'), target: 'policing' }] },
        policing: { always: [{ guard: has('useOfForce'), target: 'defense' }, { guard: lacks('policing'), target: 'lawEnforcement' }] },
        defense: { always: { guard: lacks('useOfForce'), target: 'lawEnforcement' } },
      },
    },
    engagement: {
      initial: 'none',
      on: respond,
      states: { none: {}, coastGuardResponse: {}, policeWeaponsUse: {}, useOfForce: {} },
    },
  };
}

/** The United States: unit self-defense needs no decision; defending allied units does. */
function unitedStatesRegions(): Record<string, object> {
  return {
    unitSelfDefense: {
      initial: 'ready',
      on: { HOSTILE_ACT: { guard: hostileAgainst('unitedStates'), target: '.engaged' } },
      states: { ready: {}, engaged: {} },
    },
    alliedDefense: {
      initial: 'notAuthorised',
      states: {
        notAuthorised: { always: { guard: has('collectiveDefense'), target: 'authorised' } },
        authorised: {
          always: { guard: lacks('collectiveDefense'), target: 'notAuthorised' },
          on: { HOSTILE_ACT: { guard: hostileAgainst('japan'), target: 'defendingAllies' } },
        },
        defendingAllies: {
          always: { guard: lacks('collectiveDefense'), target: 'notAuthorised' },
          on: { HOSTILE_ACT: { guard: hostileAgainst('japan'), target: 'defendingAllies', reenter: true } },
        },
      },
    },
  };
}

/** The alliance mechanism: bodies standing or activated by a decision; command national or integrated. */
function allianceRegions(activationDecision?: string, integrationDecision?: string): Record<string, object> {
  const regions: Record<string, object> = {
    activation: activationDecision
      ? {
          initial: 'inactive',
          states: {
            inactive: { always: { guard: decided(activationDecision), target: 'active' } },
            active: { always: { guard: undecided(activationDecision), target: 'inactive' } },
          },
        }
      : { initial: 'standing', states: { standing: { meta: { terminal: true } } } },
  };
  if (integrationDecision) {
    regions.command = {
      initial: 'national',
      states: {
        national: { always: { guard: decided(integrationDecision), target: 'integrated' } },
        integrated: { always: { guard: undecided(integrationDecision), target: 'national' } },
      },
    };
  }
  return regions;
}

export type LegalRole =
  | { readonly kind: 'japan' }
  | { readonly kind: 'unitedStates' }
  | { readonly kind: 'alliance'; readonly activationDecision?: string; readonly integrationDecision?: string };

/** Builds a side's legal-posture machine. */
export function createLegalMachine(id: string, role: LegalRole) {
  const regions =
    role.kind === 'japan' ? japanRegions() : role.kind === 'unitedStates' ? unitedStatesRegions() : allianceRegions(role.activationDecision, role.integrationDecision);
  return setup({ types: { context: {} as LegalContext, events: {} as ModelEvent } }).createMachine({
    id,
    context: { k: null as unknown as Knowledge },
    initial: 'idle',
    states: {
      idle: { on: { START: { target: 'running', actions: assign({ k: ({ event }) => (event as unknown as { k: Knowledge }).k }) } } },
      running: {
        type: 'parallel',
        meta: { wake: role.kind === 'alliance' ? mechanismPostureWakes : nationalPostureWakes },
        on: { KNOW: { actions: assign({ k: ({ event }) => (event as unknown as { k: Knowledge }).k }) } },
        states: regions as any,
      },
    },
  } as any);
}

export type LegalMachine = ReturnType<typeof createLegalMachine>;
