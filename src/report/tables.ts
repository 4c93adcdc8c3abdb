/** Markdown tables of design summaries: for the terminal, for summary.md. */
import {
  LATENCY_MEASURES,
  type DesignSummary,
  type LatencyMeasure,
  type LatencySummary,
} from './summary.js';
import { formatDuration } from './timeline.js';

const dur = (x: number) => (Number.isFinite(x) ? formatDuration(x) : '—');
const signed = (x: number) =>
  Number.isFinite(x) ? `${x < 0 ? '−' : '+'}${formatDuration(Math.abs(x))}` : '—';
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');
/** Minutes as hours with one decimal (`0.0` for none). */
const hours = (minutes: number): string => (minutes / 60).toFixed(1);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** What the two measures of {@link latencyTables} are, in words. */
/** What the paired columns of {@link latencyTables} are, in words (the tables say it above themselves). */
const PAIRED_DEFINITIONS =
  'Δ columns pair each seed with the same seed under the baseline and count only the seeds where both reached the decision (pairs): the mean and the median of (design − baseline) with bootstrap 95% intervals, and the share of those pairs whose latencies differ at all (a median of +0m with many differing pairs means most seeds tie, not that the designs are equal)';

export const LATENCY_DEFINITIONS =
  "each latency is measured from the event (decided − the event that made the decision necessary: its rung entered, a decision in force) and from when its capital knew (decided − when its side's capital learned of that event)";

/** Why differences against the baseline are paired. */
export const PAIRING_NOTE =
  'Every design meets the same seeds (common random numbers), so differences against the baseline are paired.';

/** How a comparison's latencies and intervals read. */
export const READING_NOTE = `Latencies are in simulated time; ${LATENCY_DEFINITIONS}. Intervals are 95%: bootstrap for quantiles and paired differences, Wilson for rates.`;

/** How each latency measure is labelled in tables. */
const MEASURE_LABELS: Readonly<Record<LatencyMeasure, string>> = {
  fromEvent: 'event',
  fromKnown: 'capital knew',
};

/** How a design's runs of a decision ended, in words: what its latencies are measured over. */
function decisionCountsLine(design: string, l: LatencySummary): string {
  return (
    `\`${design}\`: decided in ${l.decided} of ${l.runs} runs; ` +
    `closed before issue (overtaken by events or rejected by the Diet) in ${l.closedUndecided} (never decided); ` +
    `not decided by the horizon in ${l.undecided}`
  );
}

/**
 * One table per decision: per design and per measure (from the event, from when its capital
 * knew), the reach, median and p90 with 95% intervals, and the paired difference of medians;
 * under it, per design, how many runs decided it, closed it before issue, or left it undecided.
 */
export function latencyTables(
  summaries: readonly DesignSummary[],
  labels: ReadonlyMap<string, string>,
  baseline: string,
): string[] {
  const lines: string[] = summaries.some((s) => s.paired) ? [`${PAIRED_DEFINITIONS}.`, ''] : [];
  const decisions = summaries[0]?.latencies.map((l) => l.decision) ?? [];
  for (const decision of decisions) {
    lines.push(`### ${decision}${labels.has(decision) ? ` — ${labels.get(decision)}` : ''}`, '');
    const rows = summaries.flatMap((s) => {
      const l = s.latencies.find((x) => x.decision === decision)!;
      const p = s.paired?.find((x) => x.decision === decision);
      return LATENCY_MEASURES.map((measure) => {
        const q = l[measure];
        const d = p?.[measure];
        return [
          s.design,
          MEASURE_LABELS[measure],
          `${l.reached}/${l.runs}`,
          `${dur(q.median.estimate)} [${dur(q.median.lower)}–${dur(q.median.upper)}]`,
          `${dur(q.p90.estimate)} [${dur(q.p90.lower)}–${dur(q.p90.upper)}]`,
          ...(s.design === baseline
            ? ['baseline', '', '', '']
            : d && d.n > 0
              ? [
                  `${signed(d.meanDifference)} [${signed(d.meanLower)}, ${signed(d.meanUpper)}]`,
                  `${signed(d.medianDifference)} [${signed(d.lower)}, ${signed(d.upper)}]`,
                  `${pct(d.differingShare.estimate)} (${d.differing})`,
                  String(d.n),
                ]
              : ['—', '—', '—', '0']),
        ];
      });
    });
    lines.push(
      ...table(
        [
          'design',
          'measured from',
          'reached',
          'median [95% CI]',
          'p90 [95% CI]',
          `Δ mean vs ${baseline} [95% CI]`,
          'Δ median [95% CI]',
          'pairs that differ',
          'pairs',
        ],
        rows,
      ),
      '',
    );
    lines.push('Latencies count the runs that decided it:', '');
    lines.push(
      ...summaries.map(
        (s) =>
          `- ${decisionCountsLine(
            s.design,
            s.latencies.find((x) => x.decision === decision)!,
          )}`,
      ),
      '',
    );
  }
  return lines;
}

/** Outcome rates per design with Wilson intervals. */
export function outcomeTable(
  summaries: readonly DesignSummary[],
  rungs: readonly string[],
  objective: string,
): string[] {
  const objectiveIndex = rungs.indexOf(objective);
  const atLeast = rungs.slice(objectiveIndex);
  const rows = summaries.map((s) => {
    const modal = Object.entries(s.highestRung).reduce((a, b) => (b[1].count > a[1].count ? b : a));
    const reached = atLeast.reduce((n, r) => n + (s.highestRung[r]?.count ?? 0), 0);
    const top = s.highestRung[rungs.at(-1)!]!;
    return [
      s.design,
      String(s.runs),
      `${pct(s.faitAccompli.rate)} [${pct(s.faitAccompli.lower)}–${pct(s.faitAccompli.upper)}]`,
      `${pct(reached / s.runs)}`,
      `${pct(top.rate)} [${pct(top.lower)}–${pct(top.upper)}]`,
      `${modal[0]} (${pct(modal[1].rate)})`,
      `${hours(s.timeAtObjectiveOrHigher.estimate)} [${hours(s.timeAtObjectiveOrHigher.lower)}–${hours(s.timeAtObjectiveOrHigher.upper)}]`,
    ];
  });
  return table(
    [
      'design',
      'runs',
      'fait accompli [95% CI]',
      `reached ${objective} or higher`,
      `escalated to the top rung, ${rungs.at(-1)} [95% CI]`,
      'most common highest rung',
      `hours at ${objective} or higher per run, mean [95% CI]`,
    ],
    rows,
  );
}
