/**
 * What the assumption register holds and how it names places: one registered assumption (a
 * number, or a structural choice between alternatives), and the id paths that `--set` and the
 * studies use (`organisations[jp.cabinet].processing.lognormal.median`,
 * `designs[acm-2015].mechanism.consultation[1].concur`), followed from the object that states them.
 * Shared by the register's walk (`register.ts`) and its choices (`choices.ts`).
 */
import type { InputIssue } from './errors.js';

/** What every registered assumption states, a number or a choice. Durations are minutes. */
export interface RegisteredAssumption {
  /**
   * Its name for `--set`: its path, with list items named by id where they have one, or the name
   * (`as`) its places share.
   */
  readonly id: string;
  /** Every place that states it (paths in the same syntax); one unless it is named with `as`. */
  readonly paths: readonly string[];
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly scale: 'linear' | 'log';
  /** `minutes` for a duration (a distribution's field, a delay, a time), else `number`. */
  readonly unit: 'minutes' | 'number';
  /**
   * A count or a level (a capacity, a load, a phase): value and bounds are whole numbers, and so is
   * every value it takes.
   */
  readonly integer: boolean;
  /** One line: the range's own reason, or the inference's first sentence. */
  readonly reason: string;
  /** A shared number the historical record informs, fitted by `rungs calibrate --fit`. */
  readonly calibratable: boolean;
  /** The object that marks it as an inference (the same path syntax). */
  readonly usedBy: string;
  readonly source: string;
}

/** A number the files mark as an inference, with its plausible range. */
export interface NumberAssumption extends RegisteredAssumption {
  /** A number the files state. */
  readonly kind: 'number';
}

/** One alternative of a structural choice: its name and the value it puts at the choice's paths. */
export interface Alternative {
  /** What `--set ID=NAME` and the reports call it. */
  readonly name: string;
  /** The value as the file would write it; `null`: the key is absent. */
  readonly value: unknown;
}

/**
 * A structural choice: which of its alternatives stands at its paths. Its numbers are indices into
 * `alternatives`: `value` is the file's own (the default), `low` 0, `high` the last; it is an
 * integer on a linear scale, never calibratable.
 */
export interface ChoiceAssumption extends RegisteredAssumption {
  /** A structural choice: its numbers are indices into `alternatives`. */
  readonly kind: 'choice';
  /** In the order the file writes them. */
  readonly alternatives: readonly Alternative[];
}

/** One registered assumption: a number or a structural choice. */
export type Assumption = NumberAssumption | ChoiceAssumption;

/**
 * Where a structural choice is stated in one file, for the checks that need the file's data as
 * written (each alternative applied alone must give a valid file).
 */
export interface ChoiceSite {
  /** Its path from the file's top (without a design's `designs[<id>]` prefix). */
  readonly path: string;
  /** Where the choice is written in the file: `mechanism.consultation[1].choices.concur`. */
  readonly location: string;
  readonly alternatives: readonly Alternative[];
  /** The index of the file's own value among the alternatives. */
  readonly default: number;
}

export type Mapping = Record<string, unknown>;
export type Key = string | number;

export const isMapping = (v: unknown): v is Mapping =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the register's walk gathers as it goes through one file's data. */
export interface Collected {
  readonly file: string;
  readonly prefix: string;
  readonly assumptions: Assumption[];
  readonly issues: InputIssue[];
  readonly sites: ChoiceSite[];
  /**
   * Check that each range holds its value and that the ranges keep a distribution's fields in
   * order at every corner (false for a point set beyond the ranges on purpose, whose values the
   * schema still checks).
   */
  readonly checkRanges: boolean;
}

/** The first sentence of a text, on one line. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.;](\s|$)/);
  return end > 0 ? flat.slice(0, end) : flat;
}

/**
 * Splits a relative path (`processing.lognormal.median`, `chains.japan[1]`, `posture[jp.mso]`) into
 * keys: a bracket holds an index, or a key or id with dots in it.
 */
export function relativeKeys(path: string): Key[] {
  return [...path.matchAll(/\[([^\]]+)\]|([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? (/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]) : m[2]!,
  );
}

/** The id-path segment of a mapping key: dotted keys (decision ids) in brackets. */
export function keySegment(key: string): string {
  return key.includes('.') ? `[${key}]` : key;
}

/** The id-path segment of a list item: `[id]` when it has one, else `[index]`. */
export function itemSegment(item: unknown, index: number): string {
  return isMapping(item) && typeof item.id === 'string' ? `[${item.id}]` : `[${index}]`;
}

export function join(base: string, key: string): string {
  return key.startsWith('[') ? `${base}${key}` : base ? `${base}.${key}` : key;
}

/**
 * Follows a relative path from the object that states it: the value it names (undefined when
 * nothing is there), that value's id path, and the mapping or list that holds it (undefined when
 * the path breaks off before its last key).
 */
export function followPath(
  node: Mapping,
  relative: string,
  idPath: string,
): { value: unknown; id: string; holder: unknown } {
  let value: unknown = node;
  let holder: unknown;
  let id = idPath;
  for (const key of relativeKeys(relative)) {
    holder = value;
    if (typeof key === 'number' && Array.isArray(value)) {
      id = join(id, itemSegment(value[key], key));
      value = value[key];
    } else if (isMapping(value) && typeof key === 'string') {
      id = join(id, keySegment(key));
      value = value[key];
    } else if (Array.isArray(value) && typeof key === 'string') {
      const index = value.findIndex((item) => isMapping(item) && item.id === key);
      id = join(id, `[${key}]`);
      value = value[index];
    } else {
      holder = undefined;
      value = undefined;
    }
  }
  return { value, id, holder };
}
