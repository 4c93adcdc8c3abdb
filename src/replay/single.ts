/**
 * Replaying one run of a batch (`--run design:seed`, `design:seed@point` in a sweep): it runs
 * again with its trace, its recorded row is compared field by field, and where the batch kept
 * traces a mismatching run's first divergent entry is found.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { simulate } from '../engine/simulation.js';
import { toRow, type RunRow } from '../report/row.js';
import { rowJson } from '../report/jsonRow.js';
import { timelineOptionsOf } from '../report/timeline.js';
import { runIndex, type BatchPlan } from '../batch/plan.js';
import { seedIndex } from '../batch/seeds.js';
import { scanLines } from '../batch/lines.js';
import { jsonlRowDifference } from './rows.js';
import { divergence, runName } from './runs.js';
import { modelOfRun } from '../batch/posteriorModels.js';
import type { Divergence, ReplayReport } from './report.js';

/** Parses `design:seed` or `design:seed@point`. */
function parseRunSpec(
  spec: string,
  plan: BatchPlan,
): { design: number; point: number; seed: number } {
  const m = /^([^:@]+):(\d+)(?:@(.*))?$/.exec(spec.trim());
  const bad = (message: string) => new InputError([{ file: '--run', path: spec, message }]);
  if (!m) throw bad('expected design:seed, or design:seed@point for a sweep (e.g. acm-2015:17)');
  const design = plan.designs.findIndex((d) => d.id === m[1]);
  if (design < 0)
    throw bad(
      `no design "${m[1]}" in this batch (designs: ${plan.designs.map((d) => d.id).join(', ')})`,
    );
  const seed = Number(m[2]);
  if (seedIndex(plan.seeds, seed) < 0) throw bad(`seed ${seed} is not among the batch's seeds`);
  let point = 0;
  if (m[3] !== undefined) {
    point = /^\d+$/.test(m[3]) ? Number(m[3]) : plan.points.findIndex((p) => p.label === m[3]);
    if (point < 0 || point >= plan.points.length)
      throw bad(
        `no sweep point "${m[3]}" (points: ${plan.points.map((p, i) => `${i}: ${p.label || '(none)'}`).join('; ')})`,
      );
  } else if (plan.points.length > 1) {
    throw bad(
      `this batch has ${plan.points.length} sweep points: add @point (a label or a number from 0)`,
    );
  }
  return { design, point, seed };
}

/** The recorded row of one run, as its line of results.jsonl, or null. */
function recordedLine(
  dir: string,
  plan: BatchPlan,
  run: { design: number; point: number; seed: number },
): string | null {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return null;
  const id = plan.designs[run.design]!.id;
  const label = plan.points[run.point]!.label;
  let found: string | null = null;
  scanLines(file, (text) => {
    if (found !== null) return;
    try {
      const row = JSON.parse(text) as RunRow;
      if (row.design === id && row.seed === run.seed && row.point === label) found = text;
    } catch {
      // a line that is not a row is not this run
    }
  });
  return found;
}

/** Replays one run (`--run`); its recorded row is compared field by field. */
export function replayOne(
  dir: string,
  plan: BatchPlan,
  spec: string,
  problems: string[],
  tracesKept: boolean,
): Omit<ReplayReport, 'dir' | 'manifest' | 'changes' | 'tracesKept' | 'files'> {
  const run = parseRunSpec(spec, plan);
  const name = runName(plan, run.design, run.point, run.seed);
  const design = plan.designs[run.design]!;
  const model = modelOfRun(plan, run.design, run.point, run.seed);
  const result = simulate(model, { seed: run.seed, keepTrace: true });
  const line = recordedLine(dir, plan, run);
  let recorded: string | null = null;
  let rowDifference: string | null = null;
  if (line !== null) {
    const replayedLine = rowJson(toRow(result, plan.points[run.point]!.label));
    recorded = (JSON.parse(line) as RunRow).traceHash;
    rowDifference = line === replayedLine ? null : jsonlRowDifference(line, replayedLine);
  }
  const matched = recorded === result.traceHash;
  const divergences: Divergence[] = [];
  const notes = [...problems];
  if (line === null) notes.push(`results.jsonl holds no run ${name}`);
  else if (!matched && tracesKept) {
    const d = divergence(dir, plan, runIndex(plan, run.design, run.point, run.seed), name);
    if (typeof d === 'string') notes.push(d);
    else divergences.push(d);
  }
  return {
    problems: notes,
    checked: 1,
    matched: matched ? 1 : 0,
    mismatchCount: matched ? 0 : 1,
    mismatches:
      matched || recorded === null ? [] : [{ run: name, recorded, replayed: result.traceHash }],
    divergences,
    single: {
      run: name,
      design: design.id,
      seed: run.seed,
      point: plan.points[run.point]!.label,
      result,
      recorded,
      rowDifference,
      timeline: timelineOptionsOf(model),
    },
    ok: matched && rowDifference === null && notes.length === 0,
  };
}
