/**
 * The bottom line of a batch, first in its report, its summary and on the terminal: per key
 * decision, the fastest and the slowest design by the restricted mean time from the event to the
 * decision over the horizon (the primary measure: runs that needed it, undecided ones counted up
 * to the horizon), their paired difference over the same seeds with its bootstrap 95% interval,
 * and the groups of designs that cannot be told apart at this number of seeds; then the
 * fait-accompli rates of the least and the most often overrun design compared seed by seed (the
 * exact McNemar test on the seeds where only one of them ended in a fait accompli, and the paired
 * difference in rate with a bootstrap interval). In sentences a reader can quote.
 */
import type { RunColumns } from './columns.js';
import { decisionObservations } from './timeToDecision.js';
import { pairedRmstSeed, seedOf } from './summary.js';
import { escape } from './html.js';
import { jointPairedDifferenceIntervals } from '../stats/bootstrap.js';
import { groupsBetween, type PairDifference } from '../stats/indistinguishable.js';
import { mcnemarExactP } from '../stats/mcnemar.js';
import { resampledRmst, rmstDifferenceOf, type RmstReplicates } from '../stats/survival.js';

/** What the bottom line reads of one design's runs at one sweep point, in seed order. */
export type SeedOutcomes = Pick<
  RunColumns,
  'design' | 'length' | 'seed' | 'faitAccompli' | 'decisions' | 'eventAt' | 'latencyFromEvent'
>;

/** The columns the bottom line reads, without the others (a worker sends these to the main thread). */
export function seedOutcomesOf(c: RunColumns): SeedOutcomes {
  const { design, length, seed, faitAccompli, decisions, eventAt, latencyFromEvent } = c;
  return { design, length, seed, faitAccompli, decisions, eventAt, latencyFromEvent };
}

/** One key decision's bottom line; minutes throughout. */
export interface DecisionBottomLine {
  readonly decision: string;
  /**
   * The designs some of whose runs needed the decision, fastest first, each with its restricted
   * mean minutes from the event up to the horizon.
   */
  readonly order: ReadonlyArray<{ readonly design: string; readonly restrictedMean: number }>;
  /**
   * The pairs compared (the fastest and the slowest, and each design with its group's leader), a
   * before b in the outcomes' order: b's restricted mean − a's, paired by seed, with its 95% interval.
   */
  readonly pairs: readonly PairDifference[];
  /** The groups of designs that cannot be told apart, fastest first. */
  readonly groups: readonly (readonly string[])[];
}

/** The fait-accompli rates of two designs compared seed by seed. */
export interface FaitAccompliComparison {
  /** The design least often ended in a fait accompli, and its rate. */
  readonly a: string;
  readonly rateA: number;
  /** The design most often ended in a fait accompli, and its rate. */
  readonly b: string;
  readonly rateB: number;
  /** Seeds both ran. */
  readonly seeds: number;
  /** Seeds where only a's run, and where only b's run, ended in a fait accompli. */
  readonly aOnly: number;
  readonly bOnly: number;
  /** The exact two-sided McNemar p-value on the discordant seeds. */
  readonly pValue: number;
  /** b's rate − a's over the seeds both ran, with its bootstrap 95% interval (resampling seeds). */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
}

/** A sweep point's bottom line: the figures, and the sentences that state them. */
export interface BottomLine {
  /** Seeds every design ran. */
  readonly seeds: number;
  readonly decisions: readonly DecisionBottomLine[];
  /** Null with fewer than two designs. */
  readonly faitAccompli: FaitAccompliComparison | null;
  readonly sentences: readonly string[];
}

/** What the bottom line is computed for. */
export interface BottomLineOptions {
  readonly decisions: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  /** The runs' horizon in minutes. */
  readonly horizon: number;
  readonly resamples?: number;
  /**
   * A design's restricted-mean replicates of a decision, from its summary
   * (`summarizeDesignWithReplicates`: the same seed, the same draws): where every design has them
   * and ran the seeds all of them ran, in ascending order, and no others, the pairs are compared
   * from them instead of resampling the outcomes again (the same figures).
   */
  readonly replicates?: (design: string, decision: string) => RmstReplicates | undefined;
}

/** Each design's run of every seed all designs ran, seeds ascending. */
function commonSeeds(outcomes: readonly SeedOutcomes[]): { seeds: number[]; runs: number[][] } {
  const maps = outcomes.map((o) => new Map(Array.from(o.seed, (s, i) => [s, i])));
  const seeds = [...maps[0]!.keys()].filter((s) => maps.every((m) => m.has(s)));
  seeds.sort((x, y) => x - y);
  return { seeds, runs: maps.map((m) => seeds.map((s) => m.get(s)!)) };
}

/** Whether every design ran exactly the common seeds, in ascending order (its runs are those units). */
function runsAreCommonSeeds(outcomes: readonly SeedOutcomes[], runs: readonly number[][]): boolean {
  return outcomes.every(
    (o, d) => o.length === runs[d]!.length && runs[d]!.every((r, i) => r === i),
  );
}

/** The designs that needed a decision (in the outcomes' order), their replicates resampled together. */
function resampledDesigns(
  outcomes: readonly SeedOutcomes[],
  runs: readonly number[][],
  decision: string,
  options: BottomLineOptions,
): { designs: string[]; replicates: RmstReplicates[] } {
  const given = outcomes.map((o) => options.replicates?.(o.design, decision));
  const usable =
    runsAreCommonSeeds(outcomes, runs) &&
    given.every((r) => r !== undefined && r.units === runs[0]!.length);
  const replicates = usable
    ? (given as RmstReplicates[])
    : resampledRmst(
        outcomes.map((o, d) => {
          const all = decisionObservations(o, decision, options.horizon);
          return runs[d]!.map((i) => all[i]);
        }),
        options.horizon,
        // one design alone has no pair to compare: its restricted mean needs no resamples
        {
          seed: pairedRmstSeed(decision),
          resamples: outcomes.length < 2 ? 1 : (options.resamples ?? 1000),
        },
      );
  const needed = outcomes.flatMap((o, d) => (replicates[d]!.size > 0 ? [d] : []));
  return {
    designs: needed.map((d) => outcomes[d]!.design),
    replicates: needed.map((d) => replicates[d]!),
  };
}

/** One decision's ranking, pairs and groups. */
function decisionBottomLine(
  outcomes: readonly SeedOutcomes[],
  runs: readonly number[][],
  decision: string,
  options: BottomLineOptions,
): DecisionBottomLine {
  const { designs, replicates } = resampledDesigns(outcomes, runs, decision, options);
  const order = designs.map((design, d) => ({
    design,
    restrictedMean: replicates[d]!.estimate,
  }));
  // a pair is held a before b in the outcomes' order (baseline first), computed only when asked
  const pairs = new Map<string, PairDifference>();
  const between = (x: string, y: string): PairDifference => {
    const [a, b] = designs.indexOf(x) < designs.indexOf(y) ? [x, y] : [y, x];
    const key = `${a}\n${b}`;
    const found = pairs.get(key);
    if (found) return found;
    const d = rmstDifferenceOf(replicates[designs.indexOf(a)]!, replicates[designs.indexOf(b)]!);
    const pair = { a, b, estimate: d.estimate, lower: d.lower, upper: d.upper };
    pairs.set(key, pair);
    return pair;
  };
  order.sort((x, y) => x.restrictedMean - y.restrictedMean);
  if (order.length > 1) between(order[0]!.design, order.at(-1)!.design);
  const groups = groupsBetween(
    order.map((x) => x.design),
    between,
  );
  return { decision, order, pairs: [...pairs.values()], groups };
}

/** The fait-accompli comparison of the least and the most often overrun designs. */
function faitAccompliComparison(
  outcomes: readonly SeedOutcomes[],
  runs: readonly number[][],
  resamples: number,
): FaitAccompliComparison | null {
  if (outcomes.length < 2 || runs[0]!.length === 0) return null;
  const flags = outcomes.map((o, d) => runs[d]!.map((i) => o.faitAccompli[i]!));
  const rates = flags.map((f) => f.reduce((s, x) => s + x, 0) / f.length);
  const byRate = rates.map((_, d) => d).sort((x, y) => rates[x]! - rates[y]!);
  const [low, high] = [byRate[0]!, byRate.at(-1)!];
  const [fa, fb] = [flags[low]!, flags[high]!];
  const a = outcomes[low]!.design;
  const b = outcomes[high]!.design;
  let aOnly = 0;
  let bOnly = 0;
  fa.forEach((x, i) => {
    if (x > fb[i]!) aOnly++;
    else if (x < fb[i]!) bOnly++;
  });
  const [paired] = jointPairedDifferenceIntervals([fb.map((x, i) => x - fa[i]!)], {
    seed: seedOf(`${b}/faitAccompli/paired/${a}`),
    resamples,
  });
  return {
    a,
    rateA: rates[low]!,
    b,
    rateB: rates[high]!,
    seeds: fa.length,
    aOnly,
    bOnly,
    pValue: mcnemarExactP(aOnly, bOnly),
    difference: paired!.meanDifference,
    lower: paired!.meanLower,
    upper: paired!.meanUpper,
  };
}

/**
 * The bottom line of a sweep point's designs (`outcomes`, the baseline first), paired over the
 * seeds all of them ran: every pair of a decision from the same resamples of those seeds, with the
 * decision's seed (`pairedRmstSeed`), as each design's summary is paired with the baseline.
 */
export function bottomLineOf(
  outcomes: readonly SeedOutcomes[],
  options: BottomLineOptions,
): BottomLine {
  const { seeds, runs } = commonSeeds(outcomes);
  const decisions = options.decisions.map((d) => decisionBottomLine(outcomes, runs, d, options));
  const faitAccompli = faitAccompliComparison(outcomes, runs, options.resamples ?? 1000);
  const figures = { seeds: seeds.length, decisions, faitAccompli };
  return { ...figures, sentences: bottomLineSentences(figures, options.labels) };
}

/** Minutes as hours and minutes ("11 h 59 min", "−42 min"), rounded to the minute. */
export function hoursAndMinutes(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const sign = Math.round(minutes) < 0 ? '−' : '';
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${sign}${m} min` : `${sign}${h} h ${String(m).padStart(2, '0')} min`;
}

/** Names joined as words: "a", "a and b", "a, b and c". */
function listed(names: readonly string[]): string {
  return names.length < 2
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A p-value as quoted: "p < 0.001", else three decimals. */
function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** A share as percentage points with one decimal. */
const points = (share: number) => (100 * share).toFixed(1).replace('-', '−');

/** The sentence of one decision. */
function decisionSentence(d: DecisionBottomLine, label: string, seeds: string): string {
  if (d.order.length === 0) return `${label}: no run of any design needed it.`;
  if (d.order.length === 1) return `${label}: only ${d.order[0]!.design}'s runs needed it.`;
  const [first, last] = [d.order[0]!, d.order.at(-1)!];
  if (first.restrictedMean === last.restrictedMean)
    return `${label}: the designs do not differ, each ${hoursAndMinutes(first.restrictedMean)} on average over the horizon at ${seeds} seeds.`;
  const fastest = d.order[0]!.design;
  const slowest = d.order.at(-1)!.design;
  const pair = d.pairs.find((p) => p.a === fastest && p.b === slowest);
  // a pair is stored as (earlier, later) in the outcomes' order: slowest − fastest is ± its difference
  const sign = pair ? 1 : -1;
  const p = pair ?? d.pairs.find((x) => x.a === slowest && x.b === fastest)!;
  const [lower, upper] = sign > 0 ? [p.lower, p.upper] : [-p.upper, -p.lower];
  const together = d.groups.filter((g) => g.length > 1);
  const groups =
    together.length === 0
      ? `each design differs measurably from the next faster one at ${seeds} seeds`
      : together.map((g) => `${listed(g)} cannot be told apart at ${seeds} seeds`).join('; ');
  return (
    `${label}: ${fastest} is fastest, ${hoursAndMinutes(sign * p.estimate)} sooner than ${slowest} ` +
    `on average over the horizon [${hoursAndMinutes(lower)}, ${hoursAndMinutes(upper)}]; ${groups}.`
  );
}

/** The sentence of the fait-accompli comparison. */
function faitAccompliSentence(f: FaitAccompliComparison): string {
  if (f.rateA === f.rateB)
    return `Fait accompli: every design ends in one equally often (${points(f.rateA)}% of ${f.seeds.toLocaleString('en-US')} seeds).`;
  return (
    `Fait accompli: ${f.a} ends in one least often (${points(f.rateA)}%), ${f.b} most often ` +
    `(${points(f.rateB)}%); seed by seed, ${f.b} is ${points(f.difference)} points higher ` +
    `[${points(f.lower)}, ${points(f.upper)}]: on ${f.bOnly} seeds only ${f.b}'s run ended in one, ` +
    `on ${f.aOnly} only ${f.a}'s (exact McNemar ${pText(f.pValue)}).`
  );
}

/** The bottom line's sentences: one per decision, then the fait-accompli comparison. */
function bottomLineSentences(
  figures: Omit<BottomLine, 'sentences'>,
  labels: ReadonlyMap<string, string>,
): string[] {
  const seeds = figures.seeds.toLocaleString('en-US');
  return [
    ...figures.decisions.map((d) =>
      decisionSentence(d, labels.get(d.decision) ?? d.decision, seeds),
    ),
    ...(figures.faitAccompli ? [faitAccompliSentence(figures.faitAccompli)] : []),
  ];
}

/** What the bottom line measures, in one sentence. */
const BOTTOM_LINE_NOTE =
  'Time to decision is the restricted mean time from the event that made it necessary to the decision over the horizon, over the runs that needed it (a run not deciding it counts until the horizon), compared seed by seed; intervals are bootstrap 95% intervals.';

/** The bottom line as Markdown: a heading, the note and one bullet per sentence. */
export function bottomLineMarkdown(line: BottomLine, heading = '## Bottom line'): string[] {
  return [heading, '', BOTTOM_LINE_NOTE, '', ...line.sentences.map((s) => `- ${s}`), ''];
}

/**
 * The bottom line section of a summary: one point's under "## Bottom line", or each sweep point's
 * under its label; nothing when no point has one.
 */
export function bottomLineSection(
  points: ReadonlyArray<{ readonly point: string; readonly bottomLine?: BottomLine }>,
): string[] {
  const lines = points.filter((p) => p.bottomLine);
  if (lines.length === 0) return [];
  if (points.length === 1) return bottomLineMarkdown(points[0]!.bottomLine!);
  return [
    '## Bottom line',
    '',
    ...lines.flatMap((p) => bottomLineMarkdown(p.bottomLine!, `### At ${p.point}`)),
  ];
}

/** The bottom line as HTML, for the top of a report: each point's sentences (nothing without one). */
export function bottomLineHtml(
  points: ReadonlyArray<{ readonly label: string; readonly bottomLine?: BottomLine }>,
): string[] {
  const lines = points.filter((p) => p.bottomLine);
  if (lines.length === 0) return [];
  const list = (line: BottomLine) =>
    `<ul>${line.sentences.map((s) => `<li>${escape(s)}</li>`).join('')}</ul>`;
  return [
    '<section class="bottom-line">',
    '<h2>Bottom line</h2>',
    `<p>${escape(BOTTOM_LINE_NOTE)}</p>`,
    ...(points.length === 1
      ? [list(points[0]!.bottomLine!)]
      : lines.map((p) => `<h3>At ${escape(p.label)}</h3>${list(p.bottomLine!)}`)),
    '</section>',
  ];
}

/**
 * The terminal's headline of a finished batch: `opening` (what was run, where), the first point's
 * bottom line one sentence a line, and where to read on, the report's path last.
 */
export function bottomLineHeadline(
  opening: string,
  points: ReadonlyArray<{ readonly bottomLine?: BottomLine }>,
  dir: string,
): string[] {
  const line = points[0]?.bottomLine;
  const sweep = points.length > 1 ? ' (at the first sweep point)' : '';
  return [
    opening,
    ...(line ? line.sentences.map((s, i) => `${i === 0 ? `Bottom line${sweep}: ` : ''}${s}`) : []),
    `Full tables: ${dir}/summary.md`,
    `Open ${dir}/report.html`,
  ];
}
