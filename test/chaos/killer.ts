/**
 * Kills a command at the schedule's moments and recovers it the documented way: each attempt
 * starts the command (the first with its first arguments, later ones with the recovery's, such
 * as `--resume`), waits for an optional progress marker, then for the schedule's delay, and sends
 * the schedule's signal; once the kills are spent, the recovery runs to its end, which must be
 * exit 0. A process that stops with `internal error` or exit 1 after a kill fails the test.
 */
import type { ChildProcess } from 'node:child_process';
import { startNode, commandLine, type Started } from '../command.js';
import type { ChaosSchedule } from './schedule.js';

/** A command to kill again and again, and how to recover it. */
export interface ChaosCommand {
  /** The name kills are logged under (`batch`, `shard 0/2`, …). */
  readonly target: string;
  /** The `rungs` command (`batch`, `merge`, …). */
  readonly command: string;
  /** Its arguments the first time. */
  readonly first: readonly string[];
  /** Its arguments when recovering (the same, or with `--resume`). */
  readonly again: readonly string[];
  /** How many kills must land on a running process. */
  readonly kills: number;
  /** The range the delay after the start (or the marker) is drawn from, in ms. */
  readonly delayMs: readonly [number, number];
  /** Waits for this in the output before the delay starts. */
  readonly marker?: RegExp;
}

/** How long a process has after SIGTERM or SIGINT to stop on its own before it is SIGKILLed. */
const GRACE_MS = 10_000;
/** How long the final, unkilled recovery may take. */
const FINAL_MS = 60_000;

const sleep = (ms: number) => new Promise<'slept'>((r) => setTimeout(() => r('slept'), ms));

/** Every process started here, so a failing test leaves none behind. */
export const started: ChildProcess[] = [];

/** Starts `rungs <command> <args>` (the built CLI), remembered in {@link started}. */
export function startRungs(command: string, args: readonly string[]): Started {
  const run = startNode(commandLine(command, args));
  started.push(run.child);
  return run;
}

/** What a run printed last (its last progress line or message). */
function lastLine(run: Started): string {
  const lines = (run.stdout() + run.stderr()).trim().split('\n');
  return lines.at(-1)?.slice(0, 160) ?? '';
}

/** Waits for `marker` in what `run` printed, for its end, or until `stop()` holds; whether the marker came. */
async function markerOrEnd(
  run: Started,
  marker: RegExp,
  stop: () => boolean = () => false,
): Promise<boolean> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  for (;;) {
    if (marker.test(run.stdout() + run.stderr())) return true;
    if (ended || stop()) return false;
    await sleep(10);
  }
}

/** Fails when a run stopped in a way no kill explains (`internal error`, exit 1). */
function checkStop(
  target: string,
  exit: Awaited<Started['exited']>,
  schedule: ChaosSchedule,
): void {
  if (exit.code === 1 || /internal error/.test(exit.stderr))
    throw new Error(
      `${target} stopped with exit ${exit.code}: ${exit.stderr.trim()}\n${schedule.describe()}`,
    );
}

/** Sends `signal`, and SIGKILL if the process is still running after the grace. */
async function kill(run: Started, signal: NodeJS.Signals): Promise<Awaited<Started['exited']>> {
  run.child.kill(signal);
  if (signal !== 'SIGKILL' && (await Promise.race([run.exited, sleep(GRACE_MS)])) === 'slept')
    run.child.kill('SIGKILL');
  return run.exited;
}

/**
 * One kill of the schedule on `run`: waits for `marker` (if any) and the schedule's delay, then
 * sends its signal; whether it landed on a running process (false: the run had ended on its own,
 * with exit 0, before it, or the marker never came) and how long the run had run.
 */
export async function killOnce(
  schedule: ChaosSchedule,
  target: string,
  run: Started,
  options: {
    readonly delayMs: readonly [number, number];
    readonly marker?: RegExp;
    /** Gives up waiting for the marker (the process is SIGTERMed, no kill counted) once this holds. */
    readonly stop?: () => boolean;
  },
): Promise<{ readonly landed: boolean; readonly ranMs: number }> {
  const from = Date.now();
  if (options.marker && !(await markerOrEnd(run, options.marker, options.stop))) {
    if (run.child.exitCode === null) await kill(run, 'SIGTERM');
    return { landed: false, ranMs: Date.now() - from };
  }
  const afterMs = schedule.delayMs(target, ...options.delayMs);
  const signal = schedule.signal(target);
  const attempt = schedule.kills.filter((k) => k.target === target).length + 1;
  const entry = { target, attempt, afterMs, signal, outcome: '' };
  schedule.kills.push(entry);
  const early = await Promise.race([run.exited, sleep(afterMs)]);
  if (early !== 'slept') {
    entry.outcome = `ended (exit ${early.code}) before the kill`;
    checkStop(target, early, schedule);
    if (early.code !== 0)
      throw new Error(`${target} exited ${early.code}: ${early.stderr}\n${schedule.describe()}`);
    return { landed: false, ranMs: Date.now() - from };
  }
  const printed = lastLine(run);
  const exit = await kill(run, signal);
  entry.outcome = `${printed} → ${exit.signal ?? `exit ${exit.code}`}`;
  checkStop(target, exit, schedule);
  return { landed: true, ranMs: Date.now() - from };
}

/** Waits for `run` to end, at most `ms`; it must exit 0. */
export async function finishes(
  schedule: ChaosSchedule,
  target: string,
  run: Started,
  ms = FINAL_MS,
): Promise<Awaited<Started['exited']>> {
  const end = await Promise.race([run.exited, sleep(ms)]);
  if (end === 'slept') {
    run.child.kill('SIGKILL');
    throw new Error(`${target}: the recovery ran over ${ms} ms\n${schedule.describe()}`);
  }
  if (end.code !== 0)
    throw new Error(
      `${target}: the recovery exited ${end.code}: ${end.stderr.trim()}\n${schedule.describe()}`,
    );
  return end;
}

/**
 * Kills `command` until `command.kills` kills have landed on a running process, then runs its
 * recovery to the end (exit 0); the recovery's output. The delays are drawn from
 * `command.delayMs` until a run ends before its kill (a recovery with little left to do); from
 * then on from zero to how long that run took, so the kills go on landing.
 */
export async function killAndRecover(
  schedule: ChaosSchedule,
  command: ChaosCommand,
): Promise<Awaited<Started['exited']>> {
  const { target } = command;
  let landed = 0;
  let delayMs = command.delayMs;
  for (let attempt = 1; landed < command.kills; attempt++) {
    if (attempt > command.kills * 3)
      throw new Error(`${target}: too few kills landed\n${schedule.describe()}`);
    const run = startRungs(command.command, attempt === 1 ? command.first : command.again);
    const kill = await killOnce(schedule, target, run, { ...command, delayMs });
    if (kill.landed) landed++;
    else delayMs = [0, kill.ranMs];
  }
  return finishes(schedule, target, startRungs(command.command, command.again));
}
