/**
 * A decision of the files as the engine runs it: its conditions as predicates over what its side
 * knows, its chains' steps, its approval policy and its Diet, and the decisions its conditions read.
 */
import {
  NATIONS,
  SITUATIONS,
  type Condition,
  type Decision,
  type Step,
} from '../scenario/schema.js';
import { toSampler } from '../math/distributions.js';
import { compileCondition, type Knowledge, type LadderIndex } from './knowledge.js';
import { stateKey } from './types.js';
import type { CompiledDecision, CompiledStep } from './compiled.js';

/** Decision ids a condition reads. */
export function referencedDecisions(c: Condition | undefined): string[] {
  return c ? [...(c.decided ?? []), ...(c.decidedAny ?? []), ...(c.notDecided ?? [])] : [];
}

/** Every condition of a decision: trigger, requires, the Diet's urgency, the stand-down, the fast paths. */
export function decisionConditions(d: Decision): Condition[] {
  return [
    d.trigger,
    d.requires,
    ...(d.diet ? [d.diet.urgentWhen] : []),
    ...(d.calibration ? [d.calibration.standDownWhen] : []),
    ...Object.values(d.chains).flatMap((steps) =>
      (steps ?? []).flatMap((s) => fastPathsOf(s).map((f) => f.when)),
    ),
  ];
}

function compileStep(s: Step, ladder: LadderIndex): CompiledStep {
  return {
    org: s.org,
    approval: s.approval,
    kept: s.approval || s.political,
    fastPaths: fastPathsOf(s).map((f) => ({
      when: compileCondition(f.when, ladder),
      processing: toSampler(f.processing),
      label: f.label,
    })),
  };
}

/** A step's fast paths as a list (a file may give one or several). */
function fastPathsOf(s: Step): NonNullable<Extract<Step['fastPath'], unknown[]>> {
  return s.fastPath === undefined ? [] : Array.isArray(s.fastPath) ? s.fastPath : [s.fastPath];
}

const GRAY_ZONE = SITUATIONS.indexOf('grayZone');

/**
 * The situation an approval reads: what the Cabinet has recognised (an anticipated or an actual
 * armed attack, by a Basic Response Plan); short of that, the facts read no graver than a gray zone,
 * since an attack nobody has recognised does not change what the government approves.
 */
function approvalSituation(k: Knowledge): number {
  return Math.max(k.recognised, Math.min(k.situation, GRAY_ZONE));
}

/** The probability of approving as a function of the side's knowledge. */
function approvalPolicy(a: Decision['approve']): (k: Knowledge) => number {
  const procedures = Object.entries(a.byProcedure ?? {});
  const bySituation = SITUATIONS.map((s) => a.bySituation?.[s] ?? a.probability);
  const byPhase = a.byPhase;
  const base = byPhase
    ? (k: Knowledge) => byPhase[k.phase] ?? a.probability
    : (k: Knowledge) => bySituation[approvalSituation(k)]!;
  if (procedures.length === 0) return base;
  return (k) => {
    for (const [procedure, p] of procedures) if (k.facts[procedure]) return p;
    return base(k);
  };
}

/**
 * Compiles one decision; `index` is its place in the model, `standing` whether the design puts it
 * in force from the start.
 */
export function compileDecision(
  d: Decision,
  index: number,
  standing: boolean,
  ladder: LadderIndex,
): CompiledDecision {
  const cond = (c: Parameters<typeof compileCondition>[0]) => compileCondition(c, ladder);
  const chains = NATIONS.filter((n) => d.chains[n] !== undefined).map((nation) => ({
    nation,
    steps: d.chains[nation]!.map((s) => compileStep(s, ladder)),
  }));
  return {
    index,
    id: d.id,
    key: stateKey(d.id),
    side: d.side,
    label: d.label,
    category: d.category,
    trigger: cond(d.trigger),
    requires: cond(d.requires),
    chains,
    requiredApprovals: chains.flatMap((c) => c.steps.filter((s) => s.approval).map((s) => s.org)),
    approveProbability: approvalPolicy(d.approve),
    anticipates: Object.values(d.requires).some((v) => v !== undefined),
    reconsider: toSampler(d.approve.reconsider),
    effects: d.effects,
    ...(d.effects.recognise
      ? { publicEffects: { facts: [], powers: [], recognise: d.effects.recognise } }
      : {}),
    ...(d.diet
      ? {
          diet: {
            org: d.diet.org,
            timing: d.diet.timing,
            deadline: d.diet.deadline,
            deliberation: toSampler(d.diet.deliberation),
            approveProbability: d.diet.approveProbability,
          },
        }
      : {}),
    dietUrgent: cond(d.diet?.urgentWhen ?? {}),
    ...(d.calibration
      ? {
          calibration: {
            standDown: cond(d.calibration.standDownWhen),
            review: toSampler(d.calibration.review),
          },
        }
      : {}),
    standing: standing || d.standing,
    national: d.national,
    onScene: d.onScene,
  };
}
