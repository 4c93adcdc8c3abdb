/**
 * Comparing C2 designs on one scenario in this process: every design meets the same seeds, so
 * the same adversary draws (common random numbers), and each design is summarised against the
 * baseline design. Batches use the same summaries over rows streamed from disk.
 */
import type { Model } from '../model/compile.js';
import { simulate } from '../engine/simulation.js';
import { toRow, type RunRow } from '../batch/row.js';
import { summarizeDesign, type DesignSummary } from './summary.js';

export interface Comparison {
  readonly scenario: string;
  readonly baseline: string;
  readonly seeds: readonly number[];
  readonly decisions: readonly string[];
  readonly designs: readonly DesignSummary[];
}

/** The decisions a comparison reports: the scenario's key decisions, else all of them. */
export function reportedDecisions(model: Model): string[] {
  return model.scenario.report?.keyDecisions ?? model.decisions.map((d) => d.id);
}

/** Runs every model on every seed and summarises each design against the baseline. */
export function compareDesigns(models: readonly Model[], seeds: readonly number[], baseline: string): Comparison {
  const first = models[0]!;
  const decisions = reportedDecisions(first);
  const rungs = first.scenario.ladder.rungs.map((r) => r.id);
  const rows = new Map<string, RunRow[]>();
  for (const model of models) rows.set(model.design.id, seeds.map((seed) => toRow(simulate(model, { seed }))));
  const base = rows.get(baseline) ?? null;
  return {
    scenario: first.scenario.id,
    baseline,
    seeds,
    decisions,
    // the baseline first, the others in the order given
    designs: [...models]
      .sort((a, b) => Number(b.design.id === baseline) - Number(a.design.id === baseline))
      .map((m) => summarizeDesign(rows.get(m.design.id)!, m.design.id === baseline ? null : base, { decisions, rungs })),
  };
}
