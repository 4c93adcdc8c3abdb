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
export interface ChaosCommand extends KillMoment {
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

/** Waits until `ready()` holds (true), or the run ends or `stop()` holds (false). */
async function readyOrEnd(
  run: Started,
  ready: () => boolean,
  stop: () => boolean = () => false,
): Promise<boolean> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  for (;;) {
    if (ready()) return true;
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

/** When a kill lands: after what (a marker, a share of the progress), then after a delay. */
export interface KillMoment {
  /** The range the delay after the start (or the marker, or the progress) is drawn from, in ms. */
  readonly delayMs: readonly [number, number];
  /** Waits for this in the output before the delay starts. */
  readonly marker?: RegExp;
  /**
   * How far the run has got, from 0 to 1 (every row stored): the schedule draws a share (below 0
   * now and then: a kill at start-up; 1 now and then: while finishing) and the delay starts once
   * the run has got that far.
   */
  readonly progress?: () => number;
  /** Gives up waiting (the process is SIGTERMed, no kill counted) once this holds. */
  readonly stop?: () => boolean;
  /** What the files said at the kill's moment (for the log of kills). */
  readonly moment?: () => string;
}

/** Fails unless a run that ended before its kill exited 0. */
function checkEarlyEnd(
  target: string,
  exit: Awaited<Started['exited']>,
  schedule: ChaosSchedule,
): void {
  checkStop(target, exit, schedule);
  if (exit.code !== 0)
    throw new Error(`${target} exited ${exit.code}: ${exit.stderr}\n${schedule.describe()}`);
}

/**
 * One kill of the schedule on `run` at `moment`, sent with the schedule's signal; whether it
 * landed on a running process (false: the run had ended on its own, with exit 0, before it, or
 * `stop` held first) and how long the run ran after the marker or progress it waited for.
 */
export async function killOnce(
  schedule: ChaosSchedule,
  target: string,
  run: Started,
  moment: KillMoment,
): Promise<{ readonly landed: boolean; readonly ranMs: number }> {
  const share = moment.progress ? schedule.share(target) : 0;
  const ready = () =>
    (!moment.marker || moment.marker.test(run.stdout() + run.stderr())) &&
    (!moment.progress || moment.progress() >= Math.min(share, 1));
  if (!(await readyOrEnd(run, ready, moment.stop))) {
    if (run.child.exitCode === null) await kill(run, 'SIGTERM');
    else checkEarlyEnd(target, await run.exited, schedule);
    return { landed: false, ranMs: 0 };
  }
  const from = Date.now();
  const afterMs = schedule.delayMs(target, ...moment.delayMs);
  const signal = schedule.signal(target);
  const attempt = schedule.kills.filter((k) => k.target === target).length + 1;
  const waited = moment.progress
    ? `${Math.round(Math.min(Math.max(0, share), 1) * 100)}% stored, then `
    : '';
  const entry = { target, attempt, afterMs, signal, outcome: '', waited };
  schedule.kills.push(entry);
  const early = await Promise.race([run.exited, sleep(afterMs)]);
  if (early !== 'slept') {
    entry.outcome = `ended (exit ${early.code}) before the kill`;
    checkEarlyEnd(target, early, schedule);
    return { landed: false, ranMs: Date.now() - from };
  }
  const printed = [lastLine(run), moment.moment?.()].filter(Boolean).join('; ');
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
 * recovery to the end (exit 0); how many kills landed. The delays are drawn from
 * `command.delayMs` until a run ends before its kill (a recovery with little left to do); from
 * then on from zero to how long that run took, so the kills go on landing. With
 * `command.untilDone`, a run that ends on its own (exit 0) is the recovery: no more kills.
 */
export async function killAndRecover(
  schedule: ChaosSchedule,
  command: ChaosCommand & { readonly untilDone?: boolean },
): Promise<{ readonly landed: number }> {
  const { target } = command;
  let landed = 0;
  let delayMs = command.delayMs;
  for (let attempt = 1; landed < command.kills; attempt++) {
    if (attempt > command.kills * 3)
      throw new Error(`${target}: too few kills landed\n${schedule.describe()}`);
    const run = startRungs(command.command, attempt === 1 ? command.first : command.again);
    const kill = await killOnce(schedule, target, run, { ...command, delayMs });
    if (kill.landed) landed++;
    else if (command.untilDone && run.child.exitCode === 0) return { landed };
    else if (kill.ranMs > 0) delayMs = [0, kill.ranMs];
  }
  await finishes(schedule, target, startRungs(command.command, command.again));
  return { landed };
}
