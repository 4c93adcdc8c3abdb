/** Markdown tables of design summaries: for the terminal, for summary.md. */
import {
  LATENCY_MEASURES,
  type DesignSummary,
  type LatencyMeasure,
  type LatencySummary,
} from './summary.js';
import { formatDuration } from './timeline.js';
import type { Interval } from '../stats/intervals.js';
import type { RmstDifference } from '../stats/survival.js';

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

/** What the first table of each decision in {@link latencyTables} holds, in words. */
const TIME_TO_DECISION_DEFINITIONS =
  'The first table per decision counts every run that needed the decision (its event happened): the time from the event to its entry into force, a run not decided by the horizon counted as undecided until then (censored). Kaplan–Meier median with its 95% interval (∞: not reached by the horizon), the share decided by the horizon (Wilson 95%), the restricted mean up to the horizon (RMST, the mean time with undecided runs counted until the horizon) ± its standard error, and Δ RMST: design − baseline with a 95% interval from resampling the seeds';

/** What the paired columns of {@link latencyTables} are, in words (the tables say it above themselves). */
const PAIRED_DEFINITIONS =
  'The second table counts only the runs that decided it, and its Δ columns only the seeds where both the design and the baseline decided it (pairs; a design that decides less often can look faster there): the mean and the median of (design − baseline) with bootstrap 95% intervals, and the share of those pairs whose latencies differ at all (a median of +0m with many differing pairs means most seeds tie, not that the designs are equal)';

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

/**
 * How a design's runs of a decision ended, in words, four counts that add up to its runs (see
 * `DecisionCounts`): what its latencies are measured over.
 */
function decisionCountsLine(design: string, l: LatencySummary): string {
  return (
    `\`${design}\`: of ${l.runs} runs, decided in ${l.decided}; ` +
    `never needed (the event that calls for it never happened) in ${l.notTriggered}; ` +
    `needed but closed before it was issued (overtaken by events or rejected by the Diet) in ${l.closedUndecided}; ` +
    `needed and still undecided at the horizon in ${l.undecidedAtHorizon}`
  );
}

/** A duration's bound: ∞ where not reached, — where there is none. */
const bound = (x: number) => (x === Infinity ? '∞' : dur(x));

/** A design's Kaplan–Meier median with its interval, or "not reached". */
function kmMedianCell(median: Interval): string {
  const estimate = median.estimate === Infinity ? 'not reached' : dur(median.estimate);
  return `${estimate} [${bound(median.lower)}–${bound(median.upper)}]`;
}

/** Δ RMST against the baseline with its interval, saying how many resamples were skipped. */
function rmstDifferenceCell(d: RmstDifference): string {
  if (!Number.isFinite(d.estimate)) return '—';
  const skipped = d.skipped > 0 ? ` (${d.skipped} of ${d.resamples} resamples skipped)` : '';
  return `${signed(d.estimate)} [${signed(d.lower)}, ${signed(d.upper)}]${skipped}`;
}

/**
 * Per design, the decision's time from the event over the runs that needed it, censored at the
 * horizon: share decided, Kaplan–Meier median, RMST, Δ RMST against the baseline and, as the
 * secondary column, the "both decided" Δ mean.
 */
function timeToDecisionTable(
  summaries: readonly DesignSummary[],
  decision: string,
  baseline: string,
): string[] {
  const rows = summaries.map((s) => {
    const t = s.latencies.find((x) => x.decision === decision)!.timeToDecision;
    const p = s.paired?.find((x) => x.decision === decision);
    const both = p?.fromEvent;
    return [
      s.design,
      `${t.needed}/${s.runs}`,
      `${pct(t.shareDecided.estimate)} [${pct(t.shareDecided.lower)}–${pct(t.shareDecided.upper)}]`,
      kmMedianCell(t.median),
      `${dur(t.restrictedMean.estimate)} ± ${dur(t.restrictedMean.standardError)}`,
      ...(s.design === baseline
        ? ['baseline', 'baseline']
        : [
            p ? rmstDifferenceCell(p.restrictedMean) : '—',
            both && both.n > 0
              ? `${signed(both.meanDifference)} [${signed(both.meanLower)}, ${signed(both.meanUpper)}] (${both.n} pair${both.n === 1 ? '' : 's'})`
              : '—',
          ]),
    ];
  });
  return table(
    [
      'design',
      'needed',
      'decided by the horizon [95% CI]',
      'Kaplan–Meier median [95% CI]',
      'RMST to the horizon ± SE',
      `Δ RMST vs ${baseline} [95% CI]`,
      'Δ mean, both decided [95% CI]',
    ],
    rows,
  );
}

/**
 * Per design and per measure (from the event, from when its capital knew), over the runs that
 * decided it: how many, median and p90 with 95% intervals, and the "both decided" paired
 * differences against the baseline.
 */
function decidedRunsTable(
  summaries: readonly DesignSummary[],
  decision: string,
  baseline: string,
): string[] {
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
  return table(
    [
      'design',
      'measured from',
      'decided',
      'median of decided runs [95% CI]',
      'p90 of decided runs [95% CI]',
      `Δ mean vs ${baseline}, both decided [95% CI]`,
      'Δ median, both decided [95% CI]',
      'pairs that differ',
      'pairs (both decided)',
    ],
    rows,
  );
}

/**
 * Two tables per decision. First, over the runs that needed it with those not decided by the
 * horizon censored there: per design the share decided, the Kaplan–Meier median and the
 * restricted mean to the horizon, and against the baseline the paired Δ RMST (with the "both
 * decided" Δ mean beside it). Second, over the runs that decided it: per design and per measure
 * (from the event, from when its capital knew) the median and p90 with 95% intervals and the
 * paired differences over the seeds where both decided it. Under them, per design, how many runs
 * decided it, never needed it, closed it before issue, or left it undecided at the horizon.
 */
export function latencyTables(
  summaries: readonly DesignSummary[],
  labels: ReadonlyMap<string, string>,
  baseline: string,
): string[] {
  const lines: string[] = [
    `${TIME_TO_DECISION_DEFINITIONS}.`,
    '',
    ...(summaries.some((s) => s.paired) ? [`${PAIRED_DEFINITIONS}.`, ''] : []),
  ];
  const decisions = summaries[0]?.latencies.map((l) => l.decision) ?? [];
  for (const decision of decisions) {
    lines.push(`### ${decision}${labels.has(decision) ? ` — ${labels.get(decision)}` : ''}`, '');
    lines.push(...timeToDecisionTable(summaries, decision, baseline), '');
    lines.push(...decidedRunsTable(summaries, decision, baseline), '');
    lines.push('How the runs ended for it (the second table counts the decided ones):', '');
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
