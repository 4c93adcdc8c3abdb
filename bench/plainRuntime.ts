/**
 * The reference model as plain TypeScript reducers, with no xstate: the same states, the same
 * actions in the same order, the same timers. Plugged into the engine in place of the xstate
 * runtime it produces byte-identical traces (the benchmark checks every hash), so the ratio of the
 * two costs is what xstate costs this engine. Used only by `npm run bench`; `test/plain.test.ts` checks it against the machines.
 */
import type { CompiledDecision, Model } from '../src/model/compile.js';
import { decisionSettles, mayIssue } from '../src/model/decision.js';
import { SITUATIONS, type Side } from '../src/scenario/schema.js';
import { SIDES } from '../src/scenario/primitives.js';
import type { Knowledge } from '../src/model/knowledge.js';
import type { ModelEvent } from '../src/model/types.js';
import {
  LEGAL_PREFIX,
  drawnRaise,
  type ActorRuntime,
  type ActorSnapshot,
  type ExecutableAction,
  type Runtimes,
} from '../src/engine/runtime.js';

type Meta = Record<string, unknown>;
const NO_META: Meta = {};

function snap(value: unknown, context: any, meta: Meta = NO_META): ActorSnapshot {
  return { value, context, getMeta: () => meta };
}

const raise = (id: string, delay: number): ExecutableAction => ({
  type: 'xstate.raise',
  params: { event: { type: id }, delay, id },
});
const cancel = (id: string): ExecutableAction => ({
  type: 'xstate.cancel',
  params: { sendId: id },
});

interface DecisionState {
  main:
    | 'idle'
    | 'dormant'
    | 'staffing'
    | 'standingBy'
    | 'approving'
    | 'blocked'
    | 'inForce'
    | 'withdrawn'
    | 'rejected';
  diet?: 'checking' | 'clockRunning' | 'overdue' | 'approved';
  op?: 'active' | 'reviewing';
  k: Knowledge;
  approvals: Record<string, true>;
}

function decisionRuntime(d: CompiledDecision): ActorRuntime {
  const deadlineId = d.diet
    ? `xstate.after.${d.diet.deadline}.${d.key}.inForce.diet.clockRunning`
    : '';
  const reviewId = `xstate.after.review.${d.key}.inForce.operation.reviewing`;
  const review = d.calibration
    ? { stream: `${d.id}.review`, sampler: d.calibration.review }
    : undefined;
  const compound = d.diet !== undefined || d.calibration !== undefined;
  const settles = decisionSettles(d);
  const wakes: Record<
    | 'dormant'
    | 'staffing'
    | 'standingBy'
    | 'approving'
    | 'blocked'
    | 'withdrawn'
    | 'rejected'
    | 'active',
    Meta
  > = {
    dormant: { w: settles.dormant.meta },
    staffing: { w: settles.staffing.meta },
    standingBy: { w: settles.standingBy.meta },
    approving: { w: settles.staffing.meta },
    rejected: { w: settles.rejected.meta },
    blocked: { w: settles.blocked.meta },
    withdrawn: { w: settles.withdrawn.meta },
    active: { w: settles.active.meta },
  };
  const toSnapshot = (s: DecisionState): ActorSnapshot => {
    let value: unknown = s.main;
    let meta: Meta = NO_META;
    if (s.main === 'inForce') {
      if (compound) {
        const inner: Record<string, string> = {};
        if (s.diet) inner.diet = s.diet;
        if (s.op) inner.operation = s.op;
        value = { inForce: inner };
        if (s.op === 'active') meta = wakes.active;
      }
    } else if (s.main !== 'idle') meta = wakes[s.main];
    return snap(value, s, meta);
  };
  const enterInForce = (s: DecisionState, out: ExecutableAction[]) => {
    s.main = 'inForce';
    out.push({ type: 'announce', params: { inForce: true } });
    if (d.diet) s.diet = 'checking';
    if (d.calibration) s.op = 'active';
  };
  const exitInForce = (s: DecisionState, out: ExecutableAction[]) => {
    if (s.op === 'reviewing') out.push(cancel(reviewId));
    if (s.diet === 'clockRunning') out.push(cancel(deadlineId));
    delete s.op;
    delete s.diet;
  };
  const leave = (s: DecisionState, out: ExecutableAction[], to: 'withdrawn' | 'dormant') => {
    exitInForce(s, out);
    out.push({ type: 'announce', params: { inForce: false } });
    s.approvals = {};
    s.main = to;
  };
  const close = (s: DecisionState, out: ExecutableAction[], as: 'overtaken' | 'rejected') => {
    out.push({ type: 'close', params: { as } });
    s.approvals = {};
    s.main = as === 'overtaken' ? 'dormant' : 'rejected';
  };
  const settle = (s: DecisionState, out: ExecutableAction[]) => {
    for (let changed = true; changed;) {
      changed = false;
      if (
        (s.main === 'staffing' ||
          s.main === 'approving' ||
          s.main === 'standingBy' ||
          s.main === 'blocked') &&
        !d.trigger(s.k)
      ) {
        close(s, out, 'overtaken');
        changed = true;
      } else if (s.main === 'standingBy' && d.requires(s.k)) {
        s.main = 'approving';
        out.push({ type: 'resume', params: {} });
        changed = true;
      } else if (s.main === 'rejected' && !d.trigger(s.k)) {
        s.main = 'dormant';
        changed = true;
      } else if (s.main === 'dormant' && d.trigger(s.k)) {
        s.main = 'staffing';
        out.push({ type: 'ask', params: { kind: 'order' } });
        changed = true;
      } else if (s.main === 'blocked' && mayIssue(d, s.approvals, s.k)) {
        s.approvals = {};
        s.main = 'staffing';
        out.push({ type: 'ask', params: { kind: 'order' } });
        changed = true;
      } else if (s.main === 'withdrawn' && !d.trigger(s.k)) {
        s.main = 'dormant';
        changed = true;
      } else if (s.main === 'inForce') {
        if (s.diet === 'checking') {
          if (s.approvals[d.diet!.org]) s.diet = 'approved';
          else {
            s.diet = 'clockRunning';
            out.push(
              { type: 'ask', params: { kind: 'diet' } },
              raise(deadlineId, d.diet!.deadline),
            );
          }
          changed = true;
        }
        if (s.op === 'active' && d.calibration!.standDown(s.k)) {
          s.op = 'reviewing';
          out.push(drawnRaise({ event: { type: reviewId }, id: reviewId }, review!));
          changed = true;
        }
      }
    }
  };
  const initial: DecisionState = { main: 'idle', k: null as unknown as Knowledge, approvals: {} };
  return {
    initial: toSnapshot(initial),
    transition(snapshot, event, out) {
      const s: DecisionState = { ...(snapshot.context as DecisionState) };
      switch (event.type) {
        case 'START':
          if (s.main !== 'idle') return snapshot;
          s.k = event.k!;
          s.approvals = {};
          if (d.standing) enterInForce(s, out);
          else s.main = 'dormant';
          break;
        case 'KNOW':
          s.k = event.k;
          break;
        case 'APPROVAL':
          s.k = event.k;
          s.approvals = { ...s.approvals, [event.org]: true };
          break;
        case 'HOLD':
          if (s.main !== 'staffing' && s.main !== 'approving') return snapshot;
          s.main = 'standingBy';
          break;
        case 'ISSUE':
          if (s.main !== 'staffing' && s.main !== 'approving') return snapshot;
          s.k = event.k;
          if (mayIssue(d, s.approvals, s.k)) enterInForce(s, out);
          else s.main = 'blocked';
          break;
        case 'REJECTED':
          if (s.main !== 'staffing' && s.main !== 'approving') return snapshot;
          close(s, out, 'rejected');
          break;
        case 'DIET':
          if (s.diet !== 'clockRunning' && s.diet !== 'overdue') return snapshot;
          if (event.approve) {
            if (s.diet === 'clockRunning') out.push(cancel(deadlineId));
            s.diet = 'approved';
          } else leave(s, out, 'withdrawn');
          break;
        default:
          if (event.type === deadlineId && s.diet === 'clockRunning') {
            out.push(cancel(deadlineId));
            s.diet = 'overdue';
          } else if (event.type === reviewId && s.op === 'reviewing') {
            if (d.calibration!.standDown(s.k)) leave(s, out, 'dormant');
            else {
              out.push(cancel(reviewId));
              s.op = 'active';
            }
          } else return snapshot;
      }
      settle(s, out);
      return toSnapshot(s);
    },
  };
}

/** Regions of a legal posture as reducers: `step` reacts to an event, `settle` to knowledge. */
interface LegalRegions {
  initial(): Record<string, string>;
  step(r: Record<string, string>, k: Knowledge, event: ModelEvent): void;
  settle(r: Record<string, string>, k: Knowledge): void;
}

const japanLegal: LegalRegions = {
  initial: () => ({ recognition: 'normal', authority: 'lawEnforcement', engagement: 'none' }),
  step(r, k, e) {
    if (e.type !== 'HOSTILE_ACT' || e.against !== 'japan') return;
    r.engagement = k.powers.useOfForce
      ? 'useOfForce'
      : k.powers.policing
        ? 'policeWeaponsUse'
        : 'coastGuardResponse';
  },
  settle(r, k) {
    const level = SITUATIONS.indexOf(r.recognition as (typeof SITUATIONS)[number]);
    if (k.recognised > level) r.recognition = SITUATIONS[k.recognised]!;
    r.authority = k.powers.useOfForce
      ? 'defense'
      : k.powers.policing
        ? 'policing'
        : 'lawEnforcement';
  },
};

const unitedStatesLegal: LegalRegions = {
  initial: () => ({ unitSelfDefense: 'ready', alliedDefense: 'notAuthorised' }),
  step(r, _k, e) {
    if (e.type !== 'HOSTILE_ACT') return;
    if (e.against === 'unitedStates') r.unitSelfDefense = 'engaged';
    if (e.against === 'japan' && r.alliedDefense !== 'notAuthorised')
      r.alliedDefense = 'defendingAllies';
  },
  settle(r, k) {
    const authorised = k.powers.collectiveDefense === true;
    if (!authorised) r.alliedDefense = 'notAuthorised';
    else if (r.alliedDefense === 'notAuthorised') r.alliedDefense = 'authorised';
  },
};

function allianceLegal(activation?: string, integration?: string): LegalRegions {
  return {
    initial: () => ({
      activation: activation ? 'inactive' : 'standing',
      ...(integration ? { command: 'national' } : {}),
    }),
    step() {},
    settle(r, k) {
      if (activation) r.activation = k.decided[activation] ? 'active' : 'inactive';
      if (integration) r.command = k.decided[integration] ? 'integrated' : 'national';
    },
  };
}

/** News wakes a legal posture when settling with it would move a region. */
function legalWake(regions: LegalRegions) {
  return (c: { k: Knowledge; r: Record<string, string> }, k: Knowledge): boolean => {
    const r = { ...c.r };
    regions.settle(r, k);
    for (const region in r) if (r[region] !== c.r[region]) return true;
    return false;
  };
}

function legalRuntime(regions: LegalRegions): ActorRuntime {
  const meta = { w: { wake: legalWake(regions) } };
  const build = (r: Record<string, string>, k: Knowledge) => snap({ running: r }, { k, r }, meta);
  return {
    initial: snap('idle', { k: null }),
    transition(snapshot, event, _out) {
      if (snapshot.value === 'idle') {
        if (event.type !== 'START') return snapshot;
        const r = regions.initial();
        regions.settle(r, event.k!);
        return build(r, event.k!);
      }
      const r = { ...(snapshot.value as { running: Record<string, string> }).running };
      let k = (snapshot.context as { k: Knowledge }).k;
      if (event.type === 'KNOW') k = event.k;
      else if (event.type === 'HOSTILE_ACT') regions.step(r, k, event);
      else return snapshot;
      regions.settle(r, k);
      return build(r, k);
    },
  };
}

function ladderRuntime(model: Model): ActorRuntime {
  const rungs = model.scenario.ladder.rungs.map((r) => r.id);
  const start = model.rungIndex.get(model.scenario.ladder.start)!;
  const at = (i: number, out: ExecutableAction[]) => {
    out.push({ type: 'report', params: { rung: i } });
    return snap(rungs[i], undefined);
  };
  return {
    initial: snap('idle', undefined),
    transition(snapshot, event, out) {
      if (snapshot.value === 'idle') return event.type === 'START' ? at(start, out) : snapshot;
      const i = model.rungIndex.get(snapshot.value as string)!;
      return event.type === 'MOVE' && Math.abs(event.to - i) === 1 ? at(event.to, out) : snapshot;
    },
  };
}

function adversaryRuntime(model: Model): ActorRuntime {
  const dwellId = 'xstate.after.dwell.adversary.dwelling';
  const dwell = model.adversary.rungs.map((r) => ({ stream: 'adversary.dwell', sampler: r.dwell }));
  const dwelling = (rung: number, out: ExecutableAction[]) => {
    out.push(drawnRaise({ event: { type: dwellId }, id: dwellId }, dwell[rung]!));
    return snap('dwelling', { rung });
  };
  return {
    initial: snap('idle', { rung: model.rungIndex.get(model.scenario.ladder.start)! }),
    transition(snapshot, event, out) {
      const { rung } = snapshot.context as { rung: number };
      if (snapshot.value === 'idle') return event.type === 'START' ? dwelling(rung, out) : snapshot;
      if (snapshot.value === 'dwelling' && (event.type as string) === dwellId) {
        out.push(cancel(dwellId), { type: 'choose' });
        return snap('choosing', { rung });
      }
      if (
        snapshot.value !== 'idle' &&
        event.type === 'CHOSEN' &&
        Math.abs(event.to - rung) <= 1 &&
        event.to >= 0 &&
        event.to < dwell.length
      ) {
        // a move made while dwelling (a live game's inject) ends the dwell first
        if (snapshot.value === 'dwelling') out.push(cancel(dwellId));
        out.push({ type: 'move', params: { to: event.to } });
        return dwelling(event.to, out);
      }
      return snapshot;
    },
  };
}

/** The model's actors as plain reducers (see the module comment). */
export function plainRuntimes(model: Model): Runtimes {
  const m = model.mechanism;
  const legal: Record<Side, LegalRegions> = {
    japan: japanLegal,
    unitedStates: unitedStatesLegal,
    alliance: allianceLegal(m.activationDecision, m.integration?.decision),
  };
  return new Map<string, ActorRuntime>([
    ['ladder', ladderRuntime(model)],
    ['adversary', adversaryRuntime(model)],
    ...model.decisions.map((d): [string, ActorRuntime] => [d.id, decisionRuntime(d)]),
    ...SIDES.map((side): [string, ActorRuntime] => [
      LEGAL_PREFIX + side,
      legalRuntime(legal[side]),
    ]),
  ]);
}
