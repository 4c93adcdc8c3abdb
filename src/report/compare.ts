/**
 * Comparing C2 designs on one scenario in this process: every design meets the same seeds, so
 * the same adversary draws (common random numbers), and each design is summarised against the
 * baseline design. Batches use the same summaries over rows streamed from disk.
 */
import type { Model } from '../model/compile.js';
import { simulate } from '../engine/simulation.js';
import { toRow } from './row.js';
import { ColumnsBuilder, type RunColumns } from './columns.js';
import { summarizeDesign, type DesignSummary } from './summary.js';
import { latencyDistributions, type DesignDistributions } from './distribution.js';

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

/** What a comparison may also do as it goes. */
export interface CompareOptions {
  /** Told the number of runs done after each run. */
  readonly onRun?: (done: number) => void;
  /** Receives each design's latency distributions (for a report's charts), in the order of `designs`. */
  readonly distributions?: (distributions: readonly DesignDistributions[]) => void;
}

/** Runs every model on every seed and summarises each design against the baseline. */
export function compareDesigns(
  models: readonly Model[],
  seeds: readonly number[],
  baseline: string,
  options: CompareOptions = {},
): Comparison {
  const first = models[0]!;
  const decisions = reportedDecisions(first);
  const rungs = first.scenario.ladder.rungs.map((r) => r.id);
  const columns = new Map<string, RunColumns>();
  let done = 0;
  for (const model of models) {
    const builder = new ColumnsBuilder(model.design.id, seeds.length, decisions);
    seeds.forEach((seed, i) => {
      builder.set(i, toRow(simulate(model, { seed })));
      options.onRun?.(++done);
    });
    columns.set(model.design.id, builder.build());
  }
  const base = columns.get(baseline) ?? null;
  // the baseline first, the others in the order given
  const ordered = [...models].sort(
    (a, b) => Number(b.design.id === baseline) - Number(a.design.id === baseline),
  );
  options.distributions?.(
    ordered.map((m) => latencyDistributions(columns.get(m.design.id)!, decisions)),
  );
  return {
    scenario: first.scenario.id,
    baseline,
    seeds,
    decisions,
    designs: ordered.map((m) =>
      summarizeDesign(columns.get(m.design.id)!, m.design.id === baseline ? null : base, {
        decisions,
        rungs,
      }),
    ),
  };
}
