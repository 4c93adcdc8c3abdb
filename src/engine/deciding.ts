/**
 * The end of staffing: the decider approves the order or defers it and takes it again later; the
 * Diet deliberates and votes, before the order when its approval must come first, or on an order
 * already issued. Each is a decision point a script, a person or the scenario's policy answers.
 */
import type { CompiledDecision } from '../model/compiled.js';
import type { Model } from '../model/model.js';
import type { Question } from './host.js';
import type { StaffingContext } from './staffingContext.js';

const APPROVE_OR_DEFER: readonly string[] = ['approve', 'defer'];
const APPROVE_OR_REJECT: readonly string[] = ['approve', 'reject'];

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

/** The decider and the Diet of one run's staffing. */
export interface Deciding {
  /** The decider approves the order (which then issues) or defers it, in the decision's round `round`. */
  decide(d: CompiledDecision, round: number): void;
  /** The Diet deliberates, then votes; `round`, for a vote before the order, ends with the order's staffing. */
  dietVote(d: CompiledDecision, then: (approve: boolean) => void, round?: number): void;
}

/** The deciders at the end of one run's staffing. */
export function createDeciding(ctx: StaffingContext): Deciding {
  const { sim, model, knowledge, roundOf } = ctx;

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

  function dietVote(d: CompiledDecision, then: (approve: boolean) => void, round?: number): void {
    const diet = d.diet!;
    const point = sim.joined(d.id, '.diet');
    ctx.orgs.process(diet.org, point, d.id, {
      processing: diet.deliberation,
      label: 'deliberation',
    })(() => {
      if (round !== undefined && roundOf(d) !== round) return;
      sim.ask(
        questionOf(model, d, true),
        () =>
          sim.uniform(sim.joined(d.id, '.diet.vote')) < diet.approveProbability
            ? 'approve'
            : 'reject',
        (a) => then(a === 'approve'),
      );
    });
  }

  return { decide, dietVote };
}
