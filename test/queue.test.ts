/**
 * A batch through a BullMQ queue on a real Redis (Debian's redis-server, started here on
 * 127.0.0.1 with persistence off): two workers take the shard jobs, one is SIGKILLed in the
 * middle of a shard, the other finishes it, and the merged batch has the bytes of the batch run
 * in one process. A Redis that is not there is a clear error, not a hang.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { REFERENCE, seeds } from './helpers.js';
import { runCommand, waitFor } from './command.js';
import { commandStarter, freePort, startRedis, type RedisServer } from './redisServer.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-queue-test-'));
const { start, stopAll } = commandStarter();
let redisServer: RedisServer;
let port = 0;

beforeAll(async () => {
  redisServer = await startRedis();
  port = redisServer.port;
});

afterAll(async () => {
  stopAll();
  await redisServer.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a batch through the queue', () => {
  it('survives a worker SIGKILLed mid-shard, and merges to the bytes of the batch run in one process', async () => {
    const whole = join(root, 'whole');
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: seeds(100),
      out: whole,
      workers: 2,
    });
    const redis = `redis://127.0.0.1:${port}`;
    const worker = ['--redis', redis, '--queue', 'test', '--threads', '1', '--lock-seconds', '3'];
    const doomed = start('worker', worker);
    const survivor = start('worker', worker);
    const study = join(root, 'study');
    const batch = start('batch', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel,acm-2015',
      '--seeds',
      '1..100',
      '--queue',
      `${redis}/test`,
      '--shards',
      '3',
      '--out',
      study,
    ]);
    // the doomed worker is killed a moment into its first shard (67 runs): some runs stored, most not
    let killedShard: string | undefined;
    await waitFor(() => {
      killedShard = /^started shard (\d+\/\d+)/m.exec(doomed.out())?.[1];
      return killedShard !== undefined;
    }, 'the doomed worker to start a shard');
    const partial = join(`${study}.shards`, `shard-${killedShard!.split('/')[0]}`, 'partial');
    await waitFor(
      () =>
        existsSync(partial) &&
        readdirSync(partial).some((f) => statSync(join(partial, f)).size > 0),
      'its first rows',
    );
    doomed.child.kill('SIGKILL');
    const code = await batch.exit;
    expect(code, batch.out()).toBe(0);
    expect(killedShard).toBeDefined();
    expect(await doomed.exit).toBeNull();
    // the survivor took the killed worker's shard over and finished it
    expect(survivor.out()).toContain(`done    shard ${killedShard}`);
    for (const file of RESULT_FILES)
      expect(readFileSync(join(study, file), 'utf8'), file).toBe(
        readFileSync(join(whole, file), 'utf8'),
      );
    survivor.child.kill('SIGTERM');
    expect(await survivor.exit).toBe(0);
  }, 180_000);

  it('refuses a bad queue address, and names a Redis that is not there instead of hanging', async () => {
    const bad = runCommand('batch', [
      '--scenario',
      REFERENCE,
      '--seeds',
      '1..3',
      '--out',
      join(root, 'x'),
      '--queue',
      'http://nowhere',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error: --queue: expected a redis:// address');
    const base = ['--scenario', REFERENCE, '--seeds', '1..3', '--out', join(root, 'x')];
    const alone = runCommand('batch', [...base, '--redis-timeout', '5']);
    expect([alone.status, alone.stderr]).toEqual([
      2,
      'error: --redis-timeout: goes with --queue\n',
    ]);
    const never = runCommand('batch', [
      ...base,
      '--queue',
      'redis://nowhere/q',
      '--redis-timeout',
      '0',
    ]);
    expect(never.status).toBe(2);
    expect(never.stderr).toContain('error: --redis-timeout: expected an integer from 1 to 86400');
    const nowhere = await freePort();
    const lost = start('worker', ['--redis', `redis://127.0.0.1:${nowhere}`]);
    const retrying = /error: cannot reach Redis at 127\.0\.0\.1:\d+ \(attempt \d+\); retrying/;
    await waitFor(
      () => retrying.test(lost.out()),
      'the worker to report the missing Redis',
      10_000,
    );
    lost.child.kill('SIGTERM');
  }, 60_000);
});
