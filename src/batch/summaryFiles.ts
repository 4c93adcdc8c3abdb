/**
 * The summaries of a batch: each design's runs read back off its partial file as columns and
 * summarised against the baseline, per sweep point, and `summary.md` written from `summary.json`'s
 * content.
 */
import type { RunColumns } from '../report/columns.js';
import { ColumnsBuilder } from '../report/columns.js';
import { summarizeDesign, type DesignSummary } from '../report/summary.js';
import { LATENCY_DEFINITIONS, latencyTables, outcomeTable } from '../report/tables.js';
import { scanLines } from './lines.js';
import type { BatchManifest } from './manifest.js';
import { keyOf, parseRow, partialFile, type StoreLayout } from './partials.js';

/**
 * The runs of one design that summaries need, per sweep point, in seed order, as columns (see
 * {@link RunColumns}), read from the design's partial file; a run found twice counts once. A point
 * with runs missing (never at finish, where every run is stored) holds the stored ones.
 */
export function readSummaryColumns(dir: string, layout: StoreLayout, design: string, decisions: readonly string[]): RunColumns[] {
  const pointIndex = new Map(layout.points.map((p, i) => [p, i]));
  const S = layout.seeds.length;
  const builders = layout.points.map(() => new ColumnsBuilder(design, S, decisions));
  scanLines(partialFile(dir, design), (text) => {
    const row = parseRow(text);
    const key = keyOf(layout.seeds, pointIndex, design, row);
    if (key < 0) return;
    const builder = builders[(key / S) | 0]!;
    if (!builder.has(key % S)) builder.set(key % S, row!);
  });
  return builders.map((b) => b.build());
}

/** Summarises one design per sweep point, against the baseline's rows (null for the baseline itself). */
export function summarizeStoredDesign(
  dir: string,
  layout: StoreLayout,
  design: string,
  baseline: string,
  options: { readonly decisions: readonly string[]; readonly rungs: readonly string[] },
): DesignSummary[] {
  const own = readSummaryColumns(dir, layout, design, options.decisions);
  const base = design === baseline ? null : readSummaryColumns(dir, layout, baseline, options.decisions);
  return layout.points.map((_, p) => summarizeDesign(own[p]!, base ? base[p]! : null, options));
}


/** What finishing a batch needs besides the plan. */
export interface FinishContext {
  readonly manifest: BatchManifest;
  readonly title: string;
  readonly baseline: number;
  /** The decisions the summaries report, in order. */
  readonly decisions: readonly string[];
  /** Every decision a row may hold: the CSV columns. */
  readonly columns: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly rungs: readonly string[];
  readonly objective: string;
}

/** A summary of one sweep point. */
export interface PointSummary {
  readonly point: string;
  readonly scenarioHash: string;
  readonly designs: readonly DesignSummary[];
}

/** What `summary.json` holds. */
export interface BatchSummary {
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly baseline: string;
  readonly seeds: string;
  readonly runs: number;
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  readonly points: readonly PointSummary[];
}


/** The Markdown summary: per point, key decision latencies and outcomes per design. */
export function summaryMarkdown(summary: BatchSummary, ctx: FinishContext): string {
  const m = ctx.manifest;
  const designs = m.designs.length;
  const sweep = summary.points.length > 1 ? ` × ${summary.points.length} sweep points` : '';
  const lines = [
    `# ${ctx.title}`,
    '',
    `${designs} design${designs === 1 ? '' : 's'} × ${m.seeds.count} seeds${sweep} = ${m.runs} runs; baseline \`${summary.baseline}\`. ` +
      'Every design meets the same seeds (common random numbers), so differences against the baseline are paired.',
    `Latencies are in simulated time; ${LATENCY_DEFINITIONS}. Intervals are 95%: bootstrap for quantiles and paired differences, Wilson for rates.`,
    '',
    `Scenario \`${m.scenario.given}\` (${m.scenario.hash.slice(0, 12)}); seeds ${m.seeds.ranges}; engine ${m.engine.name} ${m.engine.version}, Node ${m.node}.`,
    '',
  ];
  for (const point of summary.points) {
    const h = summary.points.length > 1 ? '###' : '##';
    if (summary.points.length > 1) lines.push(`## Sweep point: ${point.point}`, '');
    lines.push(`${h} Key decision latencies`, '');
    const tables = latencyTables(point.designs, ctx.labels, summary.baseline);
    lines.push(...(summary.points.length > 1 ? tables.map((l) => (l.startsWith('### ') ? `#${l}` : l)) : tables));
    lines.push(`${h} Outcomes`, '');
    lines.push(...outcomeTable(point.designs, ctx.rungs, ctx.objective), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

