/**
 * The steps of a national chain, one organisation after another, each reached over its link. An
 * approval step is recorded by the decision; a step's fast path serves it if its case holds when
 * the step begins. An approving body reached before the order's legal precondition holds
 * convenes at once, in anticipation, and stands by until the precondition holds.
 */
import { fastPathFor, type CompiledDecision, type CompiledStep } from '../model/compiled.js';
import type { FastPath } from './organisations.js';
import type { StaffingContext } from './staffingContext.js';
import { sequence, type Task } from './tasks.js';

/** The chain steps of one run's staffing. */
export class ChainSteps {
  /**
   * Approving bodies standing by for a decision's precondition (one per national chain): what each
   * does when it holds.
   */
  private readonly standingBy = new Map<string, Array<() => void>>();

  constructor(private readonly ctx: StaffingContext) {}

  /** The steps in order from `from` (undefined: the chain's own start), in the decision's round `round`. */
  run(
    d: CompiledDecision,
    steps: readonly CompiledStep[],
    from: string | undefined,
    stream: string,
    round: number,
  ): Task {
    let prev = from;
    return sequence.bind(
      null,
      steps.map((s) => {
        const hop = this.ctx.travel(prev, s.org, stream);
        prev = s.org;
        return this.step(d, s, hop, stream, round);
      }),
    );
  }

  /** The decision's precondition holds: the bodies standing by for it approve once convened. */
  release(d: CompiledDecision): void {
    const releases = this.standingBy.get(d.id);
    this.standingBy.delete(d.id);
    if (releases) for (const release of releases) release();
  }

  /** The decision closed: nothing stands by for it any more. */
  drop(d: CompiledDecision): void {
    this.standingBy.delete(d.id);
  }

  /** One step, reached from the organisation before it. */
  private step(
    d: CompiledDecision,
    s: CompiledStep,
    hop: Task,
    stream: string,
    round: number,
  ): Task {
    const { sim, orgs, knowledge, roundOf } = this.ctx;
    return (done) =>
      hop(() => {
        const k = knowledge(d.side);
        const approved = () => {
          if (roundOf(d) !== round) return;
          if (s.approval) sim.tell(d, { type: 'APPROVAL', org: s.org }, sim.joined('step:', s.org));
          done();
        };
        if (s.approval && d.anticipates && !d.requires(k))
          return this.standBy(d, s, stream, approved);
        // a fast path serves the step if its case holds when the step begins, not when staffing began
        orgs.process(s.org, stream, d.id, fastPathFor(s, k))(approved);
      });
  }

  /**
   * An approval step reached before the order's precondition holds: the body convenes at once, in
   * anticipation, and approves when both are done: convened, and the precondition known to hold.
   * If the body is still convening when the precondition arrives and the step's fast path now
   * applies (the case has become urgent), the faster procedure may finish it sooner.
   */
  private standBy(
    d: CompiledDecision,
    s: CompiledStep,
    stream: string,
    approved: () => void,
  ): void {
    const { sim, orgs, knowledge } = this.ctx;
    let convened = false;
    let released = false;
    let hurry: ((by: FastPath) => void) | undefined;
    const finish = () => convened && released && approved();
    let waiting = this.standingBy.get(d.id);
    if (!waiting) this.standingBy.set(d.id, (waiting = []));
    waiting.push(() => {
      released = true;
      const fast = fastPathFor(s, knowledge(d.side));
      if (!convened && hurry && fast) hurry(fast);
      finish();
    });
    sim.deliver(d.id, { type: 'HOLD' }, sim.joined('standby:', s.org));
    orgs.process(s.org, stream, d.id, undefined, (h) => {
      hurry = h;
    })(() => {
      convened = true;
      finish();
    });
  }
}
