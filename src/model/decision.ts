/**
 * One machine per decision, built from scenario or design data. A decision runs
 * dormant → staffing → issuing → inForce. Its legal preconditions (approvals recorded,
 * the conditions of `requires`, the Diet) are guards on issuing: an order whose preconditions
 * fail stays `blocked`, whatever the decider said, and is asked again when they return. A decision
 * whose reason lapses while it is staffed or blocked is closed as `overtaken`; one the Diet votes
 * down beforehand is `rejected` until its reason lapses ([SDFAct], [AASAct] in docs/sources.md).
 * An approving body reached before the order's legal precondition holds convenes in anticipation
 * and stands by (`standingBy`) until it holds, then approves (`approving`) ([WP2000]: the 1999
 * Noto order came 20 minutes after the Coast Guard gave up, with ministers gathered beforehand).
 *
 * The machine reads what its side knows (`context.k`). The engine brings it up to date before
 * every event it delivers, and at rest delivers news only when the state's wake (derived from its
 * guards, `settle.ts`) says the news can move it.
 */
import { assign, setup } from 'xstate';
import type { Knowledge } from './knowledge.js';
import type { DecisionStructure } from './compiled.js';
import type { DecisionContext, ModelEvent } from './types.js';
import { drawnDelay, type DrawnDelay } from './draws.js';
import { settling } from './settle.js';

/** Whether the order may be issued now without the Diet's prior approval ([SDFAct] Art. 76, [AASAct] Art. 9). */
export function dietMayFollow(d: DecisionStructure, k: Knowledge): boolean {
  if (!d.diet) return true;
  if (d.diet.timing === 'referral') return true;
  return d.diet.timing === 'afterIfUrgent' && d.dietUrgent(k);
}

/** The legal guard on issuing: approvals recorded, preconditions hold, the Diet satisfied. */
export function mayIssue(
  d: DecisionStructure,
  approvals: Readonly<Record<string, true>>,
  k: Knowledge,
): boolean {
  for (const org of d.requiredApprovals) if (approvals[org] !== true) return false;
  if (d.diet && !dietMayFollow(d, k) && approvals[d.diet.org] !== true) return false;
  return d.requires(k);
}

/**
 * The eventless transitions of a decision that read knowledge, by state: its machine and the plain
 * reducers share them.
 */
export function decisionSettles(d: DecisionStructure) {
  const standDown = d.calibration?.standDown;
  const lapsed = (_: DecisionContext, k: Knowledge) => !d.trigger(k);
  return {
    dormant: settling<DecisionContext>([{ when: (_, k) => d.trigger(k), target: 'staffing' }]),
    staffing: settling<DecisionContext>([{ when: lapsed, target: 'overtaken' }]),
    standingBy: settling<DecisionContext>([
      { when: lapsed, target: 'overtaken' },
      { when: (_, k) => d.requires(k), target: 'approving' },
    ]),
    // an approved order whose preconditions lapsed does not enter force on its own when they return: it is asked again
    blocked: settling<DecisionContext>([
      { when: lapsed, target: 'overtaken' },
      { when: (c, k) => mayIssue(d, c.approvals, k), target: 'reasked' },
    ]),
    rejected: settling<DecisionContext>([{ when: lapsed, target: 'dormant' }]),
    withdrawn: settling<DecisionContext>([{ when: (_, k) => !d.trigger(k), target: 'dormant' }]),
    active: settling<DecisionContext>([
      { when: (_, k) => standDown?.(k) === true, target: 'reviewing' },
    ]),
  };
}

/** The machine's actions (the engine carries out `ask`, `announce`, `close` and `resume`), guards and drawn delays. */
function decisionSetup(d: DecisionStructure) {
  const review: DrawnDelay | undefined = d.calibration
    ? { stream: `${d.id}.review`, reviewOf: d.id }
    : undefined;
  return setup({
    types: { context: {} as DecisionContext, events: {} as ModelEvent },
    actions: {
      ask: (_, _params: { kind: 'order' | 'diet' }) => {},
      announce: (_, _params: { inForce: boolean }) => {},
      close: (_, _params: { as: 'overtaken' | 'rejected' }) => {},
      resume: () => {},
      learn: assign({ k: ({ event }) => ('k' in event && event.k ? event.k : undefined)! }),
      recordApproval: assign({
        k: ({ event }) => (event as { k: Knowledge }).k,
        approvals: ({ context, event }) =>
          event.type === 'APPROVAL'
            ? { ...context.approvals, [event.org]: true as const }
            : context.approvals,
      }),
      forgetApprovals: assign({ approvals: {} }),
    },
    guards: {
      legal: ({ context }) => mayIssue(d, context.approvals, context.k),
      dietApproved: ({ event }) => event.type === 'DIET' && event.approve,
      dietOnRecord: ({ context }) => d.diet !== undefined && context.approvals[d.diet.org] === true,
      standDown: ({ context }) => d.calibration?.standDown(context.k) === true,
    },
    delays: {
      review: drawnDelay(() => review!),
    },
  });
}

/** In force, the Diet's approval of an order issued before it: the deadline runs until it votes. */
function dietRegion(d: DecisionStructure) {
  if (!d.diet) return undefined;
  const vote = {
    DIET: [
      { guard: 'dietApproved' as const, target: 'approved' },
      { target: `#${d.key}.withdrawn` },
    ],
  };
  return {
    initial: 'checking',
    states: {
      checking: {
        always: [
          { guard: 'dietOnRecord' as const, target: 'approved' },
          { target: 'clockRunning' },
        ],
      },
      clockRunning: {
        entry: { type: 'ask', params: { kind: 'diet' } } as const,
        after: { [d.diet.deadline]: 'overdue' },
        on: vote,
      },
      overdue: { on: vote },
      approved: { meta: { terminal: true } },
    },
  };
}

/** In force, a calibrated operation: it reviews whether to stand down when the ladder drops below. */
function operationRegion(d: DecisionStructure, settles: ReturnType<typeof decisionSettles>) {
  if (!d.calibration) return undefined;
  return {
    initial: 'active',
    states: {
      active: settles.active,
      reviewing: {
        after: {
          review: [
            { guard: 'standDown' as const, target: `#${d.key}.stoodDown` },
            { target: 'active' },
          ],
        },
      },
    },
  };
}

/** Builds the machine of one decision. Built once per scenario and design. */
export function createDecisionMachine(d: DecisionStructure) {
  const settles = decisionSettles(d);
  const enter = { type: 'announce', params: { inForce: true } } as const;
  const leave = [
    { type: 'announce', params: { inForce: false } } as const,
    'forgetApprovals' as const,
  ];
  const staffed = {
    ISSUE: { target: 'issuing', actions: 'learn' as const },
    REJECTED: 'rejected',
    HOLD: 'standingBy',
  };
  const diet = dietRegion(d);
  const operation = operationRegion(d, settles);
  const regions = {
    ...(diet ? { diet } : {}),
    ...(operation ? { operation } : {}),
  };
  return decisionSetup(d).createMachine({
    id: d.key,
    context: { k: null as unknown as Knowledge, approvals: {} },
    initial: 'idle',
    on: { KNOW: { actions: 'learn' }, APPROVAL: { actions: 'recordApproval' } },
    states: {
      idle: {
        on: {
          START: {
            target: d.standing ? 'inForce' : 'dormant',
            actions: ['learn', 'forgetApprovals'],
          },
        },
      },
      dormant: settles.dormant,
      staffing: {
        entry: { type: 'ask', params: { kind: 'order' } },
        on: staffed,
        ...settles.staffing,
      },
      standingBy: settles.standingBy,
      approving: { entry: 'resume', on: staffed, ...settles.staffing },
      issuing: { always: [{ guard: 'legal', target: 'inForce' }, { target: 'blocked' }] },
      blocked: settles.blocked,
      reasked: { entry: 'forgetApprovals', always: 'staffing' },
      overtaken: {
        entry: [{ type: 'close', params: { as: 'overtaken' } }, 'forgetApprovals'],
        always: 'dormant',
      },
      rejected: {
        entry: [{ type: 'close', params: { as: 'rejected' } }, 'forgetApprovals'],
        ...settles.rejected,
      },
      inForce:
        diet || operation
          ? { type: 'parallel', entry: enter, states: regions }
          : { entry: enter, meta: { terminal: true } },
      withdrawn: { entry: leave, ...settles.withdrawn },
      stoodDown: { entry: leave, always: 'dormant' },
    },
  });
}

export type DecisionMachine = ReturnType<typeof createDecisionMachine>;
