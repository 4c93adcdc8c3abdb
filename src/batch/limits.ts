/**
 * The sizes a batch accepts, checked before any work: beyond them a batch would exhaust memory
 * (V8 aborts with a native stack trace) or run for days. Measured on the reference scenario with
 * all 8 designs: planning validates every design against every sweep point, ~4 s and ~220 MB for
 * 1,000 points, ~47 s and ~900 MB for 10,000.
 */
import { InputError } from '../scenario/errors.js';

export const LIMITS = {
  /** Sweep points (the product of the --set axes' value counts). */
  sweepPoints: 1_000,
  /** Runs of a batch: designs × sweep points × seeds (~2 CPU hours at ~0.65 ms a run). */
  runs: 10_000_000,
  /** Seeds a manifest may list. */
  seeds: 10_000_000,
  /** Worker threads. */
  workers: 64,
  /** Runs per message to a worker. */
  chunkSize: 10_000,
} as const;

/** Checks a whole-number option against 1..max. */
export function checkCount(option: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError([
      {
        file: option,
        path: '',
        message: `expected a whole number from 1 to ${max.toLocaleString('en-US')}, got ${value}`,
      },
    ]);
  }
}
