/**
 * Staffing: how a decision travels through organisations before it is answered. It runs the
 * route the scenario and the C2 design give it: national chains in parallel, the design's
 * bilateral consultation (waiting for a triggered mechanism's activation) or its integrated
 * command (with each nation's guidance), the Diet when its approval must come first, the approval
 * steps, then the decider. Organisations and their queues are `organisations.ts`.
 */
import type {
  CompiledConsultation,
  CompiledDecision,
  CompiledStep,
  Model,
} from '../model/compile.js';
import type { Knowledge } from '../model/knowledge.js';
import { dietMayFollow } from '../model/decision.js';
import type { Simulation } from './simulation.js';
import { ACTIVATION_REQUESTED } from '../scenario/schema.js';
import { NATIONS } from '../scenario/primitives.js';
import {
  createOrganisations,
  type FastPath,
  type OrganisationChange,
  type Task,
} from './organisations.js';

/** What staffing needs of the run it serves. */
export type StaffingHost = Pick<
  Simulation,
  | 'model'
  | 'now'
  | 'at'
  | 'draw'
  | 'uniform'
  | 'joined'
  | 'record'
  | 'picture'
  | 'learn'
  | 'tell'
  | 'deliver'
  | 'isInForce'
  | 'ask'
>;

export interface Staffing {
  /** Starts staffing an order, or the Diet's deliberation on one already issued. */
  start(decision: CompiledDecision, kind: 'order' | 'diet'): void;
  /** Told when a decision enters or leaves force (activation releases waiting consultations). */
  decisionChanged(decision: string, inForce: boolean): void;
  /** Drops the staffing of a decision closed before it was issued: nothing in flight answers for it any more. */
  close(decision: CompiledDecision): void;
  /** The precondition of a decision whose approving body stands by now holds: the body approves once convened. */
  resume(decision: CompiledDecision): void;
  /** Changes an organisation's capacity or processing time from now on. */
  adjust(orgId: string, change: OrganisationChange): void;
}

const APPROVE_OR_DEFER: readonly string[] = ['approve', 'defer'];
const APPROVE_OR_REJECT: readonly string[] = ['approve', 'reject'];

type Question = Parameters<StaffingHost['ask']>[0];
const questions = new WeakMap<Model, Map<string, Question>>();

/** The questions a model's decisions ask, made once: whether to approve an order, and the Diet's vote on it. */
function questionOf(model: Model, d: CompiledDecision, diet = false): Question {
  let byId = questions.get(model);
  if (!byId) questions.set(model, (byId = new Map()));
  const key = diet ? `${d.id}.diet` : d.id;
  let question = byId.get(key);
  if (!question) {
    question = diet
      ? {
          kind: 'diet',
          decision: key,
          owner: d.diet!.org,
          side: d.side,
          options: APPROVE_OR_REJECT,
        }
      : { kind: 'approve', decision: key, owner: d.id, side: d.side, options: APPROVE_OR_DEFER };
    byId.set(key, question);
  }
  return question;
}

/** Runs tasks in parallel and calls `done` once when all have finished. */
function all(tasks: readonly Task[], done: () => void): void {
  let left = tasks.length;
  if (left === 0) return done();
  for (const task of tasks)
    task(() => {
      if (--left === 0) done();
    });
}

/** Runs tasks one after another. */
function sequence(tasks: readonly Task[], done: () => void): void {
  const next = (i: number): void => (i === tasks.length ? done() : tasks[i]!(() => next(i + 1)));
  next(0);
}

export function createStaffing(sim: StaffingHost): Staffing {
  const model: Model = sim.model;
  const mech = model.mechanism;
  const orgs = createOrganisations(sim);
  const awaitingActivation: Array<() => void> = [];
  let activationRequested = false;

  const knowledge = (side: 'japan' | 'unitedStates' | 'alliance'): Knowledge => sim.picture(side);

  function travel(from: string | undefined, to: string, stream: string): Task {
    return (done) => {
      if (from === undefined || from === to) return done();
      sim.at(sim.draw(stream, model.link(from, to)), done);
    };
  }

  const processAt = orgs.process;

  /** Approving bodies standing by for a decision's precondition (one per national chain): what each does when it holds. */
  const standingBy = new Map<string, Array<() => void>>();

  /**
   * An approval step reached before the order's precondition holds: the body convenes at once, in
   * anticipation, and approves when both are done: convened, and the precondition known to hold.
   * If the body is still convening when the precondition arrives and the step's fast path now
   * applies (the case has become urgent), the faster procedure may finish it sooner.
   */
  function standBy(
    d: CompiledDecision,
    s: CompiledStep,
    stream: string,
    approved: () => void,
  ): void {
    let convened = false;
    let released = false;
    let hurry: ((by: FastPath) => void) | undefined;
    const finish = () => convened && released && approved();
    let waiting = standingBy.get(d.id);
    if (!waiting) standingBy.set(d.id, (waiting = []));
    waiting.push(() => {
      released = true;
      if (!convened && hurry && s.fastPath?.when(knowledge(d.side))) hurry(s.fastPath);
      finish();
    });
    sim.deliver(d.id, { type: 'HOLD' }, sim.joined('standby:', s.org));
    processAt(s.org, stream, d.id, undefined, (h) => {
      hurry = h;
    })(() => {
      convened = true;
      finish();
    });
  }

  /** The staffing round of each decision: a closed decision's round ends, and what was in flight for it is dropped. */
  const rounds = new Map<string, number>();
  const roundOf = (d: CompiledDecision) => rounds.get(d.id) ?? 0;

  function runSteps(
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
        const hop = travel(prev, s.org, stream);
        prev = s.org;
        return (done: () => void) =>
          hop(() => {
            const k = knowledge(d.side);
            const approved = () => {
              if (roundOf(d) !== round) return;
              if (s.approval)
                sim.tell(d, { type: 'APPROVAL', org: s.org }, sim.joined('step:', s.org));
              done();
            };
            if (s.approval && d.anticipates && !d.requires(k))
              return standBy(d, s, stream, approved);
            // a fast path serves the step if its case holds when the step begins, not when staffing began
            processAt(
              s.org,
              stream,
              d.id,
              s.fastPath && s.fastPath.when(k) ? s.fastPath : undefined,
            )(approved);
          });
      }),
    );
  }

  /** The organisations without a delegate in the body now: the others concur, or settle a referral, in the room. */
  function absent(rule: CompiledConsultation, orgIds: readonly string[]): readonly string[] {
    if (rule.members.length === 0) return orgIds;
    const k = knowledge('alliance');
    const present = rule.members.filter((m) => m.when(k));
    return present.length === 0
      ? orgIds
      : orgIds.filter((o) => !present.some((m) => m.orgs.has(o)));
  }

  /** A round trip from a body to each organisation, in parallel. */
  function roundTrips(
    via: string,
    orgs: readonly string[],
    stream: string,
    decision: string,
  ): Task {
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
  function agreement(
    rule: CompiledConsultation,
    d: CompiledDecision,
    concur: readonly string[],
    stream: string,
    staffingRound: number,
    restart: () => void,
    agreed: () => void,
    round = 1,
  ): void {
    roundTrips(
      rule.via,
      absent(rule, concur),
      stream,
      d.id,
    )(() => {
      // a decision closed meanwhile is not consulted on any further
      if (roundOf(d) !== staffingRound) return;
      const consensus = mech.consensus;
      if (!consensus) return agreed();
      const point = sim.joined(d.id, '.objection');
      // every capital answers, so the stream advances the same however many object
      let objections = 0;
      for (let i = 0; i < concur.length; i++)
        if (sim.uniform(point) < consensus.objectionProbability) objections++;
      if (objections === 0) return agreed();
      if (round >= consensus.breakdownAfter) {
        sim.record('consult', rule.via, d.id, 'started', 'brokeDown', String(round));
        sim.at(sim.draw(point, consensus.retry), restart);
        return;
      }
      sim.record('consult', rule.via, d.id, 'started', 'objected', String(round));
      sim.at(sim.draw(point, consensus.revision), () =>
        agreement(rule, d, concur, stream, staffingRound, restart, agreed, round + 1),
      );
    });
  }

  function consult(
    rule: CompiledConsultation,
    d: CompiledDecision,
    from: string | undefined,
    stream: string,
    round: number,
  ): Task {
    return (done) => {
      if (
        rule.requiresActive &&
        mech.activationDecision &&
        !sim.isInForce(mech.activationDecision)
      ) {
        sim.record('consult', rule.via, d.id, '', 'awaitingActivation', mech.activationDecision);
        awaitingActivation.push(() => consult(rule, d, from, stream, round)(done));
        if (!activationRequested) {
          activationRequested = true;
          sim.learn(
            'alliance',
            model.knowledge.withFact(sim.picture('alliance'), ACTIVATION_REQUESTED),
            sim.joined('consult:', d.id),
          );
        }
        return;
      }
      sim.record('consult', rule.via, d.id, '', 'started', rule.mode);
      const k = knowledge('alliance');
      const concur = rule.concur.map((c) => c.org);
      const agree = (next: () => void) =>
        agreement(
          rule,
          d,
          concur,
          stream,
          round,
          () => consult(rule, d, from, stream, round)(done),
          next,
        );
      const settle: Task = (next) => {
        if (rule.mode === 'silence' && rule.silence) {
          const { window, breakProbability } = rule.silence;
          const broken =
            concur.filter(() => sim.uniform(sim.joined(d.id, '.silence')) < breakProbability)
              .length > 0;
          sim.at(window, () => (broken ? agree(next) : next()));
          return;
        }
        agree(next);
      };
      const referral: Task =
        rule.referral && !rule.referral.unless(k)
          ? roundTrips(rule.via, absent(rule, rule.referral.to), stream, d.id)
          : (next) => next();
      sequence(
        [travel(from, rule.via, stream), processAt(rule.via, stream, d.id), referral, settle],
        () => {
          sim.record('consult', rule.via, d.id, 'started', 'settled', rule.mode);
          done();
        },
      );
    };
  }

  function decide(d: CompiledDecision, round: number): void {
    if (roundOf(d) !== round) return;
    sim.ask(
      questionOf(model, d),
      () =>
        sim.uniform(sim.joined(d.id, '.approve')) < d.approveProbability(knowledge(d.side))
          ? 'approve'
          : 'defer',
      (answer) => {
        if (answer === 'approve') sim.tell(d, { type: 'ISSUE' }, 'decider:approve');
        else
          sim.at(sim.draw(sim.joined(d.id, '.reconsider'), d.reconsider), () => decide(d, round));
      },
    );
  }

  /** The Diet deliberates, then votes; `round`, for a vote before the order, ends with the order's staffing. */
  function dietVote(d: CompiledDecision, then: (approve: boolean) => void, round?: number): void {
    const diet = d.diet!;
    const point = sim.joined(d.id, '.diet');
    processAt(diet.org, point, d.id, { processing: diet.deliberation, label: 'deliberation' })(
      () => {
        if (round !== undefined && roundOf(d) !== round) return;
        sim.ask(
          questionOf(model, d, true),
          () =>
            sim.uniform(sim.joined(d.id, '.diet.vote')) < diet.approveProbability
              ? 'approve'
              : 'reject',
          (a) => then(a === 'approve'),
        );
      },
    );
  }

  /** Whether an integrated command has taken over decisions of this category (a nation's own formations stay national). */
  function integrated(d: CompiledDecision): boolean {
    const integration = mech.integration;
    return (
      integration !== undefined &&
      !d.national &&
      integration.categories.has(d.category) &&
      sim.isInForce(integration.decision)
    );
  }

  /**
   * An integrated command answers to both nations: a decision that only one nation's chain
   * staffs also needs the other nation's guidance, asked from the command, and a reluctant nation
   * holds it back until it reconsiders ([Hornung2015]).
   */
  function guidance(d: CompiledDecision, command: string, stream: string, round: number): Task {
    const costs = mech.integration!.costs;
    const others = costs ? NATIONS.filter((n) => !d.chains.some((c) => c.nation === n)) : [];
    const ask = (nation: 'japan' | 'unitedStates', given: () => void): void => {
      const org = costs!.guidance[nation];
      sequence(
        [travel(command, org, stream), processAt(org, stream, d.id), travel(org, command, stream)],
        () => {
          if (roundOf(d) !== round) return;
          const point = sim.joined(d.id, '.reluctance');
          if (sim.uniform(point) >= costs!.reluctance[nation]) {
            sim.record('consult', org, d.id, 'guidance', 'given', nation);
            return given();
          }
          sim.record('consult', org, d.id, 'guidance', 'reluctant', nation);
          sim.at(sim.draw(point, costs!.reconsider), () => ask(nation, given));
        },
      );
    };
    return (done) =>
      all(
        others.map((nation) => (given: () => void) => ask(nation, given)),
        done,
      );
  }

  /**
   * The route of an order: the national chains up to their last steps in parallel; then, chosen
   * when they are done, the integrated command or the design's consultation, and the Diet when
   * its approval must come first; then the chains' last steps; then the decider. Under an
   * integrated command from the start, only the political and approval steps stay in the chains.
   */
  function startOrder(d: CompiledDecision): void {
    const round = roundOf(d);
    const stream = sim.joined(d.id, '.staff');
    const chains = d.chains.map((c) => (integrated(d) ? c.steps.filter((s) => s.kept) : c.steps));
    const heads = chains.map((steps) => steps.slice(0, -1));
    const tails = chains.map((steps) => steps.slice(-1));
    const lastHead = (i: number) => heads[i]!.at(-1)?.org;
    all(
      heads.map((steps) => runSteps(d, steps, undefined, stream, round)),
      () => {
        const stages: Task[] = [];
        let joinedAt: string | undefined;
        const from = () => joinedAt ?? lastHead(0);
        if (integrated(d)) {
          const command = mech.integration!.commandedBy;
          stages.push(
            travel(from(), command, stream),
            processAt(command, stream, d.id),
            guidance(d, command, stream, round),
          );
          joinedAt = command;
        } else {
          const rule = d.national
            ? undefined
            : mech.consultation.find(
                (r) => r.categories.has(d.category) && r.when(knowledge('alliance')),
              );
          if (rule) {
            stages.push(consult(rule, d, from(), stream, round));
            joinedAt = rule.via;
          }
        }
        if (d.diet && !dietMayFollow(d, knowledge(d.side))) {
          const dietOrg = d.diet.org;
          const vote: Task = (done) =>
            dietVote(
              d,
              (approve) => {
                if (roundOf(d) !== round) return;
                // the Diet's rejection is final for this order ([AASAct] Art. 9, [SDFAct] Art. 76)
                if (!approve) return sim.deliver(d.id, { type: 'REJECTED' }, 'diet');
                sim.tell(d, { type: 'APPROVAL', org: dietOrg }, sim.joined('step:', dietOrg));
                done();
              },
              round,
            );
          stages.push(travel(from(), dietOrg, stream), vote);
          joinedAt = dietOrg;
        }
        const joined = joinedAt;
        stages.push((done) =>
          all(
            tails.map((steps, i) => runSteps(d, steps, joined ?? lastHead(i), stream, round)),
            done,
          ),
        );
        sequence(stages, () => decide(d, round));
      },
    );
  }

  return {
    start(d, kind) {
      if (kind === 'diet')
        dietVote(d, (approve) => sim.deliver(d.id, { type: 'DIET', approve }, 'diet'));
      else startOrder(d);
    },
    decisionChanged(decision, inForce) {
      if (!inForce) return;
      orgs.decisionInForce(decision);
      if (decision !== mech.activationDecision) return;
      for (const resume of awaitingActivation.splice(0)) resume();
    },
    close(d) {
      rounds.set(d.id, roundOf(d) + 1);
      standingBy.delete(d.id);
    },
    resume(d) {
      const releases = standingBy.get(d.id);
      standingBy.delete(d.id);
      if (releases) for (const release of releases) release();
    },
    adjust: orgs.adjust,
  };
}
