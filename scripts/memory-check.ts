/**
 * Memory check (not a test): runs a small and a large batch, each in a child process of its own,
 * and reports each one's peak resident memory (the process's maxRSS, worker threads included)
 * and their ratio. The batch streams rows to disk, so the large one should peak within ~10% of
 * the small one.
 *
 *   node --import tsx scripts/memory-check.ts [SMALL=1000] [LARGE=100000] [--designs all] [--workers N] [--scenario FILE] [--keep]
 *
 * Run counts are rounded up to whole seeds per design (runs = designs × seeds). Try it small first:
 *   node --import tsx scripts/memory-check.ts 200 2000
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatch } from '../src/batch/runBatch.js';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';

interface ChildReport {
  readonly runs: number;
  readonly wallMs: number;
  readonly peakRssMB: number;
}

async function child(argv: readonly string[]): Promise<void> {
  const [scenario, designs, seeds, workers, out] = argv as [string, string, string, string, string];
  const started = performance.now();
  const [from, to] = seeds.split('..').map(Number) as [number, number];
  const list = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const result = await runBatch({ scenario, designs, seeds: list, seedsText: seeds, out, ...(workers !== 'default' ? { workers: Number(workers) } : {}) });
  const report: ChildReport = { runs: result.runs, wallMs: performance.now() - started, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = argv[i + 1] ?? fallback;
  argv.splice(i, 2);
  return value;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv.slice(1));
  const keep = argv.includes('--keep');
  if (keep) argv.splice(argv.indexOf('--keep'), 1);
  const scenario = option(argv, 'scenario', 'scenarios/senkaku-gray-zone.yaml');
  const designs = option(argv, 'designs', 'all');
  const workers = option(argv, 'workers', 'default');
  const [small = 1000, large = 100_000] = argv.map(Number);
  const count = resolveDesignFiles(scenario, designs).length;
  const dir = mkdtempSync(join(tmpdir(), 'rungs-memory-check-'));
  const script = fileURLToPath(import.meta.url);
  const reports: ChildReport[] = [];
  try {
    for (const runs of [small, large]) {
      const seeds = Math.max(1, Math.ceil(runs / count));
      process.stderr.write(`batch of ${count} designs × ${seeds} seeds (${count * seeds} runs)…\n`);
      const out = execFileSync(process.execPath, [...BATCH_NODE_FLAGS, '--import', 'tsx', script, '--child', scenario, designs, `1..${seeds}`, workers, join(dir, `b${runs}`)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      const report = JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
      reports.push(report);
      console.log(`${String(report.runs).padStart(7)} runs: peak RSS ${report.peakRssMB.toFixed(0).padStart(4)} MB, wall ${(report.wallMs / 1000).toFixed(1)} s`);
    }
    const ratio = reports[1]!.peakRssMB / reports[0]!.peakRssMB;
    console.log(`ratio ${ratio.toFixed(3)} (large / small peak RSS): ${ratio <= 1.1 ? 'within' : 'NOT within'} 10%`);
    if (keep) console.log(`batches kept in ${dir}`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
