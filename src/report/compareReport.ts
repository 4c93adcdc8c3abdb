/**
 * The HTML report of a comparison (`rungs compare --html FILE`): the batch report's charts and
 * tables for designs compared in one process, with one run of the baseline as the timeline.
 */
import type { Model } from '../model/compile.js';
import { batchReportHtml, type BatchReportInput } from './batchReport.js';
import type { DesignDistributions } from './distribution.js';
import type { DesignSummary } from './summary.js';
import { PAIRING_NOTE, READING_NOTE } from './tables.js';
import type { PosteriorRecord } from '../assumptions/posterior.js';
import type { BottomLine } from './bottomLine.js';
import { overriddenTitle, provenanceNote, type Provenance } from './provenance.js';

/** A comparison of designs on the same seeds: each design summarised against the baseline, the baseline first. */
export interface Comparison {
  readonly scenario: string;
  readonly baseline: string;
  /** The posterior each seed drew the fitted numbers from: its file as given and its SHA-256; absent without one. */
  readonly posterior?: PosteriorRecord;
  readonly seeds: readonly number[];
  readonly decisions: readonly string[];
  readonly designs: readonly DesignSummary[];
  /** The bottom line: per key decision the fastest and slowest designs, and the fait-accompli comparison. */
  readonly bottomLine?: BottomLine;
  /** Every `--set`, `--with`, the posterior and the seeds the comparison ran with (the command records it). */
  readonly provenance?: Provenance;
}

/** What a comparison says of the posterior it drew from (empty without one). */
export function posteriorNote(comparison: Pick<Comparison, 'posterior'>): string {
  const p = comparison.posterior;
  return p
    ? `The fitted numbers are drawn per seed from the posterior ${p.file} (sha256 ${p.sha256}), the same draw for every design on a seed; the other numbers are as the files (and --set) state them.`
    : '';
}

/** A report's title: the scenario's, saying when the fitted numbers were drawn from a posterior. */
export function drawnTitle(title: string, posterior?: { readonly file: string }): string {
  return posterior
    ? `${title}, with the fitted numbers drawn from the posterior ${posterior.file.replace(/^.*[\\/]/, '')}`
    : title;
}

/**
 * The report of `comparison`, whose runs were those of `models`, with the designs' distributions
 * in the comparison's order and the run drawn as the timeline.
 */
export function comparisonReportHtml(
  models: readonly Model[],
  comparison: Comparison,
  distributions: readonly DesignDistributions[],
  timeline: NonNullable<BatchReportInput['timeline']>,
): Promise<string> {
  const scenario = models.find((m) => m.design.id === comparison.baseline)!.scenario;
  return batchReportHtml({
    title: overriddenTitle(
      drawnTitle(scenario.title, comparison.posterior),
      comparison.provenance?.overrides ?? [],
    ),
    description: [
      `${models.length} designs × ${comparison.seeds.length} seeds; baseline ${comparison.baseline}.`,
      PAIRING_NOTE,
      READING_NOTE,
      posteriorNote(comparison),
      comparison.provenance ? provenanceNote(comparison.provenance) : '',
    ]
      .filter(Boolean)
      .join(' '),
    baseline: comparison.baseline,
    decisions: comparison.decisions,
    labels: new Map(models.flatMap((m) => m.decisions.map((d) => [d.id, d.label] as const))),
    rungs: scenario.ladder.rungs.map((r) => r.id),
    objective: scenario.ladder.objective,
    points: [
      {
        label: '',
        designs: comparison.designs,
        distributions,
        ...(comparison.bottomLine ? { bottomLine: comparison.bottomLine } : {}),
      },
    ],
    timeline,
  });
}
