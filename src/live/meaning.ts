/**
 * What a decision point means, in words from the scenario: what the law requires before an order
 * can issue, and what each option does (approving issues the order and makes its effects known;
 * deferring has the staff take it again after the scenario's reconsideration time; a Diet's vote
 * lets the order issue or stops it; an adversary's move takes the crisis to a named rung).
 */
import type { Model } from '../model/model.js';
import type { Condition, Decision } from '../scenario/schema.js';
import type { DistributionSchema } from '../scenario/primitives.js';
import type { z } from 'zod';
import {
  decisionLabel,
  factLabel,
  powerLabel,
  rungLabel,
  situationLabel,
  spelledOut,
} from './names.js';

/** One option of a decision point and what choosing it does. */
export interface OptionMeaning {
  readonly option: string;
  readonly meaning: string;
}

type Distribution = z.output<typeof DistributionSchema>;

/** Simulated minutes in words: "45 min", "2 h 30 min", "1 d 6 h". */
export function durationWords(minutes: number): string {
  const m = Math.round(minutes);
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins ? `${mins} min` : ''];
  return parts.filter(Boolean).join(' ') || '0 min';
}

/** The typical value of a distribution (its median, mode, mean or midpoint), in words. */
function typical(d: Distribution): string {
  if ('fixed' in d) return durationWords(d.fixed);
  if ('lognormal' in d) return `about ${durationWords(d.lognormal.median)}`;
  if ('triangular' in d) return `about ${durationWords(d.triangular.mode)}`;
  if ('exponential' in d) return `about ${durationWords(d.exponential.mean)} on average`;
  return `${durationWords(d.uniform.min)} to ${durationWords(d.uniform.max)}`;
}

/** The decision as the scenario or the design writes it (the design's wins). */
function sourceDecision(model: Model, id: string): Decision | undefined {
  return (
    model.design.decisions.find((d) => d.id === id) ??
    model.scenario.decisions.find((d) => d.id === id)
  );
}

/** A condition in words, for a player who must know what the law requires. */
export function describeCondition(model: Model, c: Condition): string {
  const parts: string[] = [];
  const decisions = (ids: readonly string[]) => ids.map((id) => decisionLabel(model, id));
  const facts = (ids: readonly string[]) => ids.map((id) => factLabel(model, id)).join('; ');
  if (c.rungAtLeast) parts.push(`the crisis at ${rungLabel(model, c.rungAtLeast)} or higher`);
  if (c.rungBelow) parts.push(`the crisis below ${rungLabel(model, c.rungBelow)}`);
  if (c.rungIn?.length)
    parts.push(`the crisis at one of: ${c.rungIn.map((r) => rungLabel(model, r)).join('; ')}`);
  if (c.situationAtLeast)
    parts.push(`facts that support ${situationLabel(c.situationAtLeast)} or worse`);
  if (c.situationBelow) parts.push(`facts short of ${situationLabel(c.situationBelow)}`);
  if (c.recognisedAtLeast)
    parts.push(`the Cabinet has recognised ${situationLabel(c.recognisedAtLeast)} or worse`);
  if (c.phaseAtLeast !== undefined) parts.push(`U.S. readiness phase ${c.phaseAtLeast} or higher`);
  if (c.phaseBelow !== undefined) parts.push(`U.S. readiness phase below ${c.phaseBelow}`);
  if (c.jcgOverwhelmed) parts.push('the Coast Guard cannot cope');
  if (c.policeOverwhelmed) parts.push('the police cannot keep public order');
  if (c.facts?.length) parts.push(`known: ${facts(c.facts)}`);
  if (c.decided?.length) parts.push(`in force: ${decisions(c.decided).join('; ')}`);
  if (c.decidedAny?.length) parts.push(`in force, one of: ${decisions(c.decidedAny).join('; ')}`);
  if (c.notDecided?.length) parts.push(`not in force: ${decisions(c.notDecided).join('; ')}`);
  return parts.join('; ');
}

/** What an order in force establishes, in words ("makes known: …; grants: …"). */
function describeEffects(model: Model, decision: Decision | undefined): string {
  const effects = decision?.effects;
  if (!effects) return '';
  const parts: string[] = [];
  if (effects.facts.length)
    parts.push(`makes known: ${effects.facts.map((f) => factLabel(model, f)).join('; ')}`);
  if (effects.powers.length) parts.push(`grants: ${effects.powers.map(powerLabel).join('; ')}`);
  if (effects.recognise) parts.push(`recognises ${situationLabel(effects.recognise)}`);
  return parts.join('; ');
}

/** What approving, deferring or rejecting an order (or the Diet's vote on it) does. */
function orderOption(model: Model, decision: string, option: string, diet: boolean): string {
  const source = sourceDecision(model, decision);
  const effects = describeEffects(model, source);
  const issues = `the order issues${effects ? `; it ${effects}` : ''}`;
  if (diet)
    return option === 'approve'
      ? `the Diet approves: ${source?.diet?.timing === 'prior' ? issues : 'the order may issue, or stays in force'}`
      : 'the Diet refuses: the order does not issue, or ends if already in force (final for this order)';
  if (option === 'approve') return issues;
  const again = source ? ` after ${typical(source.approve.reconsider)}` : ' later';
  return `hold it back: nothing issues now; the staff put it to you again${again}`;
}

/** What the adversary's move does: the rung the crisis goes to, by label. */
function moveOption(model: Model, rung: number, option: string): string {
  const rungs = model.scenario.ladder.rungs;
  const at = (i: number) => (rungs[i] ? rungLabel(model, rungs[i].id) : 'the ladder’s end');
  if (option === 'advance') return `escalate to ${at(rung + 1)}`;
  if (option === 'stepDown') return `step back to ${at(rung - 1)}`;
  if (option === 'hold') return `hold at ${at(rung)}`;
  return spelledOut(option);
}

/**
 * Each option of a point and what it does. `decision` is the point's decision (`<id>`,
 * `<id>.diet` or `adversary.move`); `rung` the ladder's rung index now (for a move).
 */
export function describeOptions(
  model: Model,
  point: { readonly kind: string; readonly decision: string; readonly options: readonly string[] },
  rung: number,
): OptionMeaning[] {
  return point.options.map((option) => ({
    option,
    meaning:
      point.kind === 'move'
        ? moveOption(model, rung, option)
        : orderOption(model, point.decision.replace(/\.diet$/, ''), option, point.kind === 'diet'),
  }));
}
