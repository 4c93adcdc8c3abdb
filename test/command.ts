/**
 * The compiled command line in new processes, as users run it: `dist/cli/<name>.js` (which the
 * test setup builds from the sources before any test) or `bin/rungs.mjs`. Plain Node, no
 * TypeScript loader. Also waiting, with a deadline, for what a running command does.
 */
import {
  spawn,
  spawnSync,
  type ChildProcessWithoutNullStreams,
  type SpawnSyncOptionsWithStringEncoding,
  type SpawnSyncReturns,
} from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '..');
/** The `rungs` executable. */
export const BIN = join(ROOT, 'bin', 'rungs.mjs');

/** Node's arguments that run command `name` (`batch`, `sim`…) from `dist/cli/`. */
export function commandLine(name: string, args: readonly string[] = []): string[] {
  return [join(ROOT, 'dist', 'cli', `${name}.js`), ...args];
}

type SyncOptions = Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'>;

/** Runs command `name` to its end. */
export function runCommand(
  name: string,
  args: readonly string[],
  options: SyncOptions = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, commandLine(name, args), { encoding: 'utf8', ...options });
}

/** Runs `rungs …` through `bin/rungs.mjs` to its end (from `cwd`, the repository by default). */
export function runRungs(args: readonly string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
}

/** A command running in a new process: what it printed so far, and how it ended. */
export interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** Starts Node with `nodeArgs` (a compiled module and its arguments) without waiting for it. */
export function startNode(nodeArgs: readonly string[], env?: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, nodeArgs, {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
  child.stdin.end();
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Awaited<Started['exited']>>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout: out, stderr: err })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts command `name` without waiting for it. */
export function startCommand(
  name: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Started {
  return startNode(commandLine(name, args), env);
}

/**
 * Waits until `condition` holds, checking every 20 ms; fails naming `what` once `deadlineMs`
 * has passed.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 30_000,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`waited ${deadlineMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The CPU time (user and system, seconds) process `pid` has used so far, from Linux's
 * `/proc/<pid>/stat` (in ticks of 1/100 s); 0 once it has ended.
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command's name (in parentheses, which may hold spaces): state is the 3rd
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
