/**
 * The legal posture of each side, apart from its orders: Japan's situation recognition, the
 * authority its orders grant, and its response to hostile acts ([SDFAct], [CabinetDecision2014] in docs/sources.md); U.S. unit
 * self-defense, always available, and defense of allied units, which needs a national decision
 * ([SROE], [Treaty1960]); the alliance mechanism's activation and command integration ([Storch2016], [Hornung2015]).
 * Guards read the side's knowledge, delivered by the engine in KNOW events; each state's wake is
 * derived from its guards (`settle.ts`).
 */
import { assign, setup } from 'xstate';
import { SITUATIONS, type Nation, type Power } from '../scenario/schema.js';
import type { Knowledge } from './knowledge.js';
import type { LegalContext, ModelEvent } from './types.js';
import { settling, type Settle } from './settle.js';

type Ctx = { context: LegalContext; event: ModelEvent };
type When = Settle<LegalContext>['when'];

const has =
  (power: Power): When =>
  (_, k) =>
    k.powers[power] === true;
const lacks =
  (power: Power): When =>
  (_, k) =>
    k.powers[power] !== true;
const decided =
  (id: string): When =>
  (_, k) =>
    k.decided[id] === true;
const undecided =
  (id: string): When =>
  (_, k) =>
    k.decided[id] !== true;
const hostileAgainst =
  (nation: Nation) =>
  ({ event }: Ctx) =>
    event.type === 'HOSTILE_ACT' && event.against === nation;
const hostileWith =
  (nation: Nation, power: Power) =>
  ({ context, event }: Ctx) =>
    hostileAgainst(nation)({ context, event }) && context.k.powers[power] === true;

const legalSetup = setup({
  types: { context: {} as LegalContext, events: {} as ModelEvent },
  actions: { learn: assign({ k: ({ event }) => (event as { k: Knowledge }).k }) },
});

type LegalStates = NonNullable<Parameters<typeof legalSetup.createMachine>[0]['states']>;

/** Japan: recognition kept apart from orders; force gated on the powers orders grant. */
function japanRegions(): LegalStates {
  const recognition: LegalStates = {};
  SITUATIONS.forEach((level, i) => {
    const graver = SITUATIONS.map((to, j) => ({ to, j }))
      .filter(({ j }) => j > i)
      .reverse()
      .map(({ to, j }): Settle<LegalContext> => ({
        when: (_, k) => k.recognised >= j,
        target: to,
      }));
    recognition[level] =
      i === SITUATIONS.length - 1 ? { meta: { terminal: true } } : settling(graver);
  });
  return {
    recognition: { initial: 'normal', states: recognition },
    authority: {
      initial: 'lawEnforcement',
      states: {
        lawEnforcement: settling([
          { when: has('useOfForce'), target: 'defense' },
          { when: has('policing'), target: 'policing' },
        ]),
        policing: settling([
          { when: has('useOfForce'), target: 'defense' },
          { when: lacks('policing'), target: 'lawEnforcement' },
        ]),
        defense: settling([{ when: lacks('useOfForce'), target: 'lawEnforcement' }]),
      },
    },
    engagement: {
      initial: 'none',
      on: {
        HOSTILE_ACT: [
          { guard: hostileWith('japan', 'useOfForce'), target: '.useOfForce' },
          { guard: hostileWith('japan', 'policing'), target: '.policeWeaponsUse' },
          { guard: hostileAgainst('japan'), target: '.coastGuardResponse' },
        ],
      },
      states: { none: {}, coastGuardResponse: {}, policeWeaponsUse: {}, useOfForce: {} },
    },
  };
}

/** The United States: unit self-defense needs no decision; defending allied units does. */
function unitedStatesRegions(): LegalStates {
  const defendJapan = {
    HOSTILE_ACT: { guard: hostileAgainst('japan'), target: 'defendingAllies', reenter: true },
  };
  return {
    unitSelfDefense: {
      initial: 'ready',
      on: { HOSTILE_ACT: { guard: hostileAgainst('unitedStates'), target: '.engaged' } },
      states: { ready: {}, engaged: {} },
    },
    alliedDefense: {
      initial: 'notAuthorised',
      states: {
        notAuthorised: settling([{ when: has('collectiveDefense'), target: 'authorised' }]),
        authorised: {
          ...settling([{ when: lacks('collectiveDefense'), target: 'notAuthorised' }]),
          on: { HOSTILE_ACT: { guard: hostileAgainst('japan'), target: 'defendingAllies' } },
        },
        defendingAllies: {
          ...settling([{ when: lacks('collectiveDefense'), target: 'notAuthorised' }]),
          on: defendJapan,
        },
      },
    },
  };
}

/** The alliance mechanism: bodies standing or activated by a decision; command national or integrated. */
function allianceRegions(activationDecision?: string, integrationDecision?: string): LegalStates {
  const regions: LegalStates = {
    activation: activationDecision
      ? {
          initial: 'inactive',
          states: {
            inactive: settling([{ when: decided(activationDecision), target: 'active' }]),
            active: settling([{ when: undecided(activationDecision), target: 'inactive' }]),
          },
        }
      : { initial: 'standing', states: { standing: { meta: { terminal: true } } } },
  };
  if (integrationDecision) {
    regions.command = {
      initial: 'national',
      states: {
        national: settling([{ when: decided(integrationDecision), target: 'integrated' }]),
        integrated: settling([{ when: undecided(integrationDecision), target: 'national' }]),
      },
    };
  }
  return regions;
}

export type LegalRole =
  | { readonly kind: 'japan' }
  | { readonly kind: 'unitedStates' }
  | {
      readonly kind: 'alliance';
      readonly activationDecision?: string;
      readonly integrationDecision?: string;
    };

/** Builds a side's legal-posture machine. */
export function createLegalMachine(id: string, role: LegalRole) {
  const regions =
    role.kind === 'japan'
      ? japanRegions()
      : role.kind === 'unitedStates'
        ? unitedStatesRegions()
        : allianceRegions(role.activationDecision, role.integrationDecision);
  return legalSetup.createMachine({
    id,
    context: { k: null as unknown as Knowledge },
    initial: 'idle',
    states: {
      idle: { on: { START: { target: 'running', actions: 'learn' } } },
      running: { type: 'parallel', on: { KNOW: { actions: 'learn' } }, states: regions },
    },
  });
}

export type LegalMachine = ReturnType<typeof createLegalMachine>;
