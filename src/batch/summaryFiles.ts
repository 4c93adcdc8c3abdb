/**
 * The summaries of a batch: each design's runs read back off its partial file as columns (for a
 * worker to summarise against the baseline's, per sweep point), and `summary.md` written from
 * `summary.json`'s content.
 */
import type { RunColumns } from '../report/columns.js';
import { bottomLineSection, type BottomLine } from '../report/bottomLine.js';
import type { DesignSummary } from '../report/summary.js';
import type { Model } from '../model/compile.js';
import { formatDuration } from '../report/timeline.js';
import { pointValues } from '../report/row.js';
import { ColumnsBuilder } from '../report/columns.js';
import { latencyTables, outcomeTable, PAIRING_NOTE, READING_NOTE } from '../report/tables.js';
import { drawnTitle } from '../report/compareReport.js';
import { scanLines } from './lines.js';
import type { BatchManifest } from './manifest.js';
import { keyOf, parseRow, partialFile, type StoreLayout } from './partials.js';
import { runPlace } from './runNumbers.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';
import type { SUMMARY_SCHEMA, SUMMARY_SCHEMA_VERSION, SUMMARY_UNITS } from './summarySchema.js';
import { overriddenTitle, provenanceNote, type Provenance } from '../report/provenance.js';

/**
 * The runs of one design that summaries need, per sweep point, in seed order, as columns (see
 * {@link RunColumns}), read from the design's partial file; a run found twice counts once. A point
 * with runs missing (never at finish, where every run is stored) holds the stored ones.
 */
function readSummaryColumns(
  dir: string,
  layout: StoreLayout,
  design: string,
  decisions: readonly string[],
): RunColumns[] {
  const pointIndex = new Map(layout.points.map((p, i) => [p, i]));
  const shape = { points: layout.points.length, seeds: layout.seeds.length };
  const builders = layout.points.map(() => new ColumnsBuilder(design, shape.seeds, decisions));
  scanLines(partialFile(dir, design), (text) => {
    const row = parseRow(text);
    const key = keyOf(layout.seeds, pointIndex, design, row);
    if (key < 0) return;
    const { point, seedIndex } = runPlace(shape, key);
    const builder = builders[point]!;
    if (!builder.has(seedIndex)) builder.set(seedIndex, row!);
  });
  return builders.map((b) => b.build());
}

/**
 * The most runs whose columns a worker keeps between reading a design and summarising it: about
 * 190 MB with five decisions (19 bytes a run and 34 a decision).
 */
const KEPT_RUNS = 1_000_000;

/**
 * A worker's columns of stored designs: read off the partial files once, and kept (while no more
 * than {@link KEPT_RUNS} runs are kept) from reading a design's distributions to summarising it.
 * The baseline's are kept throughout: every other design is paired against them.
 */
export class StoredColumns {
  private readonly kept = new Map<string, RunColumns[]>();
  private keptRuns = 0;
  /** A design's runs: one per sweep point and seed. */
  private readonly runsPerDesign: number;

  constructor(
    private readonly dir: string,
    private readonly layout: StoreLayout,
    private readonly baseline: string,
  ) {
    this.runsPerDesign = layout.points.length * layout.seeds.length;
  }

  /** A design's columns per sweep point, for `decisions` (the same in every call). */
  of(design: string, decisions: readonly string[]): RunColumns[] {
    const found = this.kept.get(design);
    if (found) return found;
    const columns = readSummaryColumns(this.dir, this.layout, design, decisions);
    if (design === this.baseline || this.keptRuns + this.runsPerDesign <= KEPT_RUNS) {
      this.kept.set(design, columns);
      this.keptRuns += this.runsPerDesign;
    }
    return columns;
  }

  /** Forgets a design's columns once it is summarised (never the baseline's). */
  release(design: string): void {
    if (design === this.baseline || !this.kept.delete(design)) return;
    this.keptRuns -= this.runsPerDesign;
  }
}

/** What finishing a batch needs besides the plan. */
export interface FinishContext {
  readonly manifest: BatchManifest;
  readonly title: string;
  readonly baseline: number;
  /** The decisions the summaries report, in order. */
  readonly decisions: readonly string[];
  /** The scenario's decisions: the CSV columns, whichever designs ran. */
  readonly columns: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly rungs: readonly string[];
  readonly objective: string;
  /** The baseline's model at the first sweep point: the report draws its first seed's run. */
  readonly baselineModel: Model;
}

/** A summary of one sweep point. */
export interface PointSummary {
  readonly point: string;
  readonly scenarioHash: string;
  readonly designs: readonly DesignSummary[];
  /** The point's bottom line (absent from summaries written before it existed). */
  readonly bottomLine?: BottomLine;
}

/** What `summary.json` holds (its contract: `summarySchema.ts`). */
export interface BatchSummary {
  /** Where its JSON Schema is, its layout's version and the units of its numbers. */
  readonly schema: typeof SUMMARY_SCHEMA;
  readonly schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  readonly units: typeof SUMMARY_UNITS;
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly baseline: string;
  readonly seeds: string;
  readonly runs: number;
  /** How long each run lasts, in simulated minutes: a decision not taken by then is undecided. */
  readonly horizonMinutes: number;
  /** The posterior each seed drew the fitted numbers from: its file as given and its SHA-256; absent without one. */
  readonly posterior?: PosteriorRecord;
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  readonly points: readonly PointSummary[];
  /** Every `--set`, `--with`, the posterior and the seeds the batch ran with (see `report/provenance.ts`). */
  readonly provenance?: Provenance;
}

/**
 * One table across the sweep: a row per sweep point and design, a column per swept parameter, then
 * each key decision's Kaplan–Meier median hours from the event (over the runs that needed it,
 * undecided ones censored at the horizon) with how many of them decided it, and the fait-accompli
 * rate.
 */
function sweepTable(summary: BatchSummary, ctx: FinishContext): string[] {
  const paths = ctx.manifest.sweep.map((axis) => axis.path);
  const header = [
    ...paths,
    'design',
    ...summary.decisions.map((d) => `${d}: median h (decided/needed)`),
    'fait accompli',
  ];
  const rows = summary.points.flatMap((point) => {
    const values = pointValues(point.point);
    return point.designs.map((s) => [
      ...paths.map((path) => values.get(path) ?? ''),
      s.design,
      ...summary.decisions.map((d) => {
        const t = s.latencies.find((x) => x.decision === d)!.timeToDecision;
        const median = t.median.estimate;
        const hours = Number.isFinite(median) ? (median / 60).toFixed(1) : median > 0 ? '∞' : '—';
        return `${hours} (${t.decidedByHorizon}/${t.needed})`;
      }),
      `${(100 * s.faitAccompli.rate).toFixed(1)}%`,
    ]);
  });
  return [
    '## Across the sweep',
    '',
    `Per sweep point and design: the Kaplan–Meier median hours from the event to each key decision over the runs that needed it, a run not deciding it by the horizon counted as undecided until then (∞: not reached), with how many of those runs decided it; and the fait-accompli rate. The sections below give intervals and paired differences.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** What a batch is, in three lines: its size and baseline, how to read its latencies, and where it came from. */
export function batchDescription(summary: BatchSummary, ctx: FinishContext): string[] {
  const m = ctx.manifest;
  const designs = m.designs.length;
  const sweep = summary.points.length > 1 ? ` × ${summary.points.length} sweep points` : '';
  return [
    `${designs} design${designs === 1 ? '' : 's'} × ${m.seeds.count} seeds${sweep} = ${m.runs} runs; baseline \`${summary.baseline}\`. ` +
      PAIRING_NOTE,
    READING_NOTE,
    `Scenario \`${m.scenario.given}\` (${m.scenario.hash.slice(0, 12)}); each run lasts ${formatDuration(summary.horizonMinutes)} of simulated time (the horizon); seeds ${m.seeds.ranges}; engine ${m.engine.name} ${m.engine.version}, Node ${m.node}.` +
      (m.posterior
        ? ` The fitted numbers are drawn per seed from the posterior \`${m.posterior.given}\` (sha256 ${m.posterior.sha256}), the same draw for every design on a seed.`
        : '') +
      (summary.provenance ? ` ${provenanceNote(summary.provenance)}` : ''),
  ];
}

/** The title of a batch's reports: the scenario's, saying when the fitted numbers were drawn from a posterior. */
export function reportTitle(ctx: Pick<FinishContext, 'title' | 'manifest'>): string {
  const posterior = ctx.manifest.posterior;
  return overriddenTitle(
    drawnTitle(ctx.title, posterior && { file: posterior.given }),
    ctx.manifest.overrides ?? [],
  );
}

/** The Markdown summary: per point, key decision latencies and outcomes per design. */
export function summaryMarkdown(summary: BatchSummary, ctx: FinishContext): string {
  const [size, reading, provenance] = batchDescription(summary, ctx);
  const lines = [`# ${reportTitle(ctx)}`, '', ...bottomLineSection(summary.points)];
  lines.push(size!, reading!, '', provenance!, '');
  if (summary.points.length > 1) lines.push(...sweepTable(summary, ctx), '');
  for (const point of summary.points) {
    const h = summary.points.length > 1 ? '###' : '##';
    if (summary.points.length > 1) lines.push(`## Sweep point: ${point.point}`, '');
    lines.push(`${h} Key decision latencies`, '');
    const tables = latencyTables(point.designs, ctx.labels, summary.baseline);
    lines.push(
      ...(summary.points.length > 1
        ? tables.map((l) => (l.startsWith('### ') ? `#${l}` : l))
        : tables),
    );
    lines.push(`${h} Outcomes`, '');
    lines.push(...outcomeTable(point.designs, ctx.rungs, ctx.objective), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
