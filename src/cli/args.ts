/** A small argument parser: `--name value`, `--flag`, and positional arguments. */
import { UsageError } from './run.js';
import type { Scenario } from '../scenario/schema.js';

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

/** The most seeds one command takes (about 80 MB as numbers; checked before any is made). */
export const MAX_SEEDS = 10_000_000;

/** The largest seed: seeds are unsigned 32-bit integers, written into each stream's name. */
export const MAX_SEED = 2 ** 32 - 1;

/** Parses argv; `known` maps each option to whether it takes a value. */
export function parseArgs(argv: readonly string[], known: Readonly<Record<string, 'value' | 'flag'>>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = Object.hasOwn(known, name) ? known[name] : undefined;
    if (!kind) throw new UsageError(`unknown option (known: ${Object.keys(known).map((k) => `--${k}`).join(', ')})`, `--${name}`);
    if (kind === 'flag') {
      options.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError('expected a value', `--${name}`);
    options.set(name, value);
  }
  return { positional, options };
}

/** The value of an option, or a default. */
export function stringOption(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : fallback;
}

function describeInteger({ min, max }: { min?: number; max?: number }): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer of at least ${min}`;
  if (max !== undefined) return `an integer of at most ${max}`;
  return 'an integer';
}

/** An integer option, checked to be a safe integer within `bounds` (inclusive) when given. */
export function intOption(args: ParsedArgs, name: string, fallback: number, bounds: { min?: number; max?: number } = {}): number {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`expected ${describeInteger(bounds)}, got "${v}"`, `--${name}`);
  return n;
}

/** One part of a seed list: a single seed is a range of one. */
interface SeedRange {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

function readSeedRanges(text: string, option: string): SeedRange[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new UsageError(`cannot read seeds "${text}" (expected e.g. 42, 1..500 or 1,5,9..12)`, option);
    const [from, to] = [match[1]!, match[2] ?? match[1]!].map((digits) => {
      const seed = Number(digits);
      if (seed > MAX_SEED) throw new UsageError(`seed ${digits} is too large (seeds are integers from 0 to ${MAX_SEED})`, option);
      return seed;
    }) as [number, number];
    if (to < from) throw new UsageError(`seed range "${part.trim()}" is empty (expected from..to with from <= to)`, option);
    return { from, to, text: part.trim() };
  });
}

/**
 * Parses a seed list: "42", "1..500", "1,2,5..9". Seeds are integers from 0 to `MAX_SEED`; an
 * empty range, a seed named twice or more than `limit` seeds in all is an error, found from the
 * ranges before any seed is made. `option` names the option in messages.
 */
export function parseSeeds(text: string, option = '--seeds', limit = MAX_SEEDS): number[] {
  const ranges = readSeedRanges(text, option);
  const count = ranges.reduce((sum, r) => sum + (r.to - r.from + 1), 0);
  if (count > limit) throw new UsageError(`"${text}" is ${count.toLocaleString('en')} seeds, more than the limit of ${limit.toLocaleString('en')}`, option);
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.from <= sorted[i - 1]!.to) throw new UsageError(`seeds "${text}" name the same seed twice ("${sorted[i - 1]!.text}" and "${sorted[i]!.text}" overlap)`, option);
  }
  const seeds: number[] = [];
  for (const r of ranges) for (let s = r.from; s <= r.to; s++) seeds.push(s);
  return seeds;
}

/** Takes every `--name value` / `--name=value` out of argv (parseArgs keeps only the last). */
export function takeRepeated(argv: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      values.push(v);
      i++;
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
    else rest.push(arg);
  }
  return { values, rest };
}

/**
 * The decisions a study measures: `--decisions a,b`, or the scenario's `report.keyDecisions`;
 * an unknown id, or none at all, is a {@link UsageError} naming the option.
 */
export function decisionsOption(args: ParsedArgs, scenario: Pick<Scenario, 'decisions' | 'report'>): string[] {
  const decisions = stringOption(args, 'decisions')?.split(',').map((d) => d.trim()) ?? scenario.report?.keyDecisions ?? [];
  const known = new Set(scenario.decisions.map((d) => d.id));
  for (const d of decisions) if (!known.has(d)) throw new UsageError(`unknown decision "${d}" (expected one of: ${[...known].join(', ')})`, '--decisions');
  if (decisions.length === 0) throw new UsageError('no decisions to measure: give --decisions or report.keyDecisions in the scenario', '--decisions');
  return decisions;
}
