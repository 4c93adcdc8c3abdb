/**
 * Memory check (not a test): runs a small and a large batch, each in a child process of its own,
 * and reports each one's peak resident memory (the process's maxRSS, worker threads included)
 * and their ratio. The batch streams rows to disk, so the large one should peak within ~10% of
 * the small one. See HELP; try it small first: `rungs memory-check 200 2000`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatch } from '../src/batch/runBatch.js';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';
import { LIMITS } from '../src/batch/limits.js';
import { commandArgs, intOption, stringOption, type ParsedArgs } from '../src/cli/args.js';
import { designOption, resolveDesigns } from '../src/cli/designs.js';
import { runCli, UsageError } from '../src/cli/run.js';

const HELP = `usage: rungs memory-check [SMALL] [LARGE] [--design all|A,B] [--workers N] [--scenario FILE] [--keep]
       (npm run memory-check -- … is the same)

Runs a batch of about SMALL runs (default 1000) and one of about LARGE runs (default 100000), each
in a child process of its own, and prints each one's peak resident memory and their ratio: the
batch streams rows to disk, so the large one should peak within ~10% of the small one. Run counts
are rounded up to whole seeds per design (runs = designs × seeds). Try it small first: 200 2000.

  --design LIST     all (default), or names or files separated by commas (--designs works too)
  --workers N       worker threads of each batch, 1 to ${LIMITS.workers} (default: available parallelism)
  --scenario FILE   the scenario (default scenarios/senkaku-gray-zone.yaml)
  --keep            keep the two batch folders (their path is printed)

exit codes: 0 done, 1 a batch failed, 2 bad arguments`;

const OPTIONS = {
  design: 'value',
  workers: 'value',
  scenario: 'value',
  keep: 'flag',
  child: 'flag',
} as const;

interface ChildReport {
  readonly runs: number;
  readonly wallMs: number;
  readonly peakRssMB: number;
}

/** The child: one batch, its wall time and peak memory as a JSON line. Arguments: SCENARIO DESIGNS FROM..TO WORKERS OUT. */
async function child(argv: readonly string[]): Promise<void> {
  const [scenario, designs, seeds, workers, out] = argv as [string, string, string, string, string];
  const started = performance.now();
  const [from, to] = seeds.split('..').map(Number) as [number, number];
  const list = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const result = await runBatch({
    scenario,
    designs,
    seeds: list,
    seedsText: seeds,
    out,
    ...(workers !== 'default' ? { workers: Number(workers) } : {}),
  });
  const report: ChildReport = {
    runs: result.runs,
    wallMs: performance.now() - started,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** SMALL and LARGE, whole numbers of runs with SMALL < LARGE. */
function runCounts(args: ParsedArgs): [number, number] {
  if (args.positional.length > 2)
    throw new UsageError(
      `unexpected argument "${args.positional[2]}" (give SMALL and LARGE, numbers of runs)`,
    );
  const [small, large] = [1000, 100_000].map((fallback, i) => {
    const text = args.positional[i];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1 || n > LIMITS.runs)
      throw new UsageError(
        `${i === 0 ? 'SMALL' : 'LARGE'} is a number of runs from 1 to ${LIMITS.runs.toLocaleString('en')}, got "${text}"`,
      );
    return n;
  }) as [number, number];
  if (small >= large)
    throw new UsageError(`SMALL (${small}) must be fewer runs than LARGE (${large})`);
  return [small, large];
}

/** Runs one batch in a child process with the batch's Node flags; its report. A failed child is an error naming how it ended (its own messages are on stderr). */
function batchInChild(script: string, childArgs: readonly string[]): ChildReport {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [...BATCH_NODE_FLAGS, '--import', 'tsx', script, '--child', ...childArgs],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
  } catch (error) {
    const { status, signal } = error as { status: number | null; signal: string | null };
    throw new Error(
      `the batch in a child process failed (${signal ? `stopped by ${signal}` : `exit code ${status}`}); its messages are above`,
      { cause: error },
    );
  }
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
}

runCli(async () => {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv.slice(1));
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return 0;
  if (args.options.has('child'))
    throw new UsageError('is for the check itself (its first argument)', '--child');
  const [small, large] = runCounts(args);
  const scenario = stringOption(args, 'scenario', 'scenarios/senkaku-gray-zone.yaml')!;
  const designs = designOption(args, 'all')!;
  const workers = args.options.has('workers')
    ? String(intOption(args, 'workers', 1, { min: 1, max: LIMITS.workers }))
    : 'default';
  const count = resolveDesigns(scenario, designs).length;
  const keep = args.options.has('keep');
  const dir = mkdtempSync(join(tmpdir(), 'rungs-memory-check-'));
  const script = fileURLToPath(import.meta.url);
  const reports: ChildReport[] = [];
  try {
    for (const runs of [small, large]) {
      const seeds = Math.max(1, Math.ceil(runs / count));
      process.stderr.write(`batch of ${count} designs × ${seeds} seeds (${count * seeds} runs)…\n`);
      const report = batchInChild(script, [
        scenario,
        designs,
        `1..${seeds}`,
        workers,
        join(dir, `b${runs}`),
      ]);
      reports.push(report);
      console.log(
        `${String(report.runs).padStart(7)} runs: peak RSS ${report.peakRssMB.toFixed(0).padStart(4)} MB, wall ${(report.wallMs / 1000).toFixed(1)} s`,
      );
    }
    const ratio = reports[1]!.peakRssMB / reports[0]!.peakRssMB;
    console.log(
      `ratio ${ratio.toFixed(3)} (large / small peak RSS): ${ratio <= 1.1 ? 'within' : 'NOT within'} 10%`,
    );
    if (keep) console.log(`batches kept in ${dir}`);
    return 0;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
});
