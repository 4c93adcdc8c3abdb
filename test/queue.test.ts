/**
 * A batch through a BullMQ queue on a real Redis (Debian's redis-server, started here on
 * 127.0.0.1 with persistence off): two workers take the shard jobs, one is SIGKILLed in the
 * middle of a shard, the other finishes it, and the merged batch has the bytes of the batch run
 * in one process. A Redis that is not there is a clear error, not a hang.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { RESULT_FILES } from '../src/batch/store.js';
import { REFERENCE, seeds } from './helpers.js';

const REDIS = process.env.REDIS_SERVER ?? 'redis-server';
const root = mkdtempSync(join(tmpdir(), 'rungs-queue-test-'));
const children: ChildProcess[] = [];
let port = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
    server.on('error', reject);
  });
}

/** Spawns a CLI module; its stdout is collected, and `onLine` sees each line as it comes. */
function start(
  module: string,
  args: readonly string[],
  onLine: (line: string) => void = () => {},
): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', module, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) onLine(line);
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    child,
    out: () => out,
    exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
}

beforeAll(async () => {
  port = await freePort();
  const redis = spawn(
    REDIS,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  children.push(redis);
  await new Promise((resolve, reject) => {
    redis.on('error', (error) =>
      reject(
        new Error(
          `cannot start ${REDIS} (apt-get install redis-server, or set REDIS_SERVER): ${error.message}`,
        ),
      ),
    );
    setTimeout(resolve, 500);
  });
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('a batch through the queue', () => {
  it('survives a worker SIGKILLed mid-shard, and merges to the bytes of the batch run in one process', async () => {
    const whole = join(root, 'whole');
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: seeds(300),
      out: whole,
      workers: 2,
    });
    const redis = `redis://127.0.0.1:${port}`;
    const worker = ['--redis', redis, '--queue', 'test', '--threads', '1', '--lock-seconds', '3'];
    let killedShard: string | undefined;
    const doomed = start('src/cli/worker.ts', worker, (line) => {
      const started = /^started shard (\d+\/\d+)/.exec(line);
      if (started && killedShard === undefined) {
        killedShard = started[1]!;
        // a moment into the shard: some runs stored, most not
        setTimeout(() => doomed.child.kill('SIGKILL'), 400);
      }
    });
    const survivor = start('src/cli/worker.ts', worker);
    const study = join(root, 'study');
    const batch = start('src/cli/batch.ts', [
      '--scenario',
      REFERENCE,
      '--design',
      'parallel,acm-2015',
      '--seeds',
      '1..300',
      '--queue',
      `${redis}/test`,
      '--shards',
      '3',
      '--out',
      study,
    ]);
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
    const bad = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/batch.ts',
        '--scenario',
        REFERENCE,
        '--seeds',
        '1..3',
        '--out',
        join(root, 'x'),
        '--queue',
        'http://nowhere',
      ],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error: --queue: expected a redis:// address');
    const nowhere = await freePort();
    const lost = start('src/cli/worker.ts', ['--redis', `redis://127.0.0.1:${nowhere}`]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(lost.out()).toMatch(
      /error: cannot reach Redis at 127\.0\.0\.1:\d+ \(attempt \d+\); retrying/,
    );
    lost.child.kill('SIGTERM');
  }, 60_000);
});
