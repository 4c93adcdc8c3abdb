/** Markdown tables of design summaries: for the terminal, for summary.md. */
import type { DesignSummary } from './summary.js';
import { formatDuration } from './timeline.js';

const dur = (x: number) => (Number.isFinite(x) ? formatDuration(x) : '—');
const signed = (x: number) => (Number.isFinite(x) ? `${x < 0 ? '−' : '+'}${formatDuration(Math.abs(x))}` : '—');
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** One table per decision: per design the reach, median and p90 with 95% intervals, and the paired difference. */
export function latencyTables(summaries: readonly DesignSummary[], labels: ReadonlyMap<string, string>, baseline: string): string[] {
  const lines: string[] = [];
  const decisions = summaries[0]?.latencies.map((l) => l.decision) ?? [];
  for (const decision of decisions) {
    lines.push(`### ${decision}${labels.has(decision) ? ` — ${labels.get(decision)}` : ''}`, '');
    const rows = summaries.map((s) => {
      const l = s.latencies.find((x) => x.decision === decision)!;
      const p = s.paired?.find((x) => x.decision === decision);
      return [
        s.design,
        `${l.reached}/${l.runs}`,
        `${dur(l.median.estimate)} [${dur(l.median.lower)}–${dur(l.median.upper)}]`,
        `${dur(l.p90.estimate)} [${dur(l.p90.lower)}–${dur(l.p90.upper)}]`,
        s.design === baseline ? 'baseline' : p && p.n > 0 ? `${signed(p.medianDifference)} [${signed(p.lower)}, ${signed(p.upper)}] (n=${p.n})` : '—',
      ];
    });
    lines.push(...table(['design', 'reached', 'median [95% CI]', 'p90 [95% CI]', `paired Δ median vs ${baseline} [95% CI]`], rows), '');
  }
  return lines;
}

/** Outcome rates per design with Wilson intervals. */
export function outcomeTable(summaries: readonly DesignSummary[], rungs: readonly string[], objective: string): string[] {
  const objectiveIndex = rungs.indexOf(objective);
  const atLeast = rungs.slice(objectiveIndex);
  const rows = summaries.map((s) => {
    const modal = Object.entries(s.highestRung).reduce((a, b) => (b[1].count > a[1].count ? b : a));
    const reached = atLeast.reduce((n, r) => n + (s.highestRung[r]?.count ?? 0), 0);
    return [
      s.design,
      String(s.runs),
      `${pct(s.faitAccompli.rate)} [${pct(s.faitAccompli.lower)}–${pct(s.faitAccompli.upper)}]`,
      `${pct(reached / s.runs)}`,
      `${modal[0]} (${pct(modal[1].rate)})`,
    ];
  });
  return table(['design', 'runs', 'fait accompli [95% CI]', `reached ${objective} or higher`, 'most common highest rung'], rows);
}
