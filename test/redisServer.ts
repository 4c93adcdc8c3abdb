/**
 * A real Redis for the queue tests: Debian's redis-server on 127.0.0.1 with persistence off, so
 * one stopped and started again on the same port comes back empty (as a Redis without persistence
 * does after a restart). Also a free port, and commands started in new processes that the tests
 * stop at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { startCommand, waitFor } from './command.js';

const REDIS = process.env.REDIS_SERVER ?? 'redis-server';

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
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

/** A redis-server this test started, listening on `port`. */
export interface RedisServer {
  readonly port: number;
  /** SIGKILLs it and waits until it has gone; what it held is lost. */
  stop(): Promise<void>;
}

/** Starts an empty redis-server on `port` (a free one by default) and waits until it listens. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const on = port ?? (await freePort());
  const redis = spawn(
    REDIS,
    ['--port', String(on), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  let failed: Error | undefined;
  redis.on('error', (error) => (failed = error));
  const exited = new Promise<void>((resolve) => redis.on('exit', () => resolve()));
  await waitFor(async () => {
    if (failed)
      throw new Error(
        `cannot start ${REDIS} (apt-get install redis-server, or set REDIS_SERVER): ${failed.message}`,
      );
    return listening(on);
  }, `${REDIS} to listen on 127.0.0.1:${on}`);
  return {
    port: on,
    stop: async () => {
      if (redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
      await exited;
    },
  };
}

/** A command running in a new process: its process, what it printed so far, how it ended. */
export interface Running {
  readonly child: ChildProcess;
  /** stdout, then stderr. */
  out(): string;
  readonly exit: Promise<number | null>;
}

/** Starts commands, and SIGKILLs every one still running at `stopAll`. */
export function commandStarter(): {
  start(name: string, args: readonly string[]): Running;
  stopAll(): void;
} {
  const children: ChildProcess[] = [];
  return {
    start: (name, args) => {
      const started = startCommand(name, args);
      children.push(started.child);
      return {
        child: started.child,
        out: () => started.stdout() + started.stderr(),
        exit: started.exited.then((e) => e.code),
      };
    },
    stopAll: () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
