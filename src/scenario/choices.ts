/**
 * Structural choices in the assumption register. An object with a source may state, beside its
 * `ranges`, `choices`: for a path relative to itself, the plausible alternatives to the value there
 * (which offices concur, which body a category goes through, whether a referral exists), each named
 * and written as the file would write it, `null` standing for the key being absent:
 *
 * ```yaml
 * choices:
 *   concur:
 *     as: acm-2015.operational.concur   # optional; else the id is the path
 *     alternatives:
 *       military: { japan: jp.mod, unitedStates: us.indopacom }
 *       capitals: { japan: jp.cas, unitedStates: us.nsc }
 *     reason: why these are the plausible alternatives
 *     source: a citation for them       # optional; else the object's source
 * ```
 *
 * The file's own value must equal exactly one alternative, its default. They are compared as the
 * schema reads the file: with its defaults filled in (`requiresActive: true` when the file omits
 * it) and durations in minutes, so an alternative is written in that form (`120`, not `2h`); `null`
 * matches a key the file omits and the schema gives no default; numbers the register varies inside
 * the value (ranged by the object or inside the value) match any number. The register holds a
 * choice as an integer: the index of an alternative (see {@link ChoiceAssumption}). Applying each
 * alternative alone to the file must give a valid file: `alternatives.ts` checks that when a file
 * is loaded.
 */
import type { z } from 'zod';
import { formatPath } from './errors.js';
import type { ChoiceSchema } from './primitives.js';
import {
  followPath,
  isMapping,
  join,
  oneLine,
  relativeKeys,
  type Alternative,
  type Assumption,
  type ChoiceAssumption,
  type Collected,
  type Key,
  type Mapping,
} from './assumption.js';

type Choice = z.output<typeof ChoiceSchema>;

/**
 * Whether two values are the same data: mappings compared key by key in any order, `undefined`
 * keys as absent. At the key paths of `free` (the numbers the register varies) anything matches.
 */
function sameData(a: unknown, b: unknown, free: readonly Key[][] = []): boolean {
  if (free.some((keys) => keys.length === 0) || a === b) return true;
  const under = (key: Key, item?: unknown) =>
    free
      .filter(([first]) => first === key || (isMapping(item) && first === item.id))
      .map((keys) => keys.slice(1));
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameData(item, b[i], under(i, item)));
  }
  if (!isMapping(a) || !isMapping(b)) return false;
  const keys = (m: Mapping) => Object.keys(m).filter((k) => m[k] !== undefined);
  const ka = keys(a);
  return (
    ka.length === keys(b).length &&
    ka.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k], under(k)))
  );
}

/**
 * The key paths, from the value at `relative`, of the numbers the register varies inside it: those
 * the object stating the choice ranges there, and those objects inside the value range. A point
 * of a study may set them, so the file's value still is its alternative with other numbers there.
 */
function rangedInside(node: Mapping, relative: string, value: unknown): Key[][] {
  const target = relativeKeys(relative);
  const own = Object.keys(isMapping(node.ranges) ? node.ranges : {})
    .map(relativeKeys)
    .filter((keys) => keys.length > target.length && target.every((k, i) => keys[i] === k))
    .map((keys) => keys.slice(target.length));
  const walk = (v: unknown, at: Key[]): Key[][] => {
    if (Array.isArray(v)) return v.flatMap((item, i) => walk(item, [...at, i]));
    if (!isMapping(v)) return [];
    const ranged = Object.keys(isMapping(v.ranges) ? v.ranges : {}).map((r) => [
      ...at,
      ...relativeKeys(r),
    ]);
    const inside = Object.entries(v)
      .filter(([key]) => key !== 'ranges' && key !== 'choices')
      .flatMap(([key, child]) => walk(child, [...at, key]));
    return [...ranged, ...inside];
  };
  return [...own, ...walk(value, [])];
}

/** Whether a value (undefined: absent) is an alternative's: `null` stands for absent. */
function isAlternative(value: unknown, alternative: unknown, free: readonly Key[][] = []): boolean {
  return alternative === null
    ? value === undefined || value === null
    : sameData(value, alternative, free);
}

/** Short JSON of a value for a message. */
function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The object that states a choice, where it is, and the source it cites (or the nearest one above it). */
interface ChoiceHolder {
  readonly node: Mapping;
  readonly filePath: Key[];
  readonly idPath: string;
  readonly source: string;
}

/** The problem with a choice's alternatives and the file's value, or the index of the default. */
function defaultOf(
  alternatives: readonly Alternative[],
  value: unknown,
  holder: unknown,
  relative: string,
  free: readonly Key[][],
): number | string {
  if (alternatives.length < 2)
    return `expected at least 2 alternatives (a choice with one is not a choice), got ${alternatives.length}`;
  for (let i = 1; i < alternatives.length; i++) {
    const twin = alternatives.slice(0, i).find((a) => sameData(a.value, alternatives[i]!.value));
    if (twin) return `alternatives ${twin.name} and ${alternatives[i]!.name} are the same value`;
  }
  if (!isMapping(holder) && (value === undefined || alternatives.some((a) => a.value === null)))
    return `expected ${relative} to name a key of a mapping in this object (${value === undefined ? 'it names nothing here' : 'a list item cannot be absent, so no alternative may be null'})`;
  const matching = alternatives.filter((a) => isAlternative(value, a.value, free));
  if (matching.length === 1) return alternatives.indexOf(matching[0]!);
  if (matching.length > 1)
    return `expected the file's own value at ${relative} to be one alternative; it matches ${matching.map((a) => a.name).join(' and ')}, which differ only in numbers the register varies`;
  return `expected the file's own value at ${relative} to be one of the alternatives (${alternatives.map((a) => a.name).join(', ')}); it is ${shown(value)} as the schema reads it (defaults filled in, durations in minutes): write that alternative in this form, and null only for a key the file omits and the schema gives no default`;
}

/**
 * One choice of an object: checked against the value it names, then added to the register, or to
 * the choice its name (`as`) ties it to, and its site recorded.
 */
export function addChoice(
  c: Collected,
  at: ChoiceHolder,
  [relative, choice]: [string, Choice],
): void {
  const location = formatPath([...at.filePath, 'choices', relative]);
  const fail = (message: string): void => {
    c.issues.push({ file: c.file, path: location, message });
  };
  const alternatives = Object.entries(choice.alternatives).map(([name, value]) => ({
    name,
    value,
  }));
  const { value, id, holder } = followPath(at.node, relative, at.idPath);
  const free = rangedInside(at.node, relative, value);
  const found = defaultOf(alternatives, value, holder, relative, free);
  if (typeof found === 'string') return fail(found);
  const path = c.prefix ? join(c.prefix, id) : id;
  const inference = typeof at.node.inference === 'string' ? at.node.inference : undefined;
  const reason = choice.reason ?? oneLine(inference ?? at.source);
  if (!reason) return fail('expected a reason: nothing here (an inference or a source) gives one');
  const assumption: Assumption = {
    kind: 'choice',
    id: choice.as ?? path,
    paths: [path],
    value: found,
    low: 0,
    high: alternatives.length - 1,
    scale: 'linear',
    unit: 'number',
    integer: true,
    reason,
    calibratable: false,
    usedBy: c.prefix ? join(c.prefix, at.idPath) : at.idPath,
    source: choice.source ?? at.source,
    alternatives,
  };
  const same = choice.as === undefined ? undefined : c.assumptions.find((x) => x.id === choice.as);
  const conflict = same && sameChoice(same, assumption);
  if (conflict) return fail(`"${choice.as}": ${conflict}`);
  if (same) (same.paths as string[]).push(path);
  else c.assumptions.push(assumption);
  c.sites.push({ path: id, location, alternatives, default: found });
}

/**
 * Why two registered assumptions of one id cannot be one (a choice and a number, or choices with
 * other alternatives or another default), or undefined when they can.
 */
export function sameChoice(first: Assumption, next: Assumption): string | undefined {
  if (first.kind !== next.kind)
    return `one name for a ${first.kind} (${first.paths[0]}) and a ${next.kind}: give them different names`;
  if (first.kind !== 'choice' || next.kind !== 'choice') return undefined;
  const names = (a: readonly Alternative[]) => a.map((x) => x.name).sort();
  const other = next.alternatives;
  const sameAlternatives =
    names(first.alternatives).join() === names(other).join() &&
    first.alternatives.every((a) => sameData(a.value, other.find((b) => b.name === a.name)!.value));
  if (!sameAlternatives)
    return `is one choice: every place named so states the same alternatives (${first.paths[0]} has ${first.alternatives.map((a) => `${a.name}: ${shown(a.value)}`).join(', ')})`;
  const defaultName = first.alternatives[first.value]!.name;
  if (next.alternatives[next.value]!.name !== defaultName)
    return `is one choice: every place named so has the same default (${first.paths[0]} has ${defaultName}, here ${next.alternatives[next.value]!.name})`;
  return undefined;
}

/** The structural choices of a register (`assumptionRegister`), in its order. */
export function structuralChoices(register: readonly Assumption[]): ChoiceAssumption[] {
  return register.filter((a): a is ChoiceAssumption => a.kind === 'choice');
}
