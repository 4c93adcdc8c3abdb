/**
 * The HTML report of a comparison (`rungs compare --html FILE`): the batch report's charts and
 * tables for designs compared in one process, with the baseline's run of the first seed as the
 * timeline.
 */
import { simulate } from '../engine/simulation.js';
import type { Model } from '../model/compile.js';
import { batchReportHtml } from './batchReport.js';
import type { Comparison } from './compare.js';
import type { DesignDistributions } from './distribution.js';
import { PAIRING_NOTE, READING_NOTE } from './tables.js';

/** The report of `comparison`, whose runs were those of `models`, with the designs' distributions in the comparison's order. */
export function comparisonReportHtml(
  models: readonly Model[],
  comparison: Comparison,
  distributions: readonly DesignDistributions[],
): Promise<string> {
  const baseline = models.find((m) => m.design.id === comparison.baseline)!;
  const scenario = baseline.scenario;
  const seed = comparison.seeds[0]!;
  return batchReportHtml({
    title: scenario.title,
    description: `${models.length} designs × ${comparison.seeds.length} seeds; baseline ${comparison.baseline}. ${PAIRING_NOTE} ${READING_NOTE}`,
    baseline: comparison.baseline,
    decisions: comparison.decisions,
    labels: new Map(models.flatMap((m) => m.decisions.map((d) => [d.id, d.label] as const))),
    rungs: scenario.ladder.rungs.map((r) => r.id),
    objective: scenario.ladder.objective,
    points: [{ label: '', designs: comparison.designs, distributions }],
    timeline: {
      design: comparison.baseline,
      seed,
      trace: simulate(baseline, { seed, keepTrace: true }).trace!,
    },
  });
}
