/**
 * Scenario composition: a scenario file may say `extends: ../base.yaml` (a path relative to
 * itself) and write only what differs. The base is read (recursively, at most
 * {@link MAX_EXTENDS_DEPTH} levels, no cycles) and the extending file's data merged over it
 * before schema validation, so the result is validated as one scenario.
 *
 * Merge rules:
 * - mappings merge key by key;
 * - a list whose items all have an `id` (rungs, organisations, decisions) merges by id: an item
 *   whose id the base has patches the base's item (deep-merged by these same rules, in place),
 *   an item with a new id is appended; there is no way to remove an item;
 * - every other list replaces the base's list, and a distribution (a mapping whose one key is
 *   `fixed`, `lognormal`, `triangular`, `exponential` or `uniform`) replaces the base's as a whole;
 * - the extending file needs an `id` of its own, and may not change a shared parameter
 *   ({@link SHARED_PARAMETERS}).
 *
 * Every value keeps track of the file and the path it came from, so that an error in the merged
 * scenario names the file that wrote the value and the path inside that file.
 */
import { isAbsolute, join, dirname, resolve } from 'node:path';
import { InputError, formatPath, type InputIssue } from './errors.js';
import { canonicalJson } from './hash.js';
import { parseYaml, readInputFile, reservedKeyIssues } from './text.js';

/** How many files a chain of `extends` may pass through before it is refused as too deep. */
export const MAX_EXTENDS_DEPTH = 4;

/**
 * The parameters an extending file (an incident) may not change: processing times, capacities,
 * delays, approval policies, the adversary's deterrence, and each decision's route, trigger and legal
 * preconditions are calibrated once, in the base, against every incident together. The procedure
 * of an incident's date is stated by `procedures` in force, which the base's decisions read. If an incident could restate them it could be fitted to its own record,
 * and calibration would prove nothing. `[]` is each item of a list, matched to the base's item by
 * `id` (chain steps by `org`); `*` is each key of a mapping. New items (a new id, a step of an
 * organisation the base's chain does not have) define their own values.
 */
const SHARED_PARAMETERS: readonly string[] = [
  'organisations[].processing',
  'organisations[].capacity',
  'organisations[].meets',
  'links',
  'reporting',
  'optionEffects',
  'consensus',
  'integration',
  'standUp',
  'jcgCapacity',
  'policeCapacity',
  'decisions[].trigger',
  'decisions[].requires',
  'decisions[].approve',
  'decisions[].chains',
  'decisions[].diet.deliberation',
  'decisions[].diet.approveProbability',
  'decisions[].calibration.review',
  'adversary.deterrence',
  'adversary.posture',
];

/** Keys that name or cite rather than state a value: an extending file may rewrite them under a shared parameter. */
const CITATION_KEYS: ReadonlySet<string> = new Set(['source', 'inference', 'label']);

/** The keys of a distribution as the scenario schema spells them. */
const DISTRIBUTION_KINDS: ReadonlySet<string> = new Set([
  'fixed',
  'lognormal',
  'triangular',
  'exponential',
  'uniform',
]);

type Key = string | number;
type Mapping = Record<string, unknown>;

/** Where a value came from: a file and a path inside it; `children` where values of several files meet. */
export interface Origin {
  readonly file: string;
  readonly path: readonly Key[];
  readonly children?: ReadonlyMap<Key, Origin>;
}

/** A scenario's data with its bases merged in, not yet validated. */
export interface ResolvedScenarioData {
  readonly data: Mapping;
  /** The file first, then the one it extends, and so on. */
  readonly files: readonly string[];
  readonly origin: Origin;
}

const isMapping = (v: unknown): v is Mapping =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Whether a value is a distribution (a mapping whose one key is a distribution's kind): merged as a whole. */
export const isDistribution = (v: unknown): boolean =>
  isMapping(v) && Object.keys(v).length === 1 && DISTRIBUTION_KINDS.has(Object.keys(v)[0]!);
const hasId = (v: unknown): v is Mapping & { id: string } =>
  isMapping(v) && typeof v.id === 'string';

/** The origin of the value under `key` of a value that came from `o`. */
export function childOrigin(o: Origin, key: Key): Origin {
  return o.children?.get(key) ?? { file: o.file, path: [...o.path, key] };
}

/** The file and the path inside it that supplied the value at `path` of the merged data. */
function locate(origin: Origin, path: readonly Key[]): { file: string; path: Key[] } {
  let node = origin;
  let i = 0;
  for (; i < path.length && node.children?.has(path[i]!); i++) node = node.children.get(path[i]!)!;
  return { file: node.file, path: [...node.path, ...path.slice(i)] };
}

/** Splits a formatted path (`decisions[3].requires.decided[0]`) into keys. */
function parsePath(path: string): Key[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? Number(m[1]) : m[2]!,
  );
}

function merge(
  base: unknown,
  baseOrigin: Origin,
  over: unknown,
  overOrigin: Origin,
): { value: unknown; origin: Origin } {
  if (isMapping(base) && isMapping(over) && !isDistribution(base) && !isDistribution(over)) {
    const value: Mapping = {};
    const children = new Map<Key, Origin>();
    for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
      const merged = !Object.hasOwn(over, key)
        ? { value: base[key], origin: childOrigin(baseOrigin, key) }
        : Object.hasOwn(base, key)
          ? merge(base[key], childOrigin(baseOrigin, key), over[key], childOrigin(overOrigin, key))
          : { value: over[key], origin: childOrigin(overOrigin, key) };
      value[key] = merged.value;
      children.set(key, merged.origin);
    }
    return { value, origin: { ...overOrigin, children } };
  }
  if (Array.isArray(base) && Array.isArray(over) && base.every(hasId) && over.every(hasId)) {
    const value: unknown[] = [...base];
    const children = new Map<Key, Origin>(base.map((_, i) => [i, childOrigin(baseOrigin, i)]));
    over.forEach((item, j) => {
      const i = base.findIndex((b) => b.id === item.id);
      const at = i >= 0 ? i : value.length;
      const merged =
        i >= 0
          ? merge(base[i], childOrigin(baseOrigin, i), item, childOrigin(overOrigin, j))
          : { value: item, origin: childOrigin(overOrigin, j) };
      value[at] = merged.value;
      children.set(at, merged.origin);
    });
    return { value, origin: { ...overOrigin, children } };
  }
  return { value: over, origin: overOrigin };
}

/** The base's item an extending file's list item refers to: the same `id`, or for a chain step the same `org`. */
function matchingItem(item: unknown, base: unknown): unknown {
  if (!isMapping(item) || !Array.isArray(base)) return undefined;
  const key = typeof item.id === 'string' ? 'id' : typeof item.org === 'string' ? 'org' : undefined;
  return key ? base.find((b) => isMapping(b) && b[key] === item[key]) : undefined;
}

/**
 * Paths (inside the extending file) where `over` states a value other than the base's. Inside a
 * list (which replaces the base's), a key the base has and `over` leaves out is a change too.
 */
function differences(over: unknown, base: unknown, path: Key[], inList = false): Key[][] {
  if (isMapping(over) && isMapping(base) && !isDistribution(over) && !isDistribution(base)) {
    const keys = new Set(Object.keys(over));
    if (inList) for (const k of Object.keys(base)) keys.add(k);
    return [...keys]
      .filter((k) => !CITATION_KEYS.has(k))
      .flatMap((k) => differences(over[k], base[k], [...path, k], inList));
  }
  if (Array.isArray(over) && Array.isArray(base) && over.length === base.length)
    return over.flatMap((item, i) => differences(item, base[i], [...path, i], true));
  return canonicalJson(over) === canonicalJson(base) ? [] : [path];
}

/** Follows one shared-parameter pattern through the extending file's data and the base's. */
function sharedChanges(
  over: unknown,
  base: unknown,
  pattern: readonly string[],
  path: Key[],
): Key[][] {
  if (over === undefined) return [];
  if (pattern.length === 0) return differences(over, base, path);
  const [step, ...rest] = pattern;
  if (step === '[]') {
    if (!Array.isArray(over)) return [];
    return over.flatMap((item, j) => {
      const match = matchingItem(item, base);
      return match === undefined ? [] : sharedChanges(item, match, rest, [...path, j]);
    });
  }
  if (!isMapping(over)) return [];
  const keys = step === '*' ? Object.keys(over) : [step!];
  return keys.flatMap((k) =>
    sharedChanges(over[k], isMapping(base) ? base[k] : undefined, rest, [...path, k]),
  );
}

function patternSteps(pattern: string): string[] {
  return pattern.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]));
}

/** The base path of a change: the matched list indices put back into the extending file's path. */
function basePathOf(path: readonly Key[], over: unknown, base: unknown): Key[] {
  const out: Key[] = [];
  let o = over;
  let b = base;
  for (const key of path) {
    let next: Key = key;
    if (typeof key === 'number' && Array.isArray(b)) {
      const match = matchingItem(Array.isArray(o) ? o[key] : undefined, b);
      next = match === undefined ? key : b.indexOf(match);
    }
    out.push(next);
    o = Array.isArray(o) ? o[key as number] : isMapping(o) ? o[key as string] : undefined;
    b = Array.isArray(b) ? b[next as number] : isMapping(b) ? b[next as string] : undefined;
  }
  return out;
}

function sharedParameterIssues(
  over: Mapping,
  base: ResolvedScenarioData,
  file: string,
  baseFile: string,
): InputIssue[] {
  return SHARED_PARAMETERS.flatMap((pattern) =>
    sharedChanges(over, base.data, patternSteps(pattern), []).map((path) => {
      const where = locate(base.origin, basePathOf(path, over, base.data)).file;
      return {
        file,
        path: formatPath(path),
        message: `a file that extends another may not override a shared parameter of ${where}; change it in the base (where it is calibrated), so that every scenario built on it${where === baseFile ? '' : ` (through ${baseFile})`} uses the same value`,
      };
    }),
  );
}

/** The file named by `extends`, relative to the file that names it. */
function basePath(file: string, target: string): string {
  return isAbsolute(target) ? target : join(dirname(file), target);
}

/** The base file a scenario's data extends, if any (no checks: for finding designs). */
export function extendedFile(file: string, data: unknown): string | undefined {
  return isMapping(data) && typeof data.extends === 'string' && data.extends !== ''
    ? basePath(file, data.extends)
    : undefined;
}

/**
 * The chain of files that extend one another down to `file`, once `file` may extend `target`: a
 * `target` already in the chain (a cycle) or a chain deeper than {@link MAX_EXTENDS_DEPTH} is an
 * {@link InputError} of `file`'s `extends` (`noun` names what to extend instead: "file", "design").
 */
export function chainTo(
  file: string,
  target: string,
  chain: readonly string[],
  noun: string,
): string[] {
  const names = [...chain, file];
  const fail = (message: string) => new InputError([{ file, path: 'extends', message }]);
  const seenAt = names.findIndex((f) => resolve(f) === resolve(target));
  if (seenAt >= 0)
    throw fail(
      `${target} is already in this chain of extends, a cycle: ${[...names.slice(seenAt), target].join(' extends ')}`,
    );
  if (names.length > MAX_EXTENDS_DEPTH)
    throw fail(
      `more than ${MAX_EXTENDS_DEPTH} levels of extends (${[...names, target].join(' extends ')}); extend a ${noun} nearer the root`,
    );
  return names;
}

/**
 * The data of the file `target` that `file` extends (`what` names it: "base scenario", "parent
 * design"); a file that cannot be read at all is an error of the line that asks for it.
 */
export function readExtended(file: string, target: string, what: string): unknown {
  try {
    return parseYaml(readInputFile(target), target);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const whole = error.issues.find((i) => i.file === target && i.path === '');
    if (whole && error.issues.length === 1)
      throw new InputError([
        { file, path: 'extends', message: `cannot read the ${what} ${target}: ${whole.message}` },
      ]);
    throw error;
  }
}

function resolveChain(data: unknown, file: string, chain: readonly string[]): ResolvedScenarioData {
  const reserved = reservedKeyIssues(data, file);
  if (reserved.length > 0) throw new InputError(reserved);
  const own: ResolvedScenarioData = {
    data: data as Mapping,
    files: [file],
    origin: { file, path: [] },
  };
  if (!isMapping(data) || !Object.hasOwn(data, 'extends')) return own;
  const fail = (path: string, message: string) => new InputError([{ file, path, message }]);
  const { extends: target, ...rest } = data;
  if (typeof target !== 'string' || target === '')
    throw fail(
      'extends',
      'expected the path of the scenario file this one extends, relative to this file',
    );
  const baseFile = basePath(file, target);
  const names = chainTo(file, baseFile, chain, 'file');
  const base = resolveChain(readExtended(file, baseFile, 'base scenario'), baseFile, names);
  if (rest.id === undefined || rest.id === base.data.id) {
    throw fail(
      'id',
      `expected an id of its own: a file that extends another is another scenario (${baseFile} has id "${String(base.data.id)}")`,
    );
  }
  const shared = sharedParameterIssues(rest, base, file, baseFile);
  if (shared.length > 0) throw new InputError(shared);
  const merged = merge(base.data, base.origin, rest, { file, path: [] });
  return { data: merged.value as Mapping, files: [file, ...base.files], origin: merged.origin };
}

/**
 * Reads the bases of scenario data parsed from `file` and merges the data over them. Data without
 * `extends` comes back as it is. Bad references, cycles, chains deeper than
 * {@link MAX_EXTENDS_DEPTH}, a missing own id and changed shared parameters are an {@link InputError}.
 */
export function resolveExtends(data: unknown, file: string): ResolvedScenarioData {
  return resolveChain(data, file, []);
}

/**
 * The issue re-addressed to the file (and the path inside it) that wrote the value it is about;
 * `key`: the issue is about this key of the mapping at its path (an unknown field).
 */
export function attributeIssue(issue: InputIssue, origin: Origin, key?: string): InputIssue {
  if (!origin.children) return issue;
  const path = parsePath(issue.path);
  const at = key === undefined ? locate(origin, path) : locate(origin, [...path, key]);
  return {
    ...issue,
    file: at.file,
    path: formatPath(key === undefined ? at.path : at.path.slice(0, -1)),
  };
}
