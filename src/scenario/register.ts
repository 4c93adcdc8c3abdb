/**
 * The assumption register: every number a scenario or design marks as an inference (no source
 * gives it), with its plausible low and high and the reason. An object with `inference` states, in
 * `ranges`, each number it covers by a path relative to itself; the register gives each an id, the
 * absolute path that `--set` and the sensitivity analysis use (`organisations[jp.cabinet].processing.lognormal.median`,
 * `designs[acm-2015].mechanism.consultation[0].silence.breakProbability` for a design's own numbers).
 */
import type { z } from 'zod';
import { InputError, type InputIssue } from './errors.js';
import { formatPath } from './errors.js';
import type { ChoiceSchema } from './primitives.js';
import type { RangeSchema } from './schema.js';
import {
  followPath,
  isMapping,
  join,
  itemSegment,
  keySegment,
  oneLine,
  relativeKeys,
  type Assumption,
  type ChoiceSite,
  type Collected,
  type Key,
  type Mapping,
} from './assumption.js';
import { addChoice, sameChoice } from './choices.js';

export { structuralChoices } from './choices.js';

export type {
  Alternative,
  Assumption,
  ChoiceAssumption,
  NumberAssumption,
  RegisteredAssumption,
} from './assumption.js';

type Range = z.output<typeof RangeSchema>;
type Choice = z.output<typeof ChoiceSchema>;

/**
 * Whether an object states numbers of its own: directly, or in a nested mapping or list that does
 * not cite a source of its own. An inference on an object without numbers is a modelling choice
 * (a route, a mapping of rungs), which has no range.
 */
function holdsNumbers(node: unknown, top = true): boolean {
  if (typeof node === 'number') return true;
  if (Array.isArray(node)) return node.some((item) => holdsNumbers(item, false));
  if (!isMapping(node) || (!top && 'source' in node)) return false;
  return Object.entries(node).some(
    ([key, child]) => key !== 'ranges' && holdsNumbers(child, false),
  );
}

/** Fields that hold durations: a distribution's parameters, a meeting period, a scripted time, a window, a deadline. */
const DURATION_FIELDS: ReadonlySet<string> = new Set([
  'median',
  'p90',
  'mean',
  'min',
  'mode',
  'max',
  'fixed',
  'every',
  'at',
  'window',
  'deadline',
]);

/** The fields of a distribution that must stay in order, smallest first. */
const ORDERED: Readonly<Record<string, readonly string[]>> = {
  lognormal: ['median', 'p90'],
  triangular: ['min', 'mode', 'max'],
  uniform: ['min', 'max'],
};

/**
 * Ranges that could put a distribution's fields out of order at some corner of the ranges (a median
 * above its p90) are refused: every combination of plausible values must be a valid scenario.
 */
function checkOrder(
  node: Mapping,
  ranges: Record<string, Range> | undefined,
  filePath: Key[],
  file: string,
  issues: InputIssue[],
): void {
  if (!ranges) return;
  const bounds = (path: string, value: number) => ranges[path] ?? { low: value, high: value };
  const walk = (value: unknown, rel: string) => {
    if (!isMapping(value)) return;
    for (const [kind, fields] of Object.entries(ORDERED)) {
      const d = value[kind];
      if (!isMapping(d)) continue;
      for (let i = 1; i < fields.length; i++) {
        const lower = `${rel}${kind}.${fields[i - 1]}`;
        const upper = `${rel}${kind}.${fields[i]}`;
        if (!(lower in ranges) && !(upper in ranges)) continue;
        const a = bounds(lower, d[fields[i - 1]!] as number);
        const b = bounds(upper, d[fields[i]!] as number);
        // a lognormal needs median < p90 strictly; the others allow equal fields
        if (kind === 'lognormal' ? a.high >= b.low : a.high > b.low) {
          issues.push({
            file,
            path: formatPath([...filePath, 'ranges', upper in ranges ? upper : lower]),
            message: `${lower} can reach ${a.high} but ${upper} can fall to ${b.low}: make the ranges of ${fields[i - 1]} and ${fields[i]} not overlap, so that every combination keeps ${fields[i - 1]} ${kind === 'lognormal' ? '<' : '≤'} ${fields[i]}`,
          });
        }
      }
    }
    for (const [key, child] of Object.entries(value))
      if (key !== 'ranges' && !(key in ORDERED)) walk(child, `${rel}${key}.`);
  };
  walk(node, '');
}

/**
 * One range of an object that marks an inference: checked against the number it names, then added
 * to the register, or to the assumption its name (`as`) ties it to.
 */
function addRange(
  c: Collected,
  node: Mapping,
  filePath: Key[],
  idPath: string,
  [relative, range]: [string, Range],
): void {
  const fail = (message: string): void => {
    c.issues.push({ file: c.file, path: formatPath([...filePath, 'ranges', relative]), message });
  };
  const { value, id } = followPath(node, relative, idPath);
  if (typeof value !== 'number')
    return fail(
      `expected the path of a number of this object (${relative} ${value === undefined ? 'names nothing here' : 'is not a number'}); write a fixed duration as { fixed: … } to range it`,
    );
  const scale = 'scale' in range && range.scale ? range.scale : 'linear';
  if (!(range.low < range.high))
    return fail(`expected low < high, got [${range.low}, ${range.high}]`);
  if (c.checkRanges && (value < range.low || value > range.high))
    return fail(`expected the range to hold the value ${value}, got [${range.low}, ${range.high}]`);
  if (scale === 'log' && range.low <= 0) return fail('a log scale needs low > 0');
  const inference = typeof node.inference === 'string' ? node.inference : undefined;
  const reason =
    'reason' in range && range.reason
      ? range.reason
      : oneLine(inference ?? String(node.source ?? ''));
  const path = c.prefix ? join(c.prefix, id) : id;
  const name = 'as' in range ? range.as : undefined;
  const same = name === undefined ? undefined : c.assumptions.find((x) => x.id === name);
  if (same?.kind === 'choice')
    return fail(`"${name}" names a structural choice (${same.paths[0]}); a range cannot share it`);
  if (same) {
    if (same.value !== value || same.low !== range.low || same.high !== range.high)
      return fail(
        `"${name}" is one assumption: every place named so states the same value and range (${same.paths[0]} has ${same.value} in [${same.low}, ${same.high}])`,
      );
    (same.paths as string[]).push(path);
    return;
  }
  const leaf = String(relativeKeys(relative).at(-1));
  const unit = DURATION_FIELDS.has(leaf) ? 'minutes' : 'number';
  const integer = unit === 'number' && [value, range.low, range.high].every(Number.isInteger);
  c.assumptions.push({
    kind: 'number',
    id: name ?? path,
    paths: [path],
    value,
    low: range.low,
    high: range.high,
    scale,
    unit,
    integer,
    reason,
    calibratable: 'calibrate' in range && range.calibrate === true,
    usedBy: c.prefix ? join(c.prefix, idPath) : idPath,
    source: String(node.source ?? ''),
  });
}

/**
 * An object's own inference, ranges and choices; then its children, each in turn. `source` is the
 * nearest source stated on the way down (a choice on `mechanism` cites the design's).
 */
function visitNode(
  c: Collected,
  node: unknown,
  filePath: Key[],
  idPath: string,
  source: string,
): void {
  if (Array.isArray(node))
    return node.forEach((item, i) =>
      visitNode(c, item, [...filePath, i], join(idPath, itemSegment(item, i)), source),
    );
  if (!isMapping(node)) return;
  const ranges = node.ranges as Record<string, Range> | undefined;
  if (
    typeof node.inference === 'string' &&
    (ranges === undefined || Object.keys(ranges).length === 0) &&
    holdsNumbers(node)
  ) {
    c.issues.push({
      file: c.file,
      path: formatPath([...filePath, 'inference']),
      message:
        'an inference on an object that holds numbers needs ranges: the plausible low and high of each number it covers, by a path relative to this object (e.g. ranges: { processing.lognormal.median: [30m, 3h] })',
    });
  }
  for (const entry of Object.entries(ranges ?? {})) addRange(c, node, filePath, idPath, entry);
  if (c.checkRanges) checkOrder(node, ranges, filePath, c.file, c.issues);
  const own = typeof node.source === 'string' ? node.source : source;
  const choices = node.choices as Record<string, Choice> | undefined;
  for (const entry of Object.entries(choices ?? {}))
    addChoice(c, { node, filePath, idPath, source: own }, entry);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'ranges' && key !== 'choices')
      visitNode(c, child, [...filePath, key], join(idPath, keySegment(key)), own);
  }
}

/**
 * {@link collectAssumptions}, and where each structural choice is written in the file (for the
 * checks that apply its alternatives to the file's data).
 */
export function collectRegister(
  data: unknown,
  file: string,
  prefix = '',
  checkRanges = true,
): { assumptions: Assumption[]; issues: InputIssue[]; sites: ChoiceSite[] } {
  const c: Collected = { file, prefix, assumptions: [], issues: [], sites: [], checkRanges };
  visitNode(c, data, [], '', '');
  return c;
}

/**
 * Collects the register of parsed scenario or design data, and the problems with it: an inference
 * without ranges, a range whose path names no number, a range that does not hold its value, a
 * structural choice whose alternatives do not include the file's value (see `choices.ts`).
 * `prefix` is prepended to every id (`designs[acm-2015]` for a design's numbers). Without
 * `checkRanges`, a value outside its range and ranges whose corners disorder a distribution pass.
 */
export function collectAssumptions(
  data: unknown,
  file: string,
  prefix = '',
  checkRanges = true,
): { assumptions: Assumption[]; issues: InputIssue[] } {
  const { assumptions, issues } = collectRegister(data, file, prefix, checkRanges);
  return { assumptions, issues };
}

/**
 * The register of a scenario and the designs that run on it: the scenario's assumptions, then each
 * design's (ids prefixed `designs[<id>]`), the places that share one name merged into one
 * assumption. Sorted by id. A structural choice named alike in two designs with other alternatives
 * or another default is an {@link InputError} naming the second design.
 */
export function assumptionRegister(
  scenario: unknown,
  designs: ReadonlyArray<{ readonly id: string; readonly data: unknown }>,
): Assumption[] {
  const byId = new Map<string, Assumption>();
  const add = (file: string) => (a: Assumption) => {
    const same = byId.get(a.id);
    if (!same) return byId.set(a.id, { ...a, paths: [...a.paths] });
    const conflict = sameChoice(same, a);
    if (conflict)
      throw new InputError([{ file, path: a.usedBy, message: `"${a.id}": ${conflict}` }]);
    for (const path of a.paths) if (!same.paths.includes(path)) (same.paths as string[]).push(path);
  };
  collectAssumptions(scenario, 'scenario').assumptions.forEach(add('scenario'));
  for (const d of designs)
    collectAssumptions(d.data, d.id, `designs[${d.id}]`).assumptions.forEach(add(d.id));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
