/**
 * The batch folder's lock as a lease (src/batch/lock.ts): hosts told apart by the names they give,
 * clocks injected; a holder in a child process that renews its lease and is then SIGKILLed; a
 * batch whose lock is taken over stops with a named error; an outer lease takes over at once;
 * two takers racing for an expired lock leave exactly one holder; a lock file that names no owner
 * is taken over once left alone for a lease.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchLock, LOCK_FILE, LockLostError, type LeaseClock } from '../src/batch/lock.js';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { PARTIAL_DIR } from '../src/batch/partials.js';
import runShardJob from '../src/batch/shardJob.js';
import { lockGame } from '../src/live/folder.js';
import { InputError } from '../src/scenario/errors.js';
import { arrayOuterLease, leaseClockOf } from '../src/cli/lease.js';
import { ROOT, runCommand, startCommand, startNode, waitFor, type Started } from './command.js';
import { REFERENCE, seeds } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-lease-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const folder = () => {
  const dir = join(root, `f${++folders}`);
  mkdirSync(dir);
  return dir;
};
const lockOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;

/** A host with a clock the test sets; its renewals every `renewMs` (default: never within a test). */
function host(name: string, at: { t: number }, extra: Partial<LeaseClock> = {}): LeaseClock {
  return { now: () => at.t, host: name, leaseMs: 1000, skewMs: 200, renewMs: 3_600_000, ...extra };
}

/** The message of the InputError `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('a lease between two hosts', () => {
  it('refuses host B while host A’s lease is fresh, and lets B take it over once lease and skew allowance have passed', () => {
    const dir = folder();
    const clock = { t: 1_000_000 };
    const notices: string[] = [];
    const a = BatchLock.acquire(dir, { lease: host('a', clock), started: 'then' });
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, host: 'a', leaseMs: 1000 });
    expect(lockOf(dir).renewedAt).toBe(1_000_000);

    clock.t += 1200; // the lease (1 s) and the skew allowance (0.2 s) exactly: not yet
    const b = () =>
      BatchLock.acquire(dir, { lease: host('b', clock), notice: (m) => notices.push(m) });
    expect(refusal(b)).toBe(
      `${dir}: is being written by another process (pid ${process.pid} on host a, since then; its lease of 1.0 s was renewed 1.2 s ago); wait for it to finish, or, if that process no longer runs, for its lease to run out (in 0.0 s at most) (nothing was written)`,
    );
    clock.t += 1;
    const taken = b();
    expect(notices).toEqual([
      `${dir}: took over the lock of pid ${process.pid} on host a, silent for 1.2 s: its lease of 1.0 s ran out (with 0.2 s allowed for clock skew; locked since then)`,
    ]);
    expect(lockOf(dir)).toMatchObject({ host: 'b', renewedAt: clock.t });
    // A, asked before marking anything complete, finds it lost, and its release leaves B's lock
    expect(() => a.confirm()).toThrow(LockLostError);
    expect(() => a.confirm()).toThrow(
      `this process lost its lock on ${dir} to pid ${process.pid} on host b, which took it over`,
    );
    a.release();
    expect(lockOf(dir).host).toBe('b');
    taken.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over at once, on the same host, a fresh lease whose process is gone', async () => {
    const dir = folder();
    const gone = startNode(['-e', '']);
    await gone.exited;
    const clock = { t: 7_000 };
    const fresh = {
      pid: gone.child.pid,
      host: 'a',
      holding: 'h',
      leaseMs: 30_000,
      renewedAt: 7_000,
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...fresh, started: 'then' }));
    const notices: string[] = [];
    BatchLock.acquire(dir, { lease: host('a', clock), notice: (m) => notices.push(m) }).release();
    expect(notices).toEqual([
      `${dir}: took over a stale lock of process ${gone.child.pid} (no longer running, locked since then)`,
    ]);
  });

  it('lets a holder of the same outer lease take a fresh lock at once, and no one else', () => {
    const dir = folder();
    const clock = { t: 5_000 };
    const notices: string[] = [];
    const first = BatchLock.acquire(dir, { lease: host('a', clock), outerLease: 'BullMQ job 7' });
    expect(lockOf(dir).outer).toBe('BullMQ job 7');
    clock.t += 300;
    expect(refusal(() => BatchLock.acquire(dir, { lease: host('b', clock) }))).toContain(
      'is being written by another process',
    );
    expect(
      refusal(() =>
        BatchLock.acquire(dir, { lease: host('b', clock), outerLease: 'BullMQ job 8' }),
      ),
    ).toContain('is being written by another process');
    const again = BatchLock.acquire(dir, {
      lease: host('b', clock),
      outerLease: 'BullMQ job 7',
      notice: (m) => notices.push(m),
    });
    expect(notices).toEqual([
      `${dir}: took over the lock of pid ${process.pid} on host a at once: this process now holds BullMQ job 7, the outer lease it held; it last renewed it 0.3 s ago`,
    ]);
    expect(() => first.confirm()).toThrow(LockLostError);
    again.release();
  });

  it('keeps the lock of a lock without a lease (a caller with no clock) from another host', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere' }));
    const clock = { t: 10 ** 13 };
    expect(refusal(() => BatchLock.acquire(dir, { lease: host('b', clock) }))).toContain(
      `if that process no longer runs, delete ${join(dir, LOCK_FILE)}`,
    );
  });
});

describe('a lock file that names no owner', () => {
  /** `dir`'s lock file with `text`, last written at `ms` (whole seconds: file times may round). */
  const ownerless = (dir: string, text: string, ms: number) => {
    const file = join(dir, LOCK_FILE);
    writeFileSync(file, text);
    utimesSync(file, ms / 1000, ms / 1000);
  };

  it('is refused while it may be being created, and taken over once unchanged for a lease and the skew allowance', () => {
    const dir = folder();
    const clock = { t: 1_700_000_000_000 };
    ownerless(dir, '', clock.t);
    clock.t += 1000; // the lease (1 s) and the skew allowance (0.2 s) not yet over
    const notices: string[] = [];
    const b = () =>
      BatchLock.acquire(dir, { lease: host('b', clock), notice: (m) => notices.push(m) });
    expect(refusal(b)).toBe(
      `${dir}: is locked by ${join(dir, LOCK_FILE)}, which names no owner (left by a process killed while creating it, or not a rungs lock); it is taken over once unchanged for 1.2 s (in 0.2 s at most), or delete it if no batch is writing this folder (nothing was written)`,
    );
    clock.t += 300;
    const taken = b();
    expect(notices).toEqual([
      `${dir}: took over its lock file, which named no owner and had not changed for 1.3 s (left by a process killed while creating it, or not a rungs lock)`,
    ]);
    expect(lockOf(dir)).toMatchObject({ host: 'b', pid: process.pid });
    taken.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is refused for good without a clock, as any text that is not a record', () => {
    const dir = folder();
    ownerless(dir, '{"pid":"twelve"}', 0);
    expect(refusal(() => BatchLock.acquire(dir))).toContain(
      `which names no owner (left by a process killed while creating it, or not a rungs lock); if no batch is writing this folder, delete that file and try again`,
    );
  });

  it('is not what a creator killed half way leaves: its record beside the lock blocks nothing', () => {
    const dir = folder();
    // what a creator killed half way leaves: its record beside the lock, under a name of its own
    writeFileSync(join(dir, `${LOCK_FILE}.new-elsewhere-1-0`), '{"pid":1,"host":"else');
    const lock = BatchLock.acquire(dir, { lease: host('a', { t: 5_000 }) });
    expect(lockOf(dir)).toMatchObject({ host: 'a', pid: process.pid, renewedAt: 5_000 });
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.new-elsewhere-1-0`]);
    lock.release();
  });
});

/** A child Node process that takes `dir`'s lock through the compiled library and keeps running. */
function holder(dir: string, name: string, leaseMs: number, renewMs: number): Started {
  const lockModule = pathToFileURL(join(ROOT, 'dist', 'batch', 'lock.js')).href;
  const code = `
    const { BatchLock } = await import(${JSON.stringify(lockModule)});
    BatchLock.acquire(${JSON.stringify(dir)}, {
      lease: { now: () => Date.now(), host: ${JSON.stringify(name)}, leaseMs: ${leaseMs}, renewMs: ${renewMs}, skewMs: 0 },
    });
    console.log('locked');
    setInterval(() => {}, 1000);`;
  return startNode(['--input-type=module', '-e', code]);
}

describe('a holder in another process', () => {
  it('keeps its lock across several lease lengths by renewing it, and loses it to another host one lease after a SIGKILL', async () => {
    const dir = folder();
    const a = holder(dir, 'host-a', 1000, 50);
    await waitFor(() => a.stdout().includes('locked'), 'the child to lock', 15_000);
    const b = (notice?: (m: string) => void) =>
      BatchLock.acquire(dir, {
        lease: { now: () => Date.now(), host: 'host-b', leaseMs: 1000, skewMs: 0 },
        ...(notice ? { notice } : {}),
      });
    // three lease lengths: without renewal the lease would have run out twice over
    const until = Date.now() + 3000;
    let refusals = 0;
    while (Date.now() < until) {
      expect(refusal(() => b())).toContain(`on host host-a`);
      refusals++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(refusals).toBeGreaterThan(10);
    expect(Number(lockOf(dir).renewals)).toBeGreaterThan(20);

    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = Date.now();
    const notices: string[] = [];
    let taken: BatchLock | null = null;
    await waitFor(() => {
      try {
        taken = b((m) => notices.push(m));
        return true;
      } catch {
        return false;
      }
    }, 'the lease to run out');
    // taken once the holder had been silent for its lease, and not long after: a lost node
    // blocks a retry for about one lease
    const silent =
      /took over the lock of pid (\d+) on host host-a, silent for (\d+\.\d) s: its lease of 1\.0 s ran out/.exec(
        notices[0] ?? '',
      );
    expect(silent, notices[0]).not.toBeNull();
    expect(Number(silent![1])).toBe(a.child.pid);
    expect(Number(silent![2])).toBeGreaterThanOrEqual(1);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    taken!.release();
  }, 30_000);

  it('of two takers racing for an expired lock, exactly one holds it', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = folder();
      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({ pid: 1, host: 'gone', holding: 'x', leaseMs: 1000, renewedAt: 0 }),
      );
      const start = Date.now() + 700;
      const lockModule = pathToFileURL(join(ROOT, 'dist', 'batch', 'lock.js')).href;
      const taker = (name: string) =>
        startNode([
          '--input-type=module',
          '-e',
          `const { BatchLock } = await import(${JSON.stringify(lockModule)});
           while (Date.now() < ${start});
           try {
             BatchLock.acquire(${JSON.stringify(dir)}, { lease: { now: () => Date.now(), host: ${JSON.stringify(name)} } });
             console.log('took');
           } catch (error) { console.log('refused: ' + error.message); }
           setTimeout(() => {}, 300);`,
        ]);
      const both = await Promise.all([taker('b').exited, taker('c').exited]);
      const took = both.filter((r) => r.stdout.trim() === 'took');
      expect(took, JSON.stringify(both)).toHaveLength(1);
      expect(both.find((r) => r !== took[0])!.stdout).toContain('refused: ');
    }
  }, 30_000);
});

describe('fencing', () => {
  /**
   * A one-run-a-chunk batch of host a into `dir` whose lock host b takes over as the runs start
   * (host a fell silent, as b's clock sees it); the batch and b's lock.
   */
  function takenOver(dir: string, leaseOfA: (clock: { t: number }) => LeaseClock) {
    const clock = { t: 2_000_000 };
    const taken: { lock: BatchLock | null } = { lock: null };
    const running = runBatch({
      scenario: REFERENCE,
      designs: 'parallel',
      seeds: seeds(400),
      out: dir,
      workers: 1,
      chunkSize: 1,
      lease: leaseOfA(clock),
      onStart: () => {
        clock.t += 60_000;
        taken.lock = BatchLock.acquire(dir, { lease: host('b', clock) });
      },
    });
    return { running, taken };
  }
  const lostTo = (dir: string) =>
    `this process lost its lock on ${dir} to pid ${process.pid} on host b, which took it over`;

  it('stops a batch whose lock another host took over, with the named error, and leaves the new holder’s lock', async () => {
    const dir = join(root, 'fenced');
    const { running, taken } = takenOver(dir, (clock) => host('a', clock, { renewMs: 30 }));
    await expect(running).rejects.toThrow(LockLostError);
    await expect(running).rejects.toThrow(lostTo(dir));
    expect(lockOf(dir).host).toBe('b');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('running');
    taken.lock!.release();
  }, 30_000);

  it('stores no chunk after the take-over, though the holder has not renewed since (paused past its lease)', async () => {
    const dir = join(root, 'fenced-at-once');
    // host a renews every hour: not once within the test
    const { running, taken } = takenOver(dir, (clock) => host('a', clock));
    await expect(running).rejects.toThrow(lostTo(dir));
    const partial = join(dir, PARTIAL_DIR);
    const rows = readdirSync(partial).reduce(
      (sum, f) => sum + readFileSync(join(partial, f), 'utf8').split('\n').length - 1,
      0,
    );
    expect(rows).toBe(0);
    expect(lockOf(dir).host).toBe('b');
    taken.lock!.release();
  }, 30_000);
});

describe('the command line', () => {
  const BATCH = ['--scenario', REFERENCE, '--design', 'parallel,acm-2015', '--seeds', '1..40'];
  const shardFolder = (name: string) => join(root, 'cli', name);
  const env = (extra: Record<string, string>) => ({ ...process.env, ...extra });

  /** Starts a shard as host `name`, one run at a time, and SIGKILLs it once it has stored rows. */
  async function killedShard(shard: string, out: string, extra: Record<string, string>) {
    const started = startCommand(
      'batch',
      [...BATCH, '--shard', shard, '--out', out, '--workers', '1', '--chunk-size', '1'],
      env(extra),
    );
    const partial = join(out, 'partial', 'acm-2015.jsonl');
    const first = join(out, 'partial', 'parallel.jsonl');
    await waitFor(
      () => [partial, first].some((f) => existsSync(f) && readFileSync(f, 'utf8').length > 0),
      'the first rows',
      60_000,
    );
    started.child.kill('SIGKILL');
    await started.exited;
    return started.child.pid!;
  }

  it('resumes a shard SIGKILLed on host A as host B (after its lease, or at once for the same array task), to the bytes of an uninterrupted batch', async () => {
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: seeds(40),
      out: shardFolder('whole'),
      workers: 2,
    });

    // shard 0/2, given by number: host B waits for host A's lease (3 s, no skew allowed)
    const zero = shardFolder('0');
    const short = { RUNGS_LEASE_SECONDS: '3', RUNGS_CLOCK_SKEW_SECONDS: '0' };
    const pidA = await killedShard('0/2', zero, { ...short, RUNGS_HOST: 'host-a' });
    const killedAt = Date.now();
    expect(lockOf(zero)).toMatchObject({ pid: pidA, host: 'host-a', leaseMs: 3000 });
    const asB = { ...short, RUNGS_HOST: 'host-b' };
    const resume0 = [...BATCH, '--shard', '0/2', '--out', zero, '--resume'];
    // a reader allowing for a skew of ten minutes cannot call the lease run out yet
    const early = runCommand('batch', resume0, {
      env: env({ ...asB, RUNGS_CLOCK_SKEW_SECONDS: '600' }),
    });
    expect(early.status, early.stderr).toBe(2);
    expect(early.stderr).toContain(
      `error: ${zero}: is being written by another process (pid ${pidA} on host host-a, since `,
    );
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 3100 - Date.now())));
    const late = runCommand('batch', resume0, { env: env(asB) });
    expect(late.status, late.stderr).toBe(0);
    expect(late.stderr).toMatch(
      new RegExp(`notice: ${zero}: took over the lock of pid ${pidA} on host host-a, silent for `),
    );
    expect(late.stderr).toMatch(/resuming: [1-9]\d* of 40 runs already stored/);

    // shard 1/2 from a Slurm array's index: the same task's retry on host B takes over at once
    const one = shardFolder('1');
    const task = { SLURM_ARRAY_TASK_ID: '1' };
    const pidA1 = await killedShard('auto/2', one, { ...task, RUNGS_HOST: 'host-a' });
    const retry = runCommand('batch', [...BATCH, '--shard', 'auto/2', '--out', one, '--resume'], {
      env: env({ ...task, RUNGS_HOST: 'host-b' }),
    });
    expect(retry.status, retry.stderr).toBe(0);
    expect(retry.stderr).toContain(
      `notice: ${one}: took over the lock of pid ${pidA1} on host host-a at once: this process now holds array task SLURM_ARRAY_TASK_ID=1 of shard auto/2, the outer lease it held`,
    );

    const merged = runCommand('merge', [zero, one, '--out', shardFolder('merged')]);
    expect(merged.status, merged.stderr).toBe(0);
    for (const file of RESULT_FILES)
      expect(
        readFileSync(join(shardFolder('merged'), file), 'utf8') ===
          readFileSync(join(shardFolder('whole'), file), 'utf8'),
        file,
      ).toBe(true);
  }, 120_000);

  it('stops a batch whose lock another host took over: exit 2 naming the new holder, whose lock stays', async () => {
    const dir = shardFolder('fenced');
    const started = startCommand(
      'batch',
      [...BATCH, '--out', dir, '--workers', '1', '--chunk-size', '1'],
      env({ RUNGS_HOST: 'host-a', RUNGS_LEASE_SECONDS: '0.6' }),
    );
    await waitFor(() => existsSync(join(dir, 'partial')), 'the batch to start writing', 60_000);
    const taker = { pid: 999_999, host: 'host-b', holding: 'b', leaseMs: 30_000, renewedAt: 1 };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(taker));
    const ended = await started.exited;
    expect(ended.code, ended.stderr).toBe(2);
    expect(ended.stderr).toContain(
      `error: ${dir}: this process lost its lock on ${dir} to pid 999999 on host host-b, which took it over; it stopped writing`,
    );
    expect(lockOf(dir)).toEqual(taker);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('running');
  }, 60_000);
});

describe('the lease the commands take from the environment', () => {
  it('reads RUNGS_HOST, RUNGS_LEASE_SECONDS and RUNGS_CLOCK_SKEW_SECONDS, refusing a bad value by name', () => {
    const clock = leaseClockOf({
      RUNGS_HOST: 'node-7',
      RUNGS_LEASE_SECONDS: '2.5',
      RUNGS_CLOCK_SKEW_SECONDS: '0',
    });
    expect(clock).toMatchObject({ host: 'node-7', leaseMs: 2500, skewMs: 0 });
    expect(leaseClockOf({}).host).toBe(hostname());
    expect(leaseClockOf({}).leaseMs).toBeUndefined();
    expect(() => leaseClockOf({ RUNGS_LEASE_SECONDS: '0' })).toThrow(
      'RUNGS_LEASE_SECONDS: expected seconds from 0.1 to 86,400, got "0"',
    );
    expect(() => leaseClockOf({ RUNGS_CLOCK_SKEW_SECONDS: 'soon' })).toThrow(
      'RUNGS_CLOCK_SKEW_SECONDS: expected seconds from 0 to 86,400, got "soon"',
    );
    expect(arrayOuterLease('auto/8', { JOB_COMPLETION_INDEX: '3' })).toBe(
      'array task JOB_COMPLETION_INDEX=3 of shard auto/8',
    );
    expect(arrayOuterLease('3/8', { JOB_COMPLETION_INDEX: '3' })).toBeUndefined();
  });
});

describe('the outer leases of the callers', () => {
  it('lets a BullMQ delivery of a shard job take the shard over at once from the delivery lost with another node', async () => {
    const out = join(root, 'job-shard');
    mkdirSync(out);
    // the first delivery, on a node lost a moment ago: its lease is fresh
    const lost = {
      pid: 4242,
      host: 'lost-node',
      holding: 'lost-node/4242/1/1',
      leaseMs: 30_000,
      renewedAt: Date.now(),
      outer: 'BullMQ job 9',
    };
    writeFileSync(join(out, LOCK_FILE), JSON.stringify(lost));
    const job = (id: string) => ({
      id,
      data: {
        batch: { scenario: REFERENCE, designs: 'parallel', seedsText: '1..6', out },
        shard: { index: 0, count: 2 },
      },
    });
    // another job (another shard's lease) is refused like anyone else
    await expect(runShardJob(job('10'))).rejects.toThrow(
      'is being written by another process (pid 4242 on host lost-node',
    );
    const done = await runShardJob(job('9'));
    expect(done).toEqual({ out, runs: 3, ran: 3 });
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).status).toBe('complete');
  }, 60_000);

  it('gives a served game’s folder the lease: another host is refused while it is fresh and takes it once it has run out on its clock; the first holder is told', async () => {
    const dir = join(root, 'game');
    const clockA = { t: 50_000 };
    const clockB = { t: 50_500 };
    const lost: Error[] = [];
    const first = lockGame(dir, 'then', () => {}, {
      lease: host('a', clockA, { renewMs: 20 }),
      onLost: (error) => lost.push(error),
    });
    expect(lockOf(dir)).toMatchObject({ host: 'a', leaseMs: 1000, renewedAt: 50_000 });
    await waitFor(() => Number(lockOf(dir).renewals) > 0, 'a renewal', 5_000);
    expect(() => lockGame(dir, 'now', () => {}, { lease: host('b', clockB) })).toThrow(
      `${dir}: holds a game another facilitator is serving (pid ${process.pid} on host a, since then; its lease of 1.0 s was renewed 0.5 s ago)`,
    );
    // host a's clock lags host b's by more than the lease and the skew allowance
    clockB.t += 1000;
    const notices: string[] = [];
    const taken = lockGame(dir, 'now', (m) => notices.push(m), { lease: host('b', clockB) });
    expect(notices).toEqual([
      `${dir}: took over the lock of pid ${process.pid} on host a, silent for 1.5 s: its lease of 1.0 s ran out (with 0.2 s allowed for clock skew; locked since then)`,
    ]);
    await waitFor(() => lost.length > 0, 'the first holder to be told', 5_000);
    expect(lost[0]!.message).toContain(`lost its lock on ${dir} to pid ${process.pid} on host b`);
    first.release();
    expect(lockOf(dir).host).toBe('b');
    taken.release();
  });
});
