/**
 * The decision authority machines, built from scenario and design data. Each authority is a
 * parallel machine with one region per decision it owns, plus the legal regions of its side:
 * Japan's situation recognition, JCG capacity and use of force (kept apart from its orders);
 * U.S. unit self-defense (always available) and collective defense of allied units; the alliance
 * mechanism's activation and command integration.
 *
 * A decision region runs dormant → staffing → issuing → inForce. Its legal preconditions
 * (approvals recorded, conditions of `requires`, the Diet) are guards on issuing: an order whose
 * preconditions fail stays `blocked`, whatever the decider said (DOMAIN.md A2, ARCHITECTURE.md
 * rule 5).
 */
import { produce } from 'immer';
import { assign, setup } from 'xstate';
import type { Decision, Nation, Scenario } from '../scenario/schema.js';
import { createKnowledge, situationIndex, withRung, type Knowledge, type Predicate } from './knowledge.js';
import { stateKey, type AnnounceParams, type AskParams, type AuthorityContext, type ModelEvent } from './types.js';
import type { CompiledDecision } from './compile.js';

/** The fact set when a consultation waits for a triggered mechanism to be activated. */
export const ACTIVATION_REQUESTED_FACT = 'activationRequested';

/** Which legal regions an authority carries besides its decisions. */
export type AuthorityRole =
  | { kind: 'japan' }
  | { kind: 'unitedStates' }
  | { kind: 'alliance'; activationDecision?: string; integrationDecision?: string };

const authoritySetup = setup({
  types: {
    context: {} as AuthorityContext,
    events: {} as ModelEvent,
  },
  actions: {
    ask: (_: unknown, _params: AskParams) => {},
    announce: (_: unknown, _params: AnnounceParams) => {},
  },
});

type Ctx = { context: AuthorityContext; event: ModelEvent };

type Learn = ReturnType<typeof learnRung>;

/** Every handler of RUNG updates knowledge, so an inner handler never hides the report. */
function learnRung(scenario: Scenario) {
  const rungs = scenario.ladder.rungs;
  return assign(({ context, event }: Ctx) => ({ ...context, k: withRung(context.k, rungs, (event as { rung: number }).rung, scenario.jcgCapacity) }));
}

const forDecision = (id: string) => ({ event }: Ctx) => 'decision' in event && event.decision === id;

function applyEffects(d: CompiledDecision, inForce: boolean) {
  return assign(({ context }: Ctx) =>
    produce(context, (draft) => {
      if (inForce) {
        draft.k.decided[d.id] = true;
        for (const f of d.effects.facts) draft.k.facts[f] = true;
        for (const p of d.effects.powers) draft.k.powers[p] = true;
        if (d.effects.recognise) draft.k.recognised = Math.max(draft.k.recognised, situationIndex(d.effects.recognise));
      } else {
        delete draft.k.decided[d.id];
        for (const f of d.effects.facts) delete draft.k.facts[f];
        for (const p of d.effects.powers) delete draft.k.powers[p];
        delete draft.approvals[d.id];
      }
    }),
  );
}

/** Whether the order may be issued now without the Diet's prior approval (DOMAIN.md A2, F1, F4, F5). */
export function dietMayFollow(d: CompiledDecision, k: Knowledge): boolean {
  if (!d.diet) return true;
  if (d.diet.timing === 'referral') return true;
  return d.diet.timing === 'afterIfUrgent' && d.dietUrgent(k);
}

/** The legal guard on issuing: approvals recorded, preconditions hold, the Diet satisfied. */
export function mayIssue(d: CompiledDecision, context: AuthorityContext): boolean {
  const approvals = context.approvals[d.id] ?? {};
  for (const org of d.requiredApprovals) if (approvals[org] !== true) return false;
  if (d.diet && !dietMayFollow(d, context.k) && approvals[d.diet.org] !== true) return false;
  return d.requires(context.k);
}

function decisionRegion(d: CompiledDecision, learn: Learn): object {
  const id = d.id;
  const mine = forDecision(id);
  const enter = [applyEffects(d, true), { type: 'announce' as const, params: { decision: id, inForce: true } }];
  const leave = [applyEffects(d, false), { type: 'announce' as const, params: { decision: id, inForce: false } }];
  const recordApproval = assign(({ context, event }: Ctx) =>
    produce(context, (draft) => {
      const org = (event as { org: string }).org;
      (draft.approvals[id] ??= {})[org] = true;
    }),
  );
  const legal = ({ context }: Ctx) => mayIssue(d, context);
  const triggered = ({ context }: Ctx) => d.trigger(context.k);

  const inForceStates: Record<string, object> = {};
  if (d.diet) {
    const diet = d.diet;
    inForceStates.diet = {
      initial: 'checking',
      states: {
        checking: {
          always: [
            { guard: ({ context }: Ctx) => (context.approvals[id] ?? {})[diet.org] === true, target: 'approved' },
            { target: 'clockRunning' },
          ],
        },
        clockRunning: {
          entry: { type: 'ask', params: { decision: id, kind: 'diet' } },
          after: { [diet.deadline]: 'overdue' },
          on: {
            DIET: [
              { guard: ({ event }: Ctx) => mine({ event } as Ctx) && (event as { approve: boolean }).approve, target: 'approved' },
              { guard: mine, target: `#${d.key}.withdrawn` },
            ],
          },
        },
        overdue: {
          on: {
            DIET: [
              { guard: ({ event }: Ctx) => mine({ event } as Ctx) && (event as { approve: boolean }).approve, target: 'approved' },
              { guard: mine, target: `#${d.key}.withdrawn` },
            ],
          },
        },
        approved: { meta: { terminal: true } },
      },
    };
  }
  if (d.calibration) {
    const cal = d.calibration;
    inForceStates.operation = {
      initial: 'active',
      states: {
        active: { always: { guard: ({ context }: Ctx) => cal.standDown(context.k), target: 'reviewing' } },
        reviewing: {
          after: {
            [`${d.key}.review`]: [
              { guard: ({ context }: Ctx) => cal.standDown(context.k), target: `#${d.key}.stoodDown` },
              { target: 'active' },
            ],
          },
        },
      },
    };
  }
  const inForce =
    Object.keys(inForceStates).length > 0
      ? { type: 'parallel', entry: enter, states: inForceStates }
      : { entry: enter, meta: { terminal: true } };

  return {
    id: d.key,
    initial: d.standing ? 'inForce' : 'dormant',
    on: { APPROVAL: { guard: mine, actions: recordApproval } },
    states: {
      dormant: { always: { guard: triggered, target: 'staffing' } },
      staffing: {
        entry: { type: 'ask', params: { decision: id, kind: 'order' } },
        on: { ISSUE: { guard: mine, target: 'issuing' } },
      },
      issuing: { always: [{ guard: legal, target: 'inForce' }, { target: 'blocked' }] },
      blocked: { always: { guard: legal, target: 'inForce' } },
      inForce,
      withdrawn: { entry: leave, on: { RUNG: { target: 'dormant', actions: learn } } },
      stoodDown: { entry: leave, always: 'dormant' },
    },
  };
}

/** Japan's legal regions: recognition apart from orders; JCG; force gated on powers (DOMAIN.md A1, A2). */
function japanRegions(learn: Learn): Record<string, object> {
  const powers = (...names: string[]) => ({ context }: Ctx) => names.some((p) => context.k.powers[p] === true);
  const against = (n: Nation) => ({ event }: Ctx) => event.type === 'HOSTILE_ACT' && event.against === n;
  const respond = [
    { guard: ({ context, event }: Ctx) => against('japan')({ event } as Ctx) && context.k.powers.useOfForce === true, target: '.useOfForce' },
    { guard: ({ context, event }: Ctx) => against('japan')({ event } as Ctx) && context.k.powers.policing === true, target: '.policeWeaponsUse' },
    { guard: against('japan'), target: '.coastGuardResponse' },
  ];
  const recognition: Record<string, object> = {};
  const levels = ['normal', 'grayZone', 'anticipatedAttack', 'armedAttack'] as const;
  levels.forEach((level, i) => {
    recognition[level] = {
      always: levels.filter((_, j) => j > i).reverse().map((to) => ({ guard: ({ context }: Ctx) => context.k.recognised >= situationIndex(to), target: to })),
      ...(i === levels.length - 1 ? { meta: { terminal: true } } : {}),
    };
  });
  return {
    recognition: { initial: 'normal', states: recognition },
    authority: {
      initial: 'lawEnforcement',
      states: {
        lawEnforcement: { always: [{ guard: powers('useOfForce'), target: 'defense' }, { guard: powers('policing'), target: 'policing' }] },
        policing: { always: [{ guard: powers('useOfForce'), target: 'defense' }, { guard: ({ context }: Ctx) => !context.k.powers.policing, target: 'lawEnforcement' }] },
        defense: { always: { guard: ({ context }: Ctx) => !context.k.powers.useOfForce, target: 'lawEnforcement' } },
      },
    },
    engagement: {
      initial: 'none',
      on: { HOSTILE_ACT: respond },
      states: { none: {}, coastGuardResponse: { on: { RUNG: { target: 'none', actions: learn } } }, policeWeaponsUse: { on: { RUNG: { target: 'none', actions: learn } } }, useOfForce: { on: { RUNG: { target: 'none', actions: learn } } } },
    },
  };
}

/** U.S. legal regions: unit self-defense always retained; allied defense needs a national decision (DOMAIN.md B, F20). */
function unitedStatesRegions(learn: Learn): Record<string, object> {
  return {
    unitSelfDefense: {
      initial: 'ready',
      states: {
        ready: { on: { HOSTILE_ACT: { guard: ({ event }: Ctx) => event.type === 'HOSTILE_ACT' && event.against === 'unitedStates', target: 'engaged' } } },
        engaged: { on: { RUNG: { target: 'ready', actions: learn } } },
      },
    },
    alliedDefense: {
      initial: 'notAuthorised',
      states: {
        notAuthorised: { always: { guard: ({ context }: Ctx) => context.k.powers.collectiveDefense === true, target: 'authorised' } },
        authorised: {
          always: { guard: ({ context }: Ctx) => context.k.powers.collectiveDefense !== true, target: 'notAuthorised' },
          on: { HOSTILE_ACT: { guard: ({ event }: Ctx) => event.type === 'HOSTILE_ACT' && event.against === 'japan', target: 'defendingAllies' } },
        },
        defendingAllies: { on: { RUNG: { target: 'authorised', actions: learn } } },
      },
    },
  };
}

/** The alliance mechanism's regions: activation of triggered bodies and command integration. */
function allianceRegions(role: Extract<AuthorityRole, { kind: 'alliance' }>): Record<string, object> {
  const decided = (id: string): Predicate => (k) => k.decided[id] === true;
  const regions: Record<string, object> = {};
  if (role.activationDecision) {
    const active = decided(role.activationDecision);
    regions.activation = {
      initial: 'inactive',
      states: {
        inactive: { always: { guard: ({ context }: Ctx) => active(context.k), target: 'active' } },
        active: { always: { guard: ({ context }: Ctx) => !active(context.k), target: 'inactive' } },
      },
    };
  } else {
    regions.activation = { initial: 'standing', states: { standing: { meta: { terminal: true } } } };
  }
  if (role.integrationDecision) {
    const integrated = decided(role.integrationDecision);
    regions.command = {
      initial: 'national',
      states: {
        national: { always: { guard: ({ context }: Ctx) => integrated(context.k), target: 'integrated' } },
        integrated: { always: { guard: ({ context }: Ctx) => !integrated(context.k), target: 'national' } },
      },
    };
  }
  return regions;
}

/** Builds one authority's machine from its decisions. Built once per scenario and design. */
export function createAuthorityMachine(id: string, role: AuthorityRole, decisions: readonly CompiledDecision[], scenario: Scenario) {
  const learn = learnRung(scenario);
  const regions: Record<string, object> = {};
  for (const d of decisions) regions[d.key] = decisionRegion(d, learn);
  Object.assign(regions, role.kind === 'japan' ? japanRegions(learn) : role.kind === 'unitedStates' ? unitedStatesRegions(learn) : allianceRegions(role));
  const delays: Record<string, (args: { context: AuthorityContext }) => number> = {};
  for (const d of decisions) {
    const cal = d.calibration;
    if (cal) delays[`${d.key}.review`] = ({ context }) => context.env!.draw(`${d.id}.review`, cal.review);
  }
  return authoritySetup.createMachine(
    {
      id,
      context: { k: createKnowledge(), approvals: {}, env: null },
      initial: 'idle',
      states: {
        idle: { on: { START: { target: 'running', actions: assign({ env: ({ event }) => (event as unknown as { env: AuthorityContext["env"] }).env }) } } },
        running: {
          type: 'parallel',
          states: regions as any,
          on: {
            RUNG: { actions: learn },
            ACTIVATION_REQUESTED: {
              actions: assign(({ context }) =>
                produce(context, (draft) => {
                  draft.k.facts[ACTIVATION_REQUESTED_FACT] = true;
                }),
              ),
            },
            ANNOUNCE: {
              actions: assign(({ context, event }) =>
                produce(context, (draft) => {
                  const e = event as unknown as { decision: string; inForce: boolean };
                  if (e.inForce) draft.k.decided[e.decision] = true;
                  else delete draft.k.decided[e.decision];
                }),
              ),
            },
          },
        },
      },
    } as any,
  ).provide({ delays: delays as any });
}

export type AuthorityMachine = ReturnType<typeof createAuthorityMachine>;
export type { Decision };
