/**
 * The lease clock the commands give the folder locks they take (`batch/lock.ts`): the real wall
 * clock and host name, which only the command line reads, and three environment variables:
 * `RUNGS_HOST` (the name this host gives itself in a lock, instead of its host name: tests play two
 * hosts with it), `RUNGS_LEASE_SECONDS` (the lease's length, default 30; renewed every sixth of it)
 * and `RUNGS_CLOCK_SKEW_SECONDS` (how far hosts' clocks may disagree, default 10).
 */
import { hostname } from 'node:os';
import type { LeaseClock } from '../batch/lock.js';
import { shardIndexVariable } from '../batch/shard.js';
import { InputError } from '../scenario/errors.js';

type Environment = Readonly<Record<string, string | undefined>>;

/** The longest lease or skew allowance the environment may ask for: a day. */
const MAX_SECONDS = 86_400;

/** A number of seconds from `variable`, in ms; undefined when it is not set. */
function secondsOf(environment: Environment, variable: string, min: number): number | undefined {
  const text = environment[variable];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || value < min || value > MAX_SECONDS)
    throw new InputError([
      {
        file: variable,
        path: '',
        message: `expected seconds from ${min} to ${MAX_SECONDS.toLocaleString('en-US')}, got "${text}"`,
      },
    ]);
  return Math.round(value * 1000);
}

/** The lease clock of this process: the real clock and host, with the environment's overrides. */
export function leaseClockOf(environment: Environment): LeaseClock {
  const leaseMs = secondsOf(environment, 'RUNGS_LEASE_SECONDS', 0.1);
  const skewMs = secondsOf(environment, 'RUNGS_CLOCK_SKEW_SECONDS', 0);
  const host = environment.RUNGS_HOST?.trim();
  return {
    now: () => Date.now(),
    host: host ? host : hostname(),
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(skewMs !== undefined ? { skewMs } : {}),
  };
}

/**
 * The outer lease of a `--shard auto/N` whose index came from an array engine's variable (an array
 * engine runs one task per index at a time, so a retry of the index may take over its lock at once);
 * undefined for a shard given by number.
 */
export function arrayOuterLease(shardText: string, environment: Environment): string | undefined {
  if (!shardText.trim().startsWith('auto/')) return undefined;
  const variable = shardIndexVariable(environment);
  if (variable === undefined) return undefined;
  return `array task ${variable}=${environment[variable]} of shard auto/${shardText.trim().slice(5)}`;
}
