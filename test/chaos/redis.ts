/**
 * A throwaway redis-server on 127.0.0.1 (Debian's, or `REDIS_SERVER`), persistence off, as
 * test/queue.test.ts starts one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { waitFor } from '../command.js';

const REDIS = process.env.REDIS_SERVER ?? 'redis-server';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Whether something listens on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/** Starts redis-server and waits until it listens; its process and `redis://` address. */
export async function startRedis(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    REDIS,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  let failed: Error | undefined;
  child.on('error', (error) => (failed = error));
  await waitFor(async () => {
    if (failed)
      throw new Error(
        `cannot start ${REDIS} (apt-get install redis-server, or set REDIS_SERVER): ${failed.message}`,
      );
    return listening(port);
  }, `${REDIS} to listen on 127.0.0.1:${port}`);
  return { child, url: `redis://127.0.0.1:${port}` };
}
