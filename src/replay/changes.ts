/**
 * A recorded batch against the files as they are now: the plan they make today, what changed
 * since the batch (scenario, designs, engine, Node), and what is wrong with the manifest's own facts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPosterior, type LoadedPosterior } from '../assumptions/posterior.js';
import { InputError, formatIssue } from '../scenario/errors.js';
import { createPlan, type BatchPlan } from '../batch/plan.js';
import { parseSeeds } from '../batch/seeds.js';
import {
  engineVersion,
  MANIFEST_FILE,
  manifestIdentity,
  manifestPath,
  type BatchManifest,
} from '../batch/manifest.js';

/**
 * The posterior a batch drew from, as the manifest names it: a file whose bytes no longer have the
 * recorded SHA-256 (or that is gone) is an {@link InputError} naming it; a replay cannot say what
 * the batch ran on without it.
 */
function recordedPosterior(dir: string, m: BatchManifest): LoadedPosterior | undefined {
  if (!m.posterior) return undefined;
  const file = manifestPath(dir, m.posterior.file);
  const expected = m.posterior.sha256;
  if (!existsSync(file))
    throw new InputError([
      {
        file,
        path: '',
        message: `the posterior this batch drew from (manifest posterior.file) is missing; expected a file of sha256 ${expected}`,
      },
    ]);
  const got = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (got !== expected)
    throw new InputError([
      {
        file,
        path: '',
        message: `the posterior this batch drew from changed since the batch: expected sha256 ${expected} (the manifest's), got ${got}`,
      },
    ]);
  return loadPosterior(file);
}

/**
 * The plan of the batch from the files as they are now, and what changed against the manifest; a
 * posterior that changed is an {@link InputError} (see {@link recordedPosterior}).
 */
export function currentPlan(
  dir: string,
  m: BatchManifest,
): { plan: BatchPlan | null; changes: string[]; problems: string[] } {
  const changes: string[] = [];
  const problems: string[] = [];
  const engine = engineVersion();
  if (engine.version !== m.engine.version)
    changes.push(`engine version changed (${m.engine.version} → ${engine.version})`);
  if (process.version !== m.node)
    changes.push(`Node version changed (${m.node} → ${process.version})`);
  const scenarioFile = manifestPath(dir, m.scenario.file);
  // a variant runs its file's design: each file once, its variants from the manifest
  const designFiles = [...new Set(m.designs.map((d) => manifestPath(dir, d.file)))];
  const seeds = parseSeeds(m.seeds.ranges, {
    file: join(dir, MANIFEST_FILE),
    path: 'seeds.ranges',
  });
  const posterior = recordedPosterior(dir, m);
  let plan: BatchPlan;
  try {
    plan = createPlan({
      scenarioFile,
      designs: designFiles.join(','),
      seeds,
      sets: m.sweep.map((a) => `${a.path}=${a.values.join(',')}`),
      variants: m.variants ?? [],
      ...(m.options.outsideRange ? { outsideRange: true } : {}),
      ...(posterior ? { posterior } : {}),
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const files = new Set(error.issues.map((i) => i.file));
    for (const file of files) {
      const what =
        file === scenarioFile
          ? 'scenario file'
          : designFiles.includes(file)
            ? 'design file'
            : 'file';
      changes.push(`${what} ${file} changed: it no longer loads`);
    }
    for (const issue of error.issues) problems.push(formatIssue(issue));
    return { plan: null, changes, problems };
  }
  const base = plan.scenario.hash;
  if (base !== m.scenario.hash)
    changes.push(
      `scenario file ${scenarioFile} changed (content hash ${m.scenario.hash.slice(0, 12)} → ${base.slice(0, 12)})`,
    );
  else if (plan.points.some((p, i) => p.scenario.hash !== m.points[i]?.scenarioHash))
    changes.push(`the sweep points of scenario file ${scenarioFile} changed`);
  const recorded = m.designs.map((d) => d.id).join(',');
  const now = plan.designs.map((d) => d.id).join(',');
  if (recorded !== now) {
    changes.push(`design ids changed (${recorded} → ${now})`);
    problems.push(
      'the design files declare other ids than the batch recorded; runs cannot be matched',
    );
    return { plan: null, changes, problems };
  }
  for (let i = 0; i < plan.designs.length; i++) {
    const was = m.designs[i]!;
    const d = plan.designs[i]!;
    if (was.hash !== d.hash)
      changes.push(
        `design file ${d.file} changed (design ${d.id}, content hash ${was.hash.slice(0, 12)} → ${d.hash.slice(0, 12)})`,
      );
  }
  return { plan, changes, problems };
}

/** What is wrong with the manifest's own facts: an identity that is not theirs, counts that do not add up. */
export function manifestProblems(dir: string, m: BatchManifest, plan: BatchPlan): string[] {
  const file = join(dir, MANIFEST_FILE);
  const out: string[] = [];
  if (manifestIdentity(m) !== m.identity)
    out.push(
      `${file}: identity: does not match the manifest's content (the manifest was edited after the batch)`,
    );
  if (m.seeds.count !== plan.seeds.length)
    out.push(
      `${file}: seeds.count: ${m.seeds.count}, but seeds.ranges lists ${plan.seeds.length} seeds`,
    );
  if (m.runs !== plan.size)
    out.push(`${file}: runs: ${m.runs}, but the plan has ${plan.size} runs`);
  return out;
}
