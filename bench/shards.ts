/**
 * `rungs bench-shards [-- --seeds 1..2000] [--rounds 3] [--shard-workers N]`: a batch split into 2 shard processes on
 * this machine against the same batch in one process with 2 workers (the reference batch: every
 * design × seeds 1..2000 by default). Times each as the median of `--rounds` rounds, in this
 * order per round: the single process, then both shards at once (each with its share of the
 * cores as worker threads, half of them, unless `--shard-workers` says otherwise), then the merge.
 * Prints the ratio (shards + merge) / single and the merge alone; every process is started the way
 * the npm scripts start them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';
import { commandArgs, intOption, stringOption } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const HELP = `usage: rungs bench-shards [--seeds 1..2000] [--rounds 3] [--shard-workers N]   (npm run bench-shards -- …)

Times the reference batch (every design × SEEDS) in one process with 2 workers against the same
batch as 2 shard processes at once (SHARD-WORKERS worker threads each, by default half the cores:
each shard's share of this machine) plus their merge, as the median of ROUNDS rounds.`;

/** Runs a command as its npm script does (`node <flags> bin/rungs.mjs <command>`); resolves with the seconds it took. */
function timed(command: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...BATCH_NODE_FLAGS, 'bin/rungs.mjs', command, ...args],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(
            new Error(`rungs ${command} ${args.join(' ')} exited ${code}: ${err.slice(-500)}`),
          ),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    { seeds: 'value', rounds: 'value', 'shard-workers': 'value' },
    HELP,
  );
  if (!args) return 0;
  const seeds = stringOption(args, 'seeds', '1..2000')!;
  const rounds = intOption(args, 'rounds', 3, { min: 1, max: 20 });
  const shardWorkers = intOption(
    args,
    'shard-workers',
    Math.max(1, Math.floor(availableParallelism() / 2)),
    { min: 1, max: 64 },
  );
  const batch = [
    '--scenario',
    'scenarios/senkaku-gray-zone.yaml',
    '--design',
    'all',
    '--seeds',
    seeds,
  ];
  const single: number[] = [];
  const sharded: number[] = [];
  const merges: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'rungs-bench-shards-'));
    try {
      single.push(await timed('batch', [...batch, '--workers', '2', '--out', join(dir, 'single')]));
      const started = performance.now();
      await Promise.all(
        [0, 1].map((i) =>
          timed('batch', [
            ...batch,
            '--workers',
            String(shardWorkers),
            '--shard',
            `${i}/2`,
            '--out',
            join(dir, `shard-${i}`),
          ]),
        ),
      );
      const merge = await timed('merge', [
        join(dir, 'shard-0'),
        join(dir, 'shard-1'),
        '--out',
        join(dir, 'merged'),
      ]);
      merges.push(merge);
      sharded.push((performance.now() - started) / 1000);
      console.log(
        `round ${round + 1}: one process ${single.at(-1)!.toFixed(1)} s; 2 shards + merge ${sharded.at(-1)!.toFixed(1)} s (merge ${merge.toFixed(1)} s)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `median of ${rounds}: one process with 2 workers ${median(single).toFixed(1)} s; 2 shard processes (${shardWorkers} worker${shardWorkers === 1 ? '' : 's'} each) + merge ${median(sharded).toFixed(1)} s = ${(median(sharded) / median(single)).toFixed(2)}× (target ≤ 1.15×); merge alone ${median(merges).toFixed(1)} s (target < 3 s)`,
  );
  return 0;
});
