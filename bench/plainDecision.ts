/**
 * One decision of the reference model as a plain reducer (see plainRuntime.ts): the states,
 * actions and timers of `createDecisionMachine`, written by hand.
 */
import type { CompiledDecision } from '../src/model/compile.js';
import { decisionSettles, mayIssue } from '../src/model/decision.js';
import type { Knowledge } from '../src/model/knowledge.js';
import type { ModelEvent } from '../src/model/types.js';
import { drawnRaise } from '../src/engine/runtime.js';
import type { ActorRuntime, ActorSnapshot, ExecutableAction } from '../src/engine/actor.js';
import { cancel, NO_META, raise, snap, type Meta } from './plainActions.js';

type Waiting = 'dormant' | 'staffing' | 'standingBy' | 'approving' | 'blocked';
type Closed = 'withdrawn' | 'rejected';

interface DecisionState {
  main: 'idle' | Waiting | Closed | 'inForce';
  diet?: 'checking' | 'clockRunning' | 'overdue' | 'approved';
  op?: 'active' | 'reviewing';
  k: Knowledge;
  approvals: Record<string, true>;
}

/** Whether the decision is being worked (asked, staffed, awaiting approval or blocked). */
function inProgress(s: DecisionState): boolean {
  return (
    s.main === 'staffing' ||
    s.main === 'approving' ||
    s.main === 'standingBy' ||
    s.main === 'blocked'
  );
}

/** The reducer of one decision; {@link PlainDecision.runtime} plugs it into the engine. */
class PlainDecision {
  private readonly deadlineId: string;
  private readonly reviewId: string;
  private readonly compound: boolean;
  private readonly wakes: Record<Waiting | Closed | 'active', Meta>;

  constructor(private readonly d: CompiledDecision) {
    this.deadlineId = d.diet
      ? `xstate.after.${d.diet.deadline}.${d.key}.inForce.diet.clockRunning`
      : '';
    this.reviewId = `xstate.after.review.${d.key}.inForce.operation.reviewing`;
    this.compound = d.diet !== undefined || d.calibration !== undefined;
    const settles = decisionSettles(d);
    this.wakes = {
      dormant: { w: settles.dormant.meta },
      staffing: { w: settles.staffing.meta },
      standingBy: { w: settles.standingBy.meta },
      approving: { w: settles.staffing.meta },
      rejected: { w: settles.rejected.meta },
      blocked: { w: settles.blocked.meta },
      withdrawn: { w: settles.withdrawn.meta },
      active: { w: settles.active.meta },
    };
  }

  runtime(): ActorRuntime {
    const initial: DecisionState = { main: 'idle', k: null as unknown as Knowledge, approvals: {} };
    return {
      initial: this.toSnapshot(initial),
      transition: (snapshot, event, out) => {
        const s: DecisionState = { ...(snapshot.context as DecisionState) };
        if (!this.step(s, event as ModelEvent, out)) return snapshot;
        this.settle(s, out);
        return this.toSnapshot(s);
      },
    };
  }

  private toSnapshot(s: DecisionState): ActorSnapshot {
    let value: unknown = s.main;
    let meta: Meta = NO_META;
    if (s.main === 'inForce') {
      if (this.compound) {
        const inner: Record<string, string> = {};
        if (s.diet) inner.diet = s.diet;
        if (s.op) inner.operation = s.op;
        value = { inForce: inner };
        if (s.op === 'active') meta = this.wakes.active;
      }
    } else if (s.main !== 'idle') meta = this.wakes[s.main];
    return snap(value, s, meta);
  }

  /** Applies `event` to `s`; false where the event changes nothing (the snapshot is kept). */
  private step(s: DecisionState, event: ModelEvent, out: ExecutableAction[]): boolean {
    const working = s.main === 'staffing' || s.main === 'approving';
    switch (event.type) {
      case 'START':
        if (s.main !== 'idle') return false;
        s.k = event.k!;
        s.approvals = {};
        if (this.d.standing) this.enterInForce(s, out);
        else s.main = 'dormant';
        return true;
      case 'KNOW':
        s.k = event.k;
        return true;
      case 'APPROVAL':
        s.k = event.k;
        s.approvals = { ...s.approvals, [event.org]: true };
        return true;
      case 'HOLD':
        if (!working) return false;
        s.main = 'standingBy';
        return true;
      case 'ISSUE':
        if (!working) return false;
        s.k = event.k;
        if (mayIssue(this.d, s.approvals, s.k)) this.enterInForce(s, out);
        else s.main = 'blocked';
        return true;
      case 'REJECTED':
        if (!working) return false;
        this.close(s, out, 'rejected');
        return true;
      case 'DIET':
        return this.dietAnswer(s, event.approve, out);
      default:
        return this.timer(s, event.type, out);
    }
  }

  private dietAnswer(s: DecisionState, approve: boolean, out: ExecutableAction[]): boolean {
    if (s.diet !== 'clockRunning' && s.diet !== 'overdue') return false;
    if (approve) {
      if (s.diet === 'clockRunning') out.push(cancel(this.deadlineId));
      s.diet = 'approved';
    } else this.leave(s, out, 'withdrawn');
    return true;
  }

  private timer(s: DecisionState, type: string, out: ExecutableAction[]): boolean {
    if (type === this.deadlineId && s.diet === 'clockRunning') {
      out.push(cancel(this.deadlineId));
      s.diet = 'overdue';
      return true;
    }
    if (type === this.reviewId && s.op === 'reviewing') {
      if (this.d.calibration!.standDown(s.k)) this.leave(s, out, 'dormant');
      else {
        out.push(cancel(this.reviewId));
        s.op = 'active';
      }
      return true;
    }
    return false;
  }

  private enterInForce(s: DecisionState, out: ExecutableAction[]): void {
    s.main = 'inForce';
    out.push({ type: 'announce', params: { inForce: true } });
    if (this.d.diet) s.diet = 'checking';
    if (this.d.calibration) s.op = 'active';
  }

  private leave(s: DecisionState, out: ExecutableAction[], to: 'withdrawn' | 'dormant'): void {
    if (s.op === 'reviewing') out.push(cancel(this.reviewId));
    if (s.diet === 'clockRunning') out.push(cancel(this.deadlineId));
    delete s.op;
    delete s.diet;
    out.push({ type: 'announce', params: { inForce: false } });
    s.approvals = {};
    s.main = to;
  }

  private close(s: DecisionState, out: ExecutableAction[], as: 'overtaken' | 'rejected'): void {
    out.push({ type: 'close', params: { as } });
    s.approvals = {};
    s.main = as === 'overtaken' ? 'dormant' : 'rejected';
  }

  /** Takes the eventless transitions knowledge allows until none is left. */
  private settle(s: DecisionState, out: ExecutableAction[]): void {
    while (s.main === 'inForce' ? this.settleInForce(s, out) : this.settleOutside(s, out));
  }

  private settleOutside(s: DecisionState, out: ExecutableAction[]): boolean {
    const d = this.d;
    if (inProgress(s) && !d.trigger(s.k)) this.close(s, out, 'overtaken');
    else if (s.main === 'standingBy' && d.requires(s.k)) {
      s.main = 'approving';
      out.push({ type: 'resume', params: {} });
    } else if ((s.main === 'rejected' || s.main === 'withdrawn') && !d.trigger(s.k))
      s.main = 'dormant';
    else if (s.main === 'dormant' && d.trigger(s.k)) {
      s.main = 'staffing';
      out.push({ type: 'ask', params: { kind: 'order' } });
    } else if (s.main === 'blocked' && mayIssue(d, s.approvals, s.k)) {
      s.approvals = {};
      s.main = 'staffing';
      out.push({ type: 'ask', params: { kind: 'order' } });
    } else return false;
    return true;
  }

  private settleInForce(s: DecisionState, out: ExecutableAction[]): boolean {
    let changed = false;
    if (s.diet === 'checking') {
      if (s.approvals[this.d.diet!.org]) s.diet = 'approved';
      else {
        s.diet = 'clockRunning';
        out.push(
          { type: 'ask', params: { kind: 'diet' } },
          raise(this.deadlineId, this.d.diet!.deadline),
        );
      }
      changed = true;
    }
    if (s.op === 'active' && this.d.calibration!.standDown(s.k)) {
      s.op = 'reviewing';
      const review = { stream: `${this.d.id}.review`, reviewOf: this.d.id };
      out.push(drawnRaise({ event: { type: this.reviewId }, id: this.reviewId }, review));
      changed = true;
    }
    return changed;
  }
}

/** The plain reducer of decision `d`, in place of its xstate machine. */
export function decisionRuntime(d: CompiledDecision): ActorRuntime {
  return new PlainDecision(d).runtime();
}
