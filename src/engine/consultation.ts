/**
 * Bilateral consultation through the design's body: waiting for a triggered mechanism's
 * activation (the alliance learns that it was requested), the body's own processing, a referral
 * to the capitals of what it cannot settle at its level, then the capitals' concurrence (by
 * consensus, in rounds that may stall or break down, or by silence). On a decision of one nation (a
 * U.S. flexible deterrent option, say) the other is consulted, never given a veto: only the deciding
 * nation's concurring office may object. Delegates sitting in the body
 * concur, or settle a referral, in the room instead of by a round trip to their capital.
 */
import type { CompiledConsultation, CompiledDecision } from '../model/compiled.js';
import { ACTIVATION_REQUESTED } from '../scenario/primitives.js';
import type { StaffingContext } from './staffingContext.js';
import { all, sequence, type Task } from './tasks.js';

/** The consultations of one run's staffing. */
export class Consultation {
  private readonly awaitingActivation: Array<() => void> = [];
  private activationRequested = false;

  constructor(private readonly ctx: StaffingContext) {}

  /** The mechanism is active: consultations waiting for its activation go on. */
  activated(): void {
    for (const resume of this.awaitingActivation.splice(0)) resume();
  }

  /** Consultation on `d` under `rule`, from the organisation `from`, in the decision's round `round`. */
  consult(
    rule: CompiledConsultation,
    d: CompiledDecision,
    from: string | undefined,
    stream: string,
    round: number,
  ): Task {
    const { sim, model, travel, knowledge } = this.ctx;
    const mech = model.mechanism;
    return (done) => {
      if (rule.requiresActive && mech.activationDecision && !sim.isInForce(mech.activationDecision))
        return this.awaitActivation(d, rule.via, () =>
          this.consult(rule, d, from, stream, round)(done),
        );
      sim.record('consult', rule.via, d.id, '', 'started', rule.mode);
      const k = knowledge('alliance');
      const concur = rule.concur.map((c) => c.org);
      const restart = () => this.consult(rule, d, from, stream, round)(done);
      const agree: Task = (next) => this.agreement(rule, d, concur, stream, round, restart, next);
      const referral: Task =
        rule.referral && !rule.referral.unless(k)
          ? this.roundTrips(rule.via, this.absent(rule, rule.referral.to), stream, d.id)
          : (next) => next();
      sequence(
        [
          travel(from, rule.via, stream),
          this.ctx.orgs.process(rule.via, stream, d.id),
          referral,
          this.settling(rule, d, concur, agree),
        ],
        () => {
          sim.record('consult', rule.via, d.id, 'started', 'settled', rule.mode);
          done();
        },
      );
    };
  }

  /** The organisations without a delegate in the body now: the others concur, or settle a referral, in the room. */
  private absent(rule: CompiledConsultation, orgIds: readonly string[]): readonly string[] {
    if (rule.members.length === 0) return orgIds;
    const k = this.ctx.knowledge('alliance');
    const present = rule.members.filter((m) => m.when(k));
    return present.length === 0
      ? orgIds
      : orgIds.filter((o) => !present.some((m) => m.orgs.has(o)));
  }

  /** A round trip from a body to each organisation, in parallel. */
  private roundTrips(via: string, orgs: readonly string[], stream: string, decision: string): Task {
    const { travel } = this.ctx;
    const processAt = this.ctx.orgs.process;
    return (done) =>
      all(
        orgs.map(
          (org) => (d: () => void) =>
            sequence(
              [
                travel(via, org, stream),
                processAt(org, stream, decision),
                travel(org, via, stream),
              ],
              d,
            ),
        ),
        done,
      );
  }

  /**
   * Rounds of consultation until both capitals concur: each round is a round trip to each
   * concurring capital, any of which may object and ask for changes; the body then revises the
   * proposal and sends it round again. Objections in `breakdownAfter` rounds in a row break the
   * consensus down: after `retry` the capitals start again (`restart`).
   */
  private agreement(
    rule: CompiledConsultation,
    d: CompiledDecision,
    concur: readonly string[],
    stream: string,
    staffingRound: number,
    restart: () => void,
    agreed: () => void,
    round = 1,
  ): void {
    const { sim, model, roundOf } = this.ctx;
    this.roundTrips(
      rule.via,
      this.absent(rule, concur),
      stream,
      d.id,
    )(() => {
      // a decision closed meanwhile is not consulted on any further
      if (roundOf(d) !== staffingRound) return;
      const consensus = model.mechanism.consensus;
      if (!consensus) return agreed();
      const point = sim.joined(d.id, '.objection');
      // every capital answers, so the stream advances the same however many object; on one nation's
      // decision the other is consulted but cannot hold it up: only the deciding nation's office objects
      let objections = 0;
      for (let i = 0; i < concur.length; i++)
        if (
          sim.uniform(point) < consensus.objectionProbability &&
          (d.side === 'alliance' || rule.concur[i]!.nation === d.side)
        )
          objections++;
      if (objections === 0) return agreed();
      if (round >= consensus.breakdownAfter) {
        sim.record('consult', rule.via, d.id, 'started', 'brokeDown', String(round));
        sim.at(sim.draw(point, consensus.retry), restart);
        return;
      }
      sim.record('consult', rule.via, d.id, 'started', 'objected', String(round));
      sim.at(sim.draw(point, consensus.revision), () =>
        this.agreement(rule, d, concur, stream, staffingRound, restart, agreed, round + 1),
      );
    });
  }

  /** Waits for the mechanism's activation, asking for it the first time any consultation waits. */
  private awaitActivation(d: CompiledDecision, via: string, resume: () => void): void {
    const { sim, model } = this.ctx;
    sim.record('consult', via, d.id, '', 'awaitingActivation', model.mechanism.activationDecision!);
    this.awaitingActivation.push(resume);
    this.requestActivation(d);
  }

  /** Asks for the mechanism's activation (once per run): the alliance learns that it was requested. */
  requestActivation(d: CompiledDecision): void {
    if (this.activationRequested) return;
    const { sim, model } = this.ctx;
    this.activationRequested = true;
    sim.learn(
      'alliance',
      model.knowledge.withFact(sim.picture('alliance'), ACTIVATION_REQUESTED),
      sim.joined('consult:', d.id),
    );
  }

  /** The capitals settle the proposal: by silence unless one breaks it, else by agreement. */
  private settling(
    rule: CompiledConsultation,
    d: CompiledDecision,
    concur: readonly string[],
    agree: Task,
  ): Task {
    const { sim } = this.ctx;
    return (next) => {
      if (rule.mode === 'silence' && rule.silence) {
        const { window, breakProbability } = rule.silence;
        const broken =
          concur.filter(() => sim.uniform(sim.joined(d.id, '.silence')) < breakProbability).length >
          0;
        sim.at(window, () => (broken ? agree(next) : next()));
        return;
      }
      agree(next);
    };
  }
}
