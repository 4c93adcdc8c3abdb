/**
 * One machine per decision, built from scenario or design data. A decision runs
 * dormant → staffing → issuing → inForce. Its legal preconditions (approvals recorded,
 * the conditions of `requires`, the Diet) are guards on issuing: an order whose preconditions
 * fail stays `blocked`, whatever the decider said (DOMAIN.md A2, ARCHITECTURE.md rule 5).
 *
 * The machine reads what its side knows (`context.k`), delivered by the engine in KNOW events
 * while the machine is in a state tagged `watching`, and with every ISSUE and APPROVAL.
 */
import { assign, setup } from 'xstate';
import type { Knowledge } from './knowledge.js';
import type { CompiledDecision } from './compile.js';
import type { DecisionContext, ModelEvent } from './types.js';
import { drawnDelay } from './draws.js';

/**
 * A state whose transitions read knowledge declares `meta.wake`: given its context and what its
 * side now knows, whether that news can move it. The engine delivers KNOW only then, so
 * unchanged decisions cost nothing when a rung is reported.
 */
export type Wake = (context: { k: Knowledge; approvals?: Record<string, true> }, k: Knowledge) => boolean;

/** The wake predicates of a snapshot's active states (none: it reads no knowledge now). */
export function wakesOf(meta: Record<string, unknown>): Wake[] {
  const wakes: Wake[] = [];
  for (const key in meta) {
    const wake = (meta[key] as { wake?: Wake } | undefined)?.wake;
    if (wake) wakes.push(wake);
  }
  return wakes;
}

/** Whether the order may be issued now without the Diet's prior approval (DOMAIN.md A2, F1, F4, F5). */
export function dietMayFollow(d: CompiledDecision, k: Knowledge): boolean {
  if (!d.diet) return true;
  if (d.diet.timing === 'referral') return true;
  return d.diet.timing === 'afterIfUrgent' && d.dietUrgent(k);
}

/** The legal guard on issuing: approvals recorded, preconditions hold, the Diet satisfied. */
export function mayIssue(d: CompiledDecision, context: DecisionContext): boolean {
  const approvals = context.approvals;
  for (const org of d.requiredApprovals) if (approvals[org] !== true) return false;
  if (d.diet && !dietMayFollow(d, context.k) && approvals[d.diet.org] !== true) return false;
  return d.requires(context.k);
}

type Ctx = { context: DecisionContext; event: ModelEvent };

const always: Wake = () => true;

const decisionSetup = setup({
  types: { context: {} as DecisionContext, events: {} as ModelEvent },
  actions: {
    ask: (_: unknown, _params: { kind: 'order' | 'diet' }) => {},
    announce: (_: unknown, _params: { inForce: boolean }) => {},
  },
});

/** Builds the machine of one decision. Built once per scenario and design. */
export function createDecisionMachine(d: CompiledDecision) {
  const learn = assign({ k: ({ event }: Ctx) => (event as { k: Knowledge }).k });
  const recordApproval = assign(({ context, event }: Ctx) => ({
    k: (event as { k: Knowledge }).k,
    approvals: { ...context.approvals, [(event as { org: string }).org]: true as const },
  }));
  const enter = { type: 'announce' as const, params: { inForce: true } };
  const leave = [{ type: 'announce' as const, params: { inForce: false } }, assign({ approvals: {} })];
  const legal = ({ context }: Ctx) => mayIssue(d, context);
  const approved = ({ event }: Ctx) => event.type === 'DIET' && event.approve;

  const inForceStates: Record<string, object> = {};
  if (d.diet) {
    const diet = d.diet;
    const vote = { DIET: [{ guard: approved, target: 'approved' }, { target: `#${d.key}.withdrawn` }] };
    inForceStates.diet = {
      initial: 'checking',
      states: {
        checking: { always: [{ guard: ({ context }: Ctx) => context.approvals[diet.org] === true, target: 'approved' }, { target: 'clockRunning' }] },
        clockRunning: { entry: { type: 'ask', params: { kind: 'diet' } }, after: { [diet.deadline]: 'overdue' }, on: vote },
        overdue: { on: vote },
        approved: { meta: { terminal: true } },
      },
    };
  }
  if (d.calibration) {
    const cal = d.calibration;
    const standDown = ({ context }: Ctx) => cal.standDown(context.k);
    inForceStates.operation = {
      initial: 'active',
      states: {
        active: { meta: { wake: (_: unknown, k: Knowledge) => cal.standDown(k) }, always: { guard: standDown, target: 'reviewing' } },
        reviewing: { meta: { wake: always }, after: { review: [{ guard: standDown, target: `#${d.key}.stoodDown` }, { target: 'active' }] } },
      },
    };
  }
  const inForce =
    Object.keys(inForceStates).length > 0 ? { type: 'parallel', entry: enter, states: inForceStates } : { entry: enter, meta: { terminal: true } };

  const review = d.calibration ? { stream: `${d.id}.review`, sampler: d.calibration.review } : undefined;
  return decisionSetup
    .createMachine({
      id: d.key,
      context: { k: null as unknown as Knowledge, approvals: {} },
      initial: 'idle',
      on: { KNOW: { actions: learn }, APPROVAL: { actions: recordApproval } },
      states: {
        idle: {
          on: {
            START: {
              target: d.standing ? 'inForce' : 'dormant',
              actions: assign(({ event }) => ({ k: (event as unknown as { k: Knowledge }).k, approvals: {} })),
            },
          },
        },
        dormant: { meta: { wake: (_: unknown, k: Knowledge) => d.trigger(k) }, always: { guard: ({ context }: Ctx) => d.trigger(context.k), target: 'staffing' } },
        staffing: { entry: { type: 'ask', params: { kind: 'order' } }, on: { ISSUE: { target: 'issuing', actions: learn } } },
        issuing: { always: [{ guard: legal, target: 'inForce' }, { target: 'blocked' }] },
        blocked: { meta: { wake: (c: DecisionContext, k: Knowledge) => mayIssue(d, { ...c, k }) }, always: { guard: legal, target: 'inForce' } },
        inForce,
        withdrawn: { meta: { wake: (_: unknown, k: Knowledge) => !d.trigger(k) }, entry: leave, always: { guard: ({ context }: Ctx) => !d.trigger(context.k), target: 'dormant' } },
        stoodDown: { entry: leave, always: 'dormant' },
      },
    } as any)
    .provide({
      delays: { review: drawnDelay(() => review!) } as any,
    });
}

export type DecisionMachine = ReturnType<typeof createDecisionMachine>;
