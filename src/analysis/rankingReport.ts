/**
 * A ranking study written out: per output, each design's standing at the files' values and across
 * the sampled points, how often the whole order holds against how often seeds alone keep it, and
 * a table of which design beats which how often; the study as JSON; and the points and values as
 * CSV for plotting elsewhere.
 */
import { overriddenTitle, provenanceNote } from '../report/provenance.js';
import { formatDuration } from '../report/timeline.js';
import type { RankingStudy } from './ranking.js';
import { drawnNote } from './studyReport.js';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—');
const isRate = (name: string) => name.endsWith(' rate');
const shown = (name: string, v: number) =>
  !Number.isFinite(v) ? '—' : isRate(name) ? `${(100 * v).toFixed(1)}%` : formatDuration(v);
const tau = (t: number) => (Number.isFinite(t) ? t.toFixed(2) : '—');

/** The groups of designs that cannot be told apart, in words. */
function groupsText(groups: readonly (readonly string[])[], seeds: number): string {
  const together = groups.filter((g) => g.length > 1);
  const order = groups.map((g) => (g.length > 1 ? `{${g.join(', ')}}` : g[0])).join(' < ');
  return together.length === 0
    ? `Every design is told apart from the next at ${seeds} seeds: ${order}.`
    : `Grouped where they cannot be told apart: ${order} (${together.map((g) => g.join(' and ')).join('; ')} indistinguishable at ${seeds} seeds).`;
}

/** The study as Markdown lines. */
export function rankingMarkdown(study: RankingStudy): string[] {
  const lines = [
    `# ${overriddenTitle(`Does the ranking of ${study.designs.length} designs hold across the plausible ranges?`, study.provenance?.overrides ?? [])}`,
    '',
    `${study.parameters.length} assumptions varied over their registered ranges at ${study.samples} quasi-random points (sample seed ${study.sampleSeed}); every design runs the same ${study.seeds} seeds at each point (common random numbers). Baseline: ${study.baseline}.${drawnNote(study.posterior)}${study.provenance ? ` ${provenanceNote(study.provenance)}` : ''}`,
    `A decision is ranked on its restricted mean time from the event to the order (RMST up to the horizon: the area under the Kaplan–Meier curve, a decision still pending at the horizon censored there, over the seeds in which each design needed it); the fait-accompli rate on its rate. Designs are grouped where their paired difference at the files' values has a 95% interval that includes zero: such designs cannot be told apart at ${study.seeds} seeds, and no order among them is claimed. Lower is better; rank 1 is best, ties share a rank. "Seeds alone" repeats the files' values on 10 independent blocks of as many seeds: an order that seeds alone do not keep cannot be expected to hold across the ranges.`,
    '',
  ];
  for (const o of study.outputs) {
    lines.push(`## ${o.name}`, '');
    if (o.points === 0) {
      lines.push('No sampled point at which every design needed it.', '');
      continue;
    }
    lines.push(
      `Order at the files' values: ${o.referenceOrder.join(' < ')}.`,
      `${groupsText(o.groups, study.seeds)}`,
      `Same order at ${pct(o.overRanges.shareSameOrder)} of ${o.points} points (mean Kendall τ-b ${tau(o.overRanges.meanKendallTau)}); from seeds alone at the files' values, ${pct(o.fromSeeds.shareSameOrder)} of blocks (τ-b ${tau(o.fromSeeds.meanKendallTau)}).`,
      '',
      `| design | at the files' values | rank there | mean rank over the ranges | alone first | alone last | ahead of ${study.baseline} |`,
      '|---|---|---|---|---|---|---|',
    );
    const byReference = [...o.standings].sort(
      (a, b) => a.referenceRank - b.referenceRank || (a.design < b.design ? -1 : 1),
    );
    for (const s of byReference) {
      lines.push(
        `| ${s.design} | ${shown(o.name, s.referenceValue)} | ${s.referenceRank} | ${s.meanRank.toFixed(2)} | ${pct(s.shareFirst)} | ${pct(s.shareLast)} | ${s.design === study.baseline ? '—' : pct(s.shareAheadOfBaseline)} |`,
      );
    }
    const order = byReference.map((s) => study.designs.indexOf(s.design));
    lines.push(
      '',
      `Share of points where the row's design is better than the column's:`,
      '',
      `| | ${order.map((j) => study.designs[j]).join(' | ')} |`,
      `|---|${order.map(() => '---|').join('')}`,
    );
    for (const i of order)
      lines.push(
        `| ${study.designs[i]} | ${order.map((j) => (i === j ? '' : pct(o.beats[i]![j]!))).join(' | ')} |`,
      );
    lines.push('');
  }
  return lines;
}

/** The study as JSON (without the sample and values, which points.csv holds). */
export function rankingJson(study: RankingStudy): string {
  const { sample: _sample, values: _values, register, ...rest } = study;
  return JSON.stringify(
    { ...rest, assumptions: register.filter((a) => study.parameters.some((p) => p.name === a.id)) },
    (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

/**
 * One row per point: the assumptions' values (a structural choice's alternative by name), then
 * each design's value of each output (minutes, or a rate).
 */
export function rankingCsv(study: RankingStudy): string {
  const names = study.outputs.map((o) => o.name);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const header = [
    ...study.parameters.map((p) => p.name),
    ...study.designs.flatMap((d) => names.map((n) => `${d}: ${n}`)),
  ]
    .map(quote)
    .join(',');
  const k = study.parameters.length;
  const number = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');
  // a structural choice's column holds the name of its alternative
  const columns = study.parameters.map((p) => {
    const a = study.register.find((x) => x.id === p.name);
    return a?.kind === 'choice' ? (x: number) => quote(a.alternatives[x]!.name) : number;
  });
  const rows = study.values.map((v, i) =>
    [
      ...Array.from(study.sample.data.subarray(i * k, (i + 1) * k), (x, j) => columns[j]!(x)),
      ...v.map(number),
    ].join(','),
  );
  return `${header}\n${rows.join('\n')}\n`;
}
