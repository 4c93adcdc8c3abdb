/** A small argument parser: `--name value`, `--flag`, and positional arguments. */
import { UsageError } from './run.js';

export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string | true>;
}

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
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name} (known: ${Object.keys(known).map((k) => `--${k}`).join(', ')})`);
    if (kind === 'flag') {
      options.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

/** The value of an option, or a default. */
export function stringOption(args: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : fallback;
}

/** An integer option, checked. */
export function intOption(args: ParsedArgs, name: string, fallback: number): number {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--${name} expects an integer, got "${v}"`);
  return Number(v);
}

/** Parses a seed list: "42", "1..500", "1,2,5..9". Empty ranges are an error. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from) throw new UsageError(`seed range "${part.trim()}" is empty (expected from..to with from <= to)`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\s*\d+\s*$/.test(part)) seeds.push(Number(part));
    else throw new UsageError(`cannot read seeds "${text}" (expected e.g. 42, 1..500 or 1,5,9..12)`);
  }
  if (seeds.length === 0) throw new UsageError('no seeds given');
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`seeds "${text}" name the same seed twice`);
  return seeds;
}
