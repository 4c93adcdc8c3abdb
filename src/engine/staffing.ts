/**
 * Staffing: how a decision travels through organisations before it is answered. It runs the
 * route the scenario and the C2 design give it: national chains in parallel, the design's
 * bilateral consultation (waiting for a triggered mechanism's activation) or its integrated
 * command (with each nation's guidance), the Diet when its approval must come first, the approval
 * steps, then the decider. Each part is a module of its own: the chains' steps (`chainSteps.ts`),
 * consultation (`consultation.ts`), the integrated command (`integration.ts`), the decider and the
 * Diet (`deciding.ts`); organisations and their queues are `organisations.ts`.
 */
import type { CompiledConsultation, CompiledDecision } from '../model/compiled.js';
import { dietMayFollow } from '../model/decision.js';
import { ChainSteps } from './chainSteps.js';
import { Consultation } from './consultation.js';
import { createDeciding, type Deciding } from './deciding.js';
import { createIntegration, type Integration } from './integration.js';
import type { OrganisationChange } from './organisations.js';
import {
  createStaffingContext,
  type StaffingContext,
  type StaffingHost,
} from './staffingContext.js';
import { all, sequence, type Task } from './tasks.js';

export type { StaffingHost } from './staffingContext.js';

/** The staffing of one run, as the run drives it. */
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

/** The parts of staffing an order's route goes through. */
interface Parts {
  readonly ctx: StaffingContext;
  readonly chains: ChainSteps;
  readonly consultation: Consultation;
  readonly integration: Integration;
  readonly deciding: Deciding;
}

/**
 * The consultation rule for `d`: the design's first rule for its category that applies now. A rule
 * through a mechanism that must first be activated, while it is not, gives way to a later rule for
 * the same category that needs no activation (national channels, ad hoc), if the design has one:
 * the activation is asked for, but what the capitals coordinate anyway is not held up by it.
 */
function consultationRule(p: Parts, d: CompiledDecision): CompiledConsultation | undefined {
  const { sim, model, knowledge } = p.ctx;
  const activation = model.mechanism.activationDecision;
  const dormant = (r: CompiledConsultation) =>
    r.requiresActive && activation !== undefined && !sim.isInForce(activation);
  const applies = (r: CompiledConsultation) =>
    r.categories.has(d.category) && r.when(knowledge('alliance'));
  const first = model.mechanism.consultation.find(applies);
  if (!first || !dormant(first)) return first;
  const adHoc = model.mechanism.consultation.find((r) => applies(r) && !dormant(r));
  if (!adHoc) return first;
  p.consultation.requestActivation(d);
  return adHoc;
}

/**
 * Where the chains join once their heads are done: the integrated command (with the nations'
 * guidance) or the design's consultation, then the Diet when its approval must come first. Returns
 * the stages and the organisation the chains' last steps start from (undefined: each chain's own
 * last head).
 */
function joiningStages(
  p: Parts,
  d: CompiledDecision,
  headEnd: string | undefined,
  stream: string,
  round: number,
): { stages: Task[]; joinedAt: string | undefined } {
  const { sim, model, knowledge, travel, roundOf } = p.ctx;
  const stages: Task[] = [];
  let joinedAt: string | undefined;
  const from = () => joinedAt ?? headEnd;
  if (p.integration.integrated(d)) {
    const command = model.mechanism.integration!.commandedBy;
    stages.push(
      travel(from(), command, stream),
      p.ctx.orgs.process(command, stream, d.id),
      p.integration.guidance(d, command, stream, round),
    );
    joinedAt = command;
  } else {
    const rule = d.national ? undefined : consultationRule(p, d);
    if (rule) {
      stages.push(p.consultation.consult(rule, d, from(), stream, round));
      joinedAt = rule.via;
    }
  }
  if (d.diet && !dietMayFollow(d, knowledge(d.side))) {
    const dietOrg = d.diet.org;
    const vote: Task = (done) =>
      p.deciding.dietVote(
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
  return { stages, joinedAt };
}

/**
 * The route of an order: the national chains up to their last steps in parallel; then, chosen
 * when they are done, the integrated command or the design's consultation, and the Diet when
 * its approval must come first; then the chains' last steps; then the decider. Under an
 * integrated command from the start, only the political and approval steps stay in the chains.
 */
function startOrder(p: Parts, d: CompiledDecision): void {
  const round = p.ctx.roundOf(d);
  const stream = p.ctx.sim.joined(d.id, '.staff');
  const integrated = p.integration.integrated(d);
  const chains = d.chains.map((c) => (integrated ? c.steps.filter((s) => s.kept) : c.steps));
  const heads = chains.map((steps) => steps.slice(0, -1));
  const tails = chains.map((steps) => steps.slice(-1));
  const lastHead = (i: number) => heads[i]!.at(-1)?.org;
  all(
    heads.map((steps) => p.chains.run(d, steps, undefined, stream, round)),
    () => {
      const { stages, joinedAt } = joiningStages(p, d, lastHead(0), stream, round);
      stages.push((done) =>
        all(
          tails.map((steps, i) => p.chains.run(d, steps, joinedAt ?? lastHead(i), stream, round)),
          done,
        ),
      );
      sequence(stages, () => p.deciding.decide(d, round));
    },
  );
}

/** The staffing of one run. */
export function createStaffing(sim: StaffingHost): Staffing {
  const ctx = createStaffingContext(sim);
  const parts: Parts = {
    ctx,
    chains: new ChainSteps(ctx),
    consultation: new Consultation(ctx),
    integration: createIntegration(ctx),
    deciding: createDeciding(ctx),
  };
  const mech = ctx.model.mechanism;
  return {
    start(d, kind) {
      if (kind === 'diet')
        parts.deciding.dietVote(d, (approve) =>
          sim.deliver(d.id, { type: 'DIET', approve }, 'diet'),
        );
      else startOrder(parts, d);
    },
    decisionChanged(decision, inForce) {
      if (!inForce) return;
      ctx.orgs.decisionInForce(decision);
      if (decision !== mech.activationDecision) return;
      parts.consultation.activated();
    },
    close(d) {
      ctx.endRound(d);
      parts.chains.drop(d);
    },
    resume(d) {
      parts.chains.release(d);
    },
    adjust: ctx.orgs.adjust,
  };
}
