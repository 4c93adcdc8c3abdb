/** A replay report as text: what changed, each file's first difference, trace divergences, a run's timeline. */
import { join } from 'node:path';
import { formatDecisions, formatOutcome, formatTime, formatTimeline } from '../report/timeline.js';
import type { ReplayReport } from './report.js';

/** A replay report as text lines: what changed, mismatches, divergences, and the run's timeline. */
export function formatReplayReport(report: ReplayReport): string[] {
  const lines: string[] = [];
  const m = report.manifest;
  if (report.single) {
    const s = report.single;
    lines.push(
      `replay of ${s.run} from ${report.dir} (${m.scenario.id}; design ${s.design}; seed ${s.seed}${s.point ? `; ${s.point}` : ''})`,
      '',
    );
    for (const line of formatTimeline(s.result.trace ?? [], s.timeline)) lines.push(line);
    lines.push('', ...formatDecisions(s.result.decisions), '', formatOutcome(s.result.outcome), '');
    lines.push(`trace ${s.result.traceHash} (${s.result.events} entries)`);
  } else {
    lines.push(
      `replay of ${report.dir}: ${m.runs} runs (${m.designs.length} designs × ${m.seeds.count} seeds${m.points.length > 1 ? ` × ${m.points.length} sweep points` : ''}), recorded with ${m.engine.name} ${m.engine.version} on Node ${m.node}`,
    );
  }
  for (const c of report.changes) lines.push(`changed: ${c}`);
  for (const p of report.problems) lines.push(`problem: ${p}`);
  if (report.single) {
    const s = report.single;
    if (s.recorded !== null)
      lines.push(
        s.recorded === s.result.traceHash
          ? 'matches the recorded trace hash'
          : `MISMATCH: recorded ${s.recorded}, replayed ${s.result.traceHash}`,
      );
    if (s.rowDifference !== null) lines.push(`MISMATCH in results.jsonl: ${s.rowDifference}`);
  } else if (report.files.length > 0) {
    const jsonl = report.files[0]!;
    if (report.mismatchCount > 0)
      lines.push(
        `MISMATCH: ${report.mismatchCount} of ${report.checked} runs differ from their recorded trace hashes`,
      );
    else if (jsonl.first !== 'the file is missing')
      lines.push(
        `all ${report.matched} recorded runs match their trace hashes${jsonl.missing > 0 ? ` (${jsonl.missing} run${jsonl.missing === 1 ? ' has' : 's have'} no row)` : ''}`,
      );
    for (const x of report.mismatches)
      lines.push(
        `  ${x.run}: recorded ${x.recorded.slice(0, 16)}…, replayed ${x.replayed.slice(0, 16)}…`,
      );
    if (report.mismatchCount > report.mismatches.length)
      lines.push(`  … and ${report.mismatchCount - report.mismatches.length} more`);
  }
  for (const f of report.files) {
    if (f.ok) lines.push(`${f.file}: matches the replay`);
    else {
      const counts = [
        f.differing && `${f.differing} differing`,
        f.extra && `${f.extra} extra`,
        f.missing && `${f.missing} missing`,
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `MISMATCH in ${join(report.dir, f.file)}: ${f.first}${f.file.startsWith('results') && counts ? ` (rows: ${counts})` : ''}`,
      );
    }
  }
  for (const d of report.divergences) {
    lines.push(
      `first divergence of ${d.run}: entry ${d.index}${d.time === null ? '' : ` at ${formatTime(d.time)}`} (entries: [seconds, kind, actor, event, from, to, cause])`,
    );
    lines.push(`  recorded: ${d.recorded ?? '(trace ended)'}`);
    lines.push(`  replayed: ${d.replayed ?? '(trace ended)'}`);
  }
  if (!report.ok && report.mismatchCount > 0 && !report.tracesKept)
    lines.push('the batch kept no traces (run it with --traces to see where runs diverge)');
  if (!report.ok && report.mismatchCount > 0 && report.changes.length === 0) {
    lines.push(
      'the scenario, designs and engine version are unchanged: the engine code changed without a version bump, or the platform computes differently',
    );
  }
  return lines;
}
