/**
 * Command-line arguments on Node's `util.parseArgs`: `--name value`, `--name=value`, `--flag`,
 * repeatable options, positional arguments, and `--help` / `-h`. An unknown or misspelled option
 * (single-dash ones such as `-seed` too) is a {@link UsageError} with a suggestion.
 */
import { parseArgs as tokenize } from 'node:util';
import { UsageError } from './run.js';
import { didYouMean } from './suggest.js';
import type { Scenario } from '../scenario/schema.js';

/** How an option is written: with one value, as a flag, or repeatable with a value each time. */
export type OptionKind = 'value' | 'flag' | 'list';

/** The options a command knows, by name (without `--`). */
export type KnownOptions = Readonly<Record<string, OptionKind>>;

export interface ParsedArgs {
  readonly positional: string[];
  /** Each option given (the last value of one given twice), by its name in `known`. */
  readonly options: Map<string, string | true>;
  /** Every value of each repeatable (`list`) option, in order. */
  readonly lists: Map<string, string[]>;
  /** How each option was written (`--designs` for `design`), so messages name what the user typed. */
  readonly given: Map<string, string>;
}

/** Names options had before they were made the same in every command; each still works. */
export const OPTION_ALIASES: Readonly<Record<string, string>> = { designs: 'design' };

/** Every name an option answers to (its own and its alias), mapped to the option's name. */
function acceptedNames(known: KnownOptions): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of Object.keys(known)) names.set(name, name);
  for (const [alias, name] of Object.entries(OPTION_ALIASES))
    if (Object.hasOwn(known, name) && !Object.hasOwn(known, alias)) names.set(alias, name);
  return names;
}

function unknownOption(
  written: string,
  names: ReadonlyMap<string, string>,
  known: KnownOptions,
): UsageError {
  const hint = didYouMean(written.replace(/^-+/, ''), names.keys(), (n) => `--${n}`);
  const all = Object.keys(known).map((k) => `--${k}`);
  return new UsageError(
    hint
      ? `unknown option${hint}`
      : all.length > 0
        ? `unknown option (known: ${all.join(', ')})`
        : 'unknown option (this command takes none)',
    written,
  );
}

/**
 * Parses argv; `known` maps each option to its kind. Checks every option: unknown, a flag given a
 * value, or a value missing (or another option where the value should be) is a {@link UsageError}.
 */
export function parseArgs(argv: readonly string[], known: KnownOptions): ParsedArgs {
  const names = acceptedNames(known);
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [written, name] of names)
    config[written] = known[name] === 'flag' ? { type: 'boolean' } : { type: 'string' };
  const { tokens } = tokenize({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const parsed: ParsedArgs = {
    positional: [],
    options: new Map(),
    lists: new Map(),
    given: new Map(),
  };
  for (const token of tokens) {
    if (token.kind === 'positional') parsed.positional.push(token.value);
    if (token.kind !== 'option') continue;
    // one dash: a group of short options to util.parseArgs (-seed is -s -e -e -d); named whole
    const written = token.rawName.startsWith('--')
      ? token.rawName
      : argv[token.index]!.split('=')[0]!;
    const name =
      token.rawName.startsWith('--') && Object.hasOwn(config, token.name)
        ? names.get(token.name)!
        : undefined;
    if (name === undefined) throw unknownOption(written, names, known);
    const before = parsed.given.get(name);
    if (before !== undefined && before !== written)
      throw new UsageError(`given twice (as ${before} and ${written})`, written);
    parsed.given.set(name, written);
    if (known[name] === 'flag') {
      if (token.value !== undefined) throw new UsageError('takes no value', written);
      parsed.options.set(name, true);
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
      throw new UsageError('expected a value', written);
    parsed.options.set(name, token.value);
    if (known[name] === 'list')
      parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), token.value]);
  }
  return parsed;
}

/** Whether argv asks for help: `--help` or `-h` before any `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * A command's arguments: with `--help` or `-h`, prints `help` on stdout and returns undefined (the
 * command then does nothing and exits 0); otherwise {@link parseArgs}.
 */
export function commandArgs(
  argv: readonly string[],
  known: KnownOptions,
  help: string,
): ParsedArgs | undefined {
  if (wantsHelp(argv)) {
    process.stdout.write(`${help}\n`);
    return undefined;
  }
  return parseArgs(argv, known);
}

/** How the user wrote an option (`--designs` for `design`), for messages; `--name` when not given. */
export function optionLabel(args: ParsedArgs, name: string): string {
  return args.given.get(name) ?? `--${name}`;
}

/** Every value of a repeatable option, in order. */
export function listOption(args: ParsedArgs, name: string): string[] {
  return args.lists.get(name) ?? [];
}

/** Refuses positional arguments in a command that takes none. */
export function noPositional(args: ParsedArgs, hint = ''): void {
  if (args.positional.length > 0)
    throw new UsageError(`unexpected argument "${args.positional[0]}"${hint ? ` (${hint})` : ''}`);
}

/** The value of an option that must be given: a {@link UsageError} naming it otherwise. */
export function requiredOption(args: ParsedArgs, name: string, example: string): string {
  const value = stringOption(args, name);
  if (value === undefined)
    throw new UsageError(`is required, e.g. ${example} (see --help)`, `--${name}`);
  return value;
}

/** The value of an option, or a default. */
export function stringOption(
  args: ParsedArgs,
  name: string,
  fallback?: string,
): string | undefined {
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
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  bounds: { min?: number; max?: number } = {},
): number {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `expected ${describeInteger(bounds)}, got "${v}"`,
      optionLabel(args, name),
    );
  return n;
}

/**
 * The decisions a study measures: `--decisions a,b`, or the scenario's `report.keyDecisions`;
 * an unknown id, or none at all, is a {@link UsageError} naming the option.
 */
export function decisionsOption(
  args: ParsedArgs,
  scenario: Pick<Scenario, 'decisions' | 'report'>,
): string[] {
  const decisions =
    stringOption(args, 'decisions')
      ?.split(',')
      .map((d) => d.trim()) ??
    scenario.report?.keyDecisions ??
    [];
  const known = new Set(scenario.decisions.map((d) => d.id));
  for (const d of decisions)
    if (!known.has(d))
      throw new UsageError(
        `unknown decision "${d}" (expected one of: ${[...known].join(', ')})${didYouMean(d, known)}`,
        '--decisions',
      );
  if (decisions.length === 0)
    throw new UsageError(
      'no decisions to measure: give --decisions or report.keyDecisions in the scenario',
      '--decisions',
    );
  return decisions;
}
