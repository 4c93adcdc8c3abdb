/**
 * The one meaning of `--set` in every command (batch, compare, sensitivity, ranking): `ID=VALUE`,
 * where ID is a register id (`rungs assumptions` lists them) or the one place a registered number
 * is stated (`organisations[jp.cas].capacity`), and VALUE a number (a duration such as `2h` for a
 * duration), or a structural choice's alternative by name; in a command that sweeps (batch), a
 * comma list of such values. A value outside its registered range is refused unless the command
 * is given `--outside-range`, and then recorded as outside.
 */
import { InputError } from '../scenario/errors.js';
import { Duration } from '../scenario/primitives.js';
import type { Assumption } from '../scenario/register.js';

/** What a command allows of `--set`. */
export interface SetRules {
  /** Whether a comma list of values (a sweep) is allowed: batch only. */
  readonly sweep: boolean;
  /** Whether values outside their registered ranges are taken (`--outside-range`). */
  readonly outsideRange: boolean;
  /** Whether the command can take `--outside-range` at all (a study cannot); the refusal says which. Default true. */
  readonly outsideAllowed?: boolean;
}

/** One `--set`, read and checked: what the outputs record of it. */
export interface SetOverride {
  /** As given on the command line. */
  readonly text: string;
  /** The register id it sets (the id of the assumption a path names). */
  readonly id: string;
  /** The values as written, in order (one unless a sweep). */
  readonly values: readonly string[];
  /** Each value as the register counts it (minutes for a duration, an alternative's index for a choice). */
  readonly numbers: readonly number[];
  /** The values outside the registered range (taken with `--outside-range`); empty when none. */
  readonly outside: readonly string[];
}

/** An {@link InputError} naming `--set` and the id. */
function refused(id: string, message: string): InputError {
  return new InputError([{ file: '--set', path: id, message }]);
}

/** Splits on commas outside brackets, braces and quotes, so a value may be a YAML flow mapping. */
export function splitValues(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * The assumption an ID names: a register id, or the one place a registered number is stated. A
 * place of an assumption stated in several places, or an ID the register does not know, is refused.
 */
function assumptionOf(id: string, register: readonly Assumption[]): Assumption {
  const byId = register.find((a) => a.id === id);
  if (byId) return byId;
  const byPath = register.find((a) => a.paths.includes(id));
  if (byPath && byPath.paths.length === 1) return byPath;
  if (byPath)
    throw refused(
      id,
      `is one of the ${byPath.paths.length} places of the assumption ${byPath.id}, which sets them all: --set ${byPath.id}=VALUE`,
    );
  throw refused(
    id,
    'not an assumption of the register, nor the place of one (npm run assumptions lists them)',
  );
}

/** A value as the register counts it; text it cannot read is refused, naming what was expected. */
function numberOf(assumption: Assumption, text: string): number {
  if (assumption.kind === 'choice') {
    const index = assumption.alternatives.findIndex((a) => a.name === text);
    if (index < 0)
      throw refused(
        assumption.id,
        `${text}: not one of the choice's alternatives (expected one of: ${assumption.alternatives.map((a) => a.name).join(', ')})`,
      );
    return index;
  }
  const number = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  const duration =
    number === undefined && assumption.unit === 'minutes' ? Duration.safeParse(text) : undefined;
  const value = number ?? (duration?.success ? duration.data : undefined);
  if (value === undefined)
    throw refused(
      assumption.id,
      `expected ${assumption.unit === 'minutes' ? 'a number of minutes or a duration such as 2h' : 'a number'}, got "${text}"`,
    );
  if (assumption.integer && !Number.isInteger(value))
    throw refused(
      assumption.id,
      `expected a whole number (it is a count or a level), got "${text}"`,
    );
  return value;
}

/** Whether a number lies outside an assumption's registered range. */
const isOutside = (a: Assumption, value: number) => value < a.low || value > a.high;

/**
 * Reads one `--set ID=VALUE[,VALUE...]` against the register, by `rules`. Bad text, an unknown ID,
 * a list where the command takes one value, or a value outside its registered range without
 * `--outside-range`, is an {@link InputError} naming `--set` and the ID.
 */
export function readSetOption(
  text: string,
  register: readonly Assumption[],
  rules: SetRules,
): SetOverride {
  const eq = text.indexOf('=');
  const id = eq > 0 ? text.slice(0, eq).trim() : '';
  if (!id)
    throw refused(
      text,
      'expected ID=VALUE, with ID a register id or the place of one (npm run assumptions lists them)',
    );
  const values = splitValues(text.slice(eq + 1));
  if (values.some((v) => v === '')) throw refused(id, 'a value is empty');
  if (values.length > 1 && !rules.sweep)
    throw refused(
      id,
      `a list of values is a sweep, which only rungs batch runs; give one value here (got ${values.length})`,
    );
  if (new Set(values).size !== values.length) throw refused(id, 'a value is given twice');
  const assumption = assumptionOf(id, register);
  const numbers = values.map((v) => numberOf(assumption, v));
  const outside = values.filter((_, i) => isOutside(assumption, numbers[i]!));
  if (outside.length > 0 && !rules.outsideRange)
    throw refused(
      id,
      `${outside.join(', ')} is outside the registered range ${assumption.low} – ${assumption.high}${assumption.unit === 'minutes' ? ' minutes' : ''}; ${rules.outsideAllowed === false ? 'a study holds values within the registered ranges (rungs batch and rungs compare take --outside-range)' : 'give --outside-range to run it anyway (the outputs then record it)'}`,
    );
  return { text, id: assumption.id, values, numbers, outside };
}

/**
 * Every `--set` of a command, read by {@link readSetOption}; an assumption set twice is refused.
 */
export function readSetOptions(
  texts: readonly string[],
  register: readonly Assumption[],
  rules: SetRules,
): SetOverride[] {
  const overrides = texts.map((text) => readSetOption(text, register, rules));
  const seen = new Set<string>();
  for (const o of overrides) {
    if (seen.has(o.id))
      throw refused(o.id, 'is set twice; give it once (a sweep lists all its values in one --set)');
    seen.add(o.id);
  }
  return overrides;
}

/** The values single-valued overrides hold, by register id (a sweep's first value). */
export function heldValues(overrides: readonly SetOverride[]): Map<string, number> {
  return new Map(overrides.map((o) => [o.id, o.numbers[0]!]));
}

/** What an output records of its overrides: each `--set` as given, and which values were outside. */
export interface OverrideRecord {
  readonly set: string;
  readonly id: string;
  readonly values: readonly string[];
  /** Values outside the registered range, taken with `--outside-range`; absent when none. */
  readonly outsideRange?: readonly string[];
}

/** The records of overrides, for JSON outputs. */
export function overrideRecords(overrides: readonly SetOverride[]): OverrideRecord[] {
  return overrides.map((o) => ({
    set: o.text,
    id: o.id,
    values: o.values,
    ...(o.outside.length > 0 ? { outsideRange: o.outside } : {}),
  }));
}
