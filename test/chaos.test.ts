/**
 * The chaos test: kills, at moments drawn from a seeded schedule (test/chaos/schedule.ts; the
 * seed is printed on failure, `CHAOS_SEED` replays another), a batch, two shards, a merge, queue
 * workers and the facilitator, mostly with SIGKILL and some SIGTERM and SIGINT, recovers each the
 * documented way (`--resume`, the same command again, another worker taking the job over,
 * `facilitate --resume`) and checks the bytes of every file against a run never killed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE } from './helpers.js';
import { batchMoment, batchProgress, folderDifferences, firstDifference } from './chaos/files.js';
import { GAME_FILES, linksOf, Player, startFacilitator } from './chaos/game.js';
import { finishes, killAndRecover, killOnce, started, startRungs } from './chaos/killer.js';
import { startRedis, type RedisServer } from './redisServer.js';
import { ChaosSchedule, chaosSeed } from './chaos/schedule.js';

const schedule = new ChaosSchedule(chaosSeed());
const root = mkdtempSync(join(tmpdir(), 'rungs-chaos-'));
const SEEDS = 100;
const RUNS = 2 * SEEDS;
const BATCH = ['--scenario', REFERENCE, '--design', 'parallel,acm-2015', '--seeds', `1..${SEEDS}`];
// small chunks (the bytes are the same whatever the chunk size): rows are stored as the runs go
const CHUNKS = ['--chunk-size', '5'];
const whole = join(root, 'whole');
const shards = [join(root, 'shard-0'), join(root, 'shard-1')];
/** How long the batch never killed took (ms): the range kills of a batch are drawn from. */
let batchMs = 0;
/** How long a merge of the two shards took (ms), once the shards have been merged. */
let merged: (value: number) => void;
let failedShards: (error: unknown) => void;
const mergeMs = new Promise<number>((resolve, reject) => {
  merged = resolve;
  failedShards = reject;
});

const elapsed = async (work: () => Promise<unknown>) => {
  const from = Date.now();
  await work();
  return Date.now() - from;
};

beforeAll(async () => {
  batchMs = await elapsed(() =>
    finishes(schedule, 'whole', startRungs('batch', [...BATCH, '--out', whole, '--workers', '1'])),
  );
}, 60_000);

beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(schedule.describe())));

/** The redis-servers the queue scenario started. */
const servers: RedisServer[] = [];

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(servers.map((server) => server.stop()));
  console.log(`${schedule.landed()} kills landed\n${schedule.describe()}`);
  rmSync(root, { recursive: true, force: true });
});

/** Runs two shards, killed again and again, and merges them; how long the merge took (ms). */
async function shardsMerged(): Promise<number> {
  await Promise.all(
    shards.map((out, i) => {
      const first = [...BATCH, '--shard', `${i}/2`, '--out', out, '--workers', '1', ...CHUNKS];
      return killAndRecover(schedule, {
        target: `shard ${i}/2`,
        command: 'batch',
        first,
        again: [...first, '--resume'],
        moment: () => batchMoment(out),
        progress: () => batchProgress(out, RUNS / 2),
        kills: 3,
        delayMs: [0, batchMs / 16],
      });
    }),
  );
  const out = join(root, 'merged');
  const ms = await elapsed(() =>
    finishes(schedule, 'merge', startRungs('merge', [...shards, '--out', out])),
  );
  expectSameBytes(out, whole);
  return ms;
}

/** Expects `dir` to hold the bytes of `expected`, naming the seed and kills if not. */
function expectSameBytes(dir: string, expected: string): void {
  expect(folderDifferences(dir, expected), schedule.describe()).toEqual([]);
}

// the kinds of kill run at once (each target draws from its own stream of the schedule): their
// waits (start-up, a lost job's lock, a game's idle clock) overlap
describe.concurrent('the chaos test', { timeout: 150_000 }, () => {
  it('finishes a batch killed again and again with --resume, to the bytes of one never killed', async () => {
    const out = join(root, 'batch');
    const first = [...BATCH, '--out', out, '--workers', '2', ...CHUNKS];
    await killAndRecover(schedule, {
      target: 'batch',
      command: 'batch',
      first,
      again: [...first, '--resume'],
      moment: () => batchMoment(out),
      progress: () => batchProgress(out, RUNS),
      kills: 6,
      // short: the progress it waits for says where in the batch the kill lands
      delayMs: [0, batchMs / 10],
    });
    expectSameBytes(out, whole);
  });

  it('finishes two shards killed again and again with --resume, which merge to the same bytes', async () => {
    await shardsMerged().then(merged, (error: unknown) => {
      failedShards(error);
      throw error;
    });
  });

  it('finishes a merge killed again and again by running the same command again', async () => {
    // a merge that finishes before its kill has been recovered: the next kills go to a new one
    const kills = 4;
    for (let landed = 0, n = 1; landed < kills; n++) {
      expect(n, schedule.describe()).toBeLessThan(6);
      const out = join(root, `merge-${n}`);
      const args = [...shards, '--out', out];
      const sequence = await killAndRecover(schedule, {
        target: 'merge',
        command: 'merge',
        first: args,
        again: args,
        untilDone: true,
        moment: () => batchMoment(out),
        // mostly once it has begun writing the merged folder, its last phase
        progress: () => (existsSync(out) ? 1 : 0),
        kills: kills - landed,
        delayMs: [0, (await mergeMs) / 2],
      });
      landed += sequence.landed;
      expectSameBytes(out, whole);
    }
  });

  it('finishes a queued batch whose workers are killed mid-shard, another taking each job over', async () => {
    const server = await startRedis();
    servers.push(server);
    const redis = { url: `redis://127.0.0.1:${server.port}` };
    const out = join(root, 'queued');
    const enqueuer = startRungs('batch', [
      ...BATCH,
      '--queue',
      `${redis.url}/chaos`,
      '--shards',
      '4',
      '--out',
      out,
    ]);
    const worker = [
      '--redis',
      redis.url,
      '--queue',
      'chaos',
      '--threads',
      '1',
      '--lock-seconds',
      '2',
    ];
    let queued = true;
    void enqueuer.exited.then(() => (queued = false));
    // each worker is killed a moment after it takes a shard; once every shard is done, none is
    for (let landed = 0, attempt = 1; landed < 3 && queued; attempt++) {
      expect(attempt, schedule.describe()).toBeLessThan(12);
      const run = startRungs('worker', worker);
      const kill = await killOnce(schedule, 'worker', run, {
        marker: /^started shard/m,
        stop: () => !queued,
        delayMs: [0, batchMs / 4],
      });
      if (kill.landed) landed++;
    }
    // two workers take over the killed workers' shards and finish the rest
    const last = [startRungs('worker', worker), startRungs('worker', worker)];
    await finishes(schedule, 'batch --queue', enqueuer, 120_000);
    for (const run of last) run.child.kill('SIGTERM');
    for (const run of last) expect((await run.exited).code).toBe(0);
    expectSameBytes(out, whole);
  });

  it('resumes a facilitator killed again and again to the log, result and review of a game never killed', async () => {
    const game = (folder: string) => [
      '--scenario',
      REFERENCE,
      '--design',
      'acm-2015',
      '--seed',
      '3',
      '--seats',
      'japan,unitedStates',
      '--out',
      folder,
      '--port',
      '0',
    ];
    const calm = join(root, 'game-calm');
    const calmRun = startFacilitator(game(calm));
    const upMs = await elapsed(() => linksOf(calmRun));
    const calmPlay = new Player(await linksOf(calmRun), calm);
    await calmPlay.done;
    calmRun.child.kill('SIGTERM');
    await calmRun.exited;
    // kills land from the server's start-up (a resumed one's) to the end of the game's play or,
    // once the game has ended, of its review's build
    const { playMs, reviewMs } = calmPlay;

    const dir = join(root, 'game-chaos');
    let run = startFacilitator(game(dir));
    const player = new Player(await linksOf(run), dir);
    for (let landed = 0; landed < 4;) {
      const delayMs = [0, upMs + (player.finished ? reviewMs : playMs)] as const;
      if ((await killOnce(schedule, 'facilitate', run, { delayMs })).landed) landed++;
      run = startFacilitator(['--resume', dir]);
    }
    await linksOf(run);
    await player.done;
    run.child.kill('SIGTERM');
    await run.exited;
    for (const file of GAME_FILES) {
      const got = readFileSync(join(dir, file));
      const want = readFileSync(join(calm, file));
      expect(
        got.equals(want) ? 'same' : firstDifference(got, want),
        `${file}\n${schedule.describe()}`,
      ).toBe('same');
    }
  });
});

describe('the kills', () => {
  it('landed at least 20 times on a running process', () => {
    expect(schedule.landed(), schedule.describe()).toBeGreaterThanOrEqual(20);
  });
});
