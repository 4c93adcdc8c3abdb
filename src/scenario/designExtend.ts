/**
 * Designs as differences: a C2 design file may say `extends: <design>` and write only what makes
 * it another design than that one, its parent, with `differences:` stating what those are.
 *
 * The parent: a bare id (`extends: acm-2015`) names the design file of that name (`acm-2015.yaml`)
 * in the design's own folder, or else in the scenario's folder of designs (`c2/` beside it, see
 * `catalog.ts`) when the caller knows it; anything else (`../c2/acm-2015.yaml`) is a path relative
 * to the design file. The parent is read (recursively, at most `MAX_EXTENDS_DEPTH` (extend.ts) levels, no
 * cycles) and the design's data merged over it before schema validation, so the result is
 * validated as one design.
 *
 * Merge rules: those of a scenario's `extends` (`extend.ts`): mappings merge key by key; a list
 * whose items all have an `id` (organisations, decisions) merges by id, an item with a known id
 * patching the parent's item and a new id appended; every other list (consultation rules,
 * `standUp`, `bodies`) and a distribution replace the parent's as a whole. One addition: links,
 * which have no id, merge by their ends (`from`, `to`) as items merge by id, so that a design
 * writes only the links it adds or changes. What a design genuinely lacks of its parent is removed
 * by one notation per kind of place:
 * - a key set to `~` (null) removes the parent's key: `integration: ~`;
 * - an item `{ id: x, remove: true }` (nothing else; for a link `{ from, to, remove: true }`) in a
 *   list merged by item removes the parent's item: `organisations: [{ id: adhoc.channel, remove: true }]`;
 * - a list merged as a whole is replaced, so writing it empties or shortens it: `standUp: []`.
 * Removing what the parent does not have is an error. A structural choice (an entry of a `choices:`
 * mapping, see `choices.ts`) is one value: a design that restates one of its parent's replaces it
 * whole (its alternatives are not merged, and an alternative `~` stays an alternative), and
 * `name: ~` in `choices:` removes the parent's choice of that name.
 *
 * Every design that extends another has an `id` of its own and states `differences:`, a list of
 * `{ what, paths, source }`: one sentence, the paths of the design's data the difference changes
 * (`[]` any list item or bracketed key, `*` any key; `designDiff.ts` checks them against the
 * changes), and its citation. A design without `extends` (a root) states none. Every value keeps
 * the file and path it came from, so that an error in the merged design names the file that wrote
 * the value.
 */
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { InputError, formatPath, type InputIssue } from './errors.js';
import { chainTo, childOrigin, isDistribution, readExtended, type Origin } from './extend.js';
import { Cited } from './primitives.js';
import { parseYaml, readInputFile, reservedKeyIssues } from './text.js';

/** One stated difference of a design from its parent: what it is, where it shows, its source. */
export const DifferenceSchema = z.strictObject({
  /** One sentence: the distinguishing mechanic. */
  what: z.string().min(1),
  /** Paths of the design's data this difference changes (`[]` any item, `*` any key). */
  paths: z.array(z.string().min(1)).min(1),
  source: Cited.source,
});

/** A design's stated difference from its parent (a `differences` entry). */
export interface StatedDifference {
  /** One sentence: the distinguishing mechanic. */
  readonly what: string;
  /** Paths of the design's data this difference changes (`[]` any item, `[text*]`, `*` any key). */
  readonly paths: readonly string[];
  readonly source: string;
}

type Key = string | number;
type Mapping = Record<string, unknown>;

/** A design's data with its parents merged in, not yet validated. */
export interface ResolvedDesignData {
  /** The merged data, without `extends` and `differences`. */
  readonly data: Mapping;
  /** The file first, then its parent, and so on. */
  readonly files: readonly string[];
  readonly origin: Origin;
  /** The design it extends (its id as the parent's file declares it), if any. */
  readonly parent?: { readonly id: string; readonly file: string };
  /** What the design states makes it differ from its parent (none for a root). */
  readonly differences: readonly StatedDifference[];
}

const isMapping = (v: unknown): v is Mapping =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The name an item of a list merged item by item goes by: its `id`, or for a link (no id) its ends
 * (`acm.bocc>jp.cas`); undefined for an item of any other list.
 */
function itemKey(v: unknown): string | undefined {
  if (!isMapping(v)) return undefined;
  if (typeof v.id === 'string') return v.id;
  if (typeof v.from === 'string' && typeof v.to === 'string' && !Object.hasOwn(v, 'id'))
    return `${v.from}>${v.to}`;
  return undefined;
}

/** `{ id: x, remove: true }` (or a link's `{ from, to, remove: true }`) and nothing else. */
function isRemoval(v: unknown): boolean {
  if (!isMapping(v) || v.remove !== true) return false;
  const keys = Object.keys(v).filter((k) => k !== 'remove');
  return typeof v.id === 'string'
    ? keys.length === 1
    : keys.length === 2 && itemKey(v) !== undefined;
}

/** Whether two lists merge item by item: every item of both is named by id, or every item is a link. */
function mergedByItem(base: readonly unknown[], over: readonly unknown[]): boolean {
  const all = [...base, ...over];
  return (
    all.every((v) => isMapping(v) && typeof v.id === 'string') ||
    all.every((v) => isMapping(v) && !Object.hasOwn(v, 'id') && itemKey(v) !== undefined)
  );
}

/** Collects the problems of one merge, each at the path of the extending file. */
interface Merging {
  readonly file: string;
  readonly issues: InputIssue[];
}

/** Whether a value is a mapping of choices (`choices:`), each of which merges as a whole. */
const isChoices = (key: string, base: unknown, over: unknown) =>
  key === 'choices' && isMapping(base) && isMapping(over);

/** `whole`: each key's value replaces the parent's as a whole (the choices of a `choices:` mapping). */
function mergeMappings(
  m: Merging,
  base: Mapping,
  baseOrigin: Origin,
  over: Mapping,
  overOrigin: Origin,
  whole = false,
): { value: Mapping; origin: Origin } {
  const value: Mapping = {};
  const children = new Map<Key, Origin>();
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    if (Object.hasOwn(over, key) && over[key] === null) {
      if (!Object.hasOwn(base, key))
        m.issues.push({
          file: m.file,
          path: formatPath([...overOrigin.path, key]),
          message: `"${key}: ~" removes the parent's ${key}, but the parent has none`,
        });
      continue;
    }
    const [b, o] = [childOrigin(baseOrigin, key), childOrigin(overOrigin, key)];
    const merged = !Object.hasOwn(over, key)
      ? { value: base[key], origin: b }
      : isChoices(key, base[key], over[key])
        ? mergeMappings(m, base[key] as Mapping, b, over[key] as Mapping, o, true)
        : Object.hasOwn(base, key) && !whole
          ? mergeDesignData(m, base[key], b, over[key], o)
          : { value: over[key], origin: o };
    value[key] = merged.value;
    children.set(key, merged.origin);
  }
  return { value, origin: { ...overOrigin, children } };
}

function mergeByItem(
  m: Merging,
  base: readonly unknown[],
  baseOrigin: Origin,
  over: readonly unknown[],
  overOrigin: Origin,
): { value: unknown[]; origin: Origin } {
  const items = base.map((b, i) => ({
    value: b,
    origin: childOrigin(baseOrigin, i),
    key: itemKey(b)!,
  }));
  over.forEach((item, j) => {
    const key = itemKey(item)!;
    const at = items.findIndex((b) => b.key === key);
    const origin = childOrigin(overOrigin, j);
    if (isRemoval(item)) {
      if (at >= 0) items.splice(at, 1);
      else
        m.issues.push({
          file: m.file,
          path: formatPath(origin.path),
          message: `removes "${key}", but the parent's list has no such item (it has: ${items.map((b) => b.key).join(', ') || 'none'})`,
        });
    } else if (at >= 0)
      items[at] = { ...mergeDesignData(m, items[at]!.value, items[at]!.origin, item, origin), key };
    else items.push({ value: item, origin, key });
  });
  return {
    value: items.map((i) => i.value),
    origin: { ...overOrigin, children: new Map(items.map((i, k) => [k, i.origin])) },
  };
}

/** Merges a design's data over its parent's by the rules above, removals included. */
function mergeDesignData(
  m: Merging,
  base: unknown,
  baseOrigin: Origin,
  over: unknown,
  overOrigin: Origin,
): { value: unknown; origin: Origin } {
  if (isMapping(base) && isMapping(over) && !isDistribution(base) && !isDistribution(over))
    return mergeMappings(m, base, baseOrigin, over, overOrigin);
  if (Array.isArray(base) && Array.isArray(over) && mergedByItem(base, over))
    return mergeByItem(m, base, baseOrigin, over, overOrigin);
  return { value: over, origin: overOrigin };
}

/** Whether `extends` names a design by its id rather than by a path. */
function isBareId(target: string): boolean {
  return /^[A-Za-z0-9][\w.-]*$/.test(target) && !/\.(ya?ml|json)$/i.test(target);
}

/** The design files of a folder by the name they are known by, or none if it cannot be read. */
function designsIn(dir: string): Map<string, string> {
  try {
    return new Map(
      readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => [basename(f, extname(f)), join(dir, f)]),
    );
  } catch {
    return new Map();
  }
}

/** The file `extends` names: a design of that id in the file's folder or the catalog, or a path. */
function parentFile(file: string, target: string, catalog: string | undefined): string {
  if (!isBareId(target)) return isAbsolute(target) ? target : join(dirname(file), target);
  const folders = [dirname(file), ...(catalog === undefined ? [] : [catalog])];
  for (const dir of folders) {
    const found = designsIn(dir).get(target);
    if (found !== undefined) return found;
  }
  const known = [...new Set(folders.flatMap((d) => [...designsIn(d).keys()]))];
  throw new InputError([
    {
      file,
      path: 'extends',
      message: `no design "${target}" in ${folders.join(' or ')} (known: ${known.join(', ') || 'none'}); name a design of the same folder or of the scenario's c2/, or give a path relative to this file`,
    },
  ]);
}

/** The stated differences of a design file; problems with them are issues of that file. */
function statedDifferences(data: Mapping, file: string, extending: boolean): StatedDifference[] {
  if (!Object.hasOwn(data, 'differences')) {
    if (!extending) return [];
    throw new InputError([
      {
        file,
        path: 'differences',
        message:
          'missing required field: a design that extends another states its differences from it, a list of { what, paths, source }',
      },
    ]);
  }
  if (!extending)
    throw new InputError([
      {
        file,
        path: 'differences',
        message:
          'a design without extends has no parent to differ from: remove differences, or say which design this one extends',
      },
    ]);
  const parsed = z.array(DifferenceSchema).min(1).safeParse(data.differences);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((issue) => ({
      file,
      path: formatPath(['differences', ...(issue.path as Key[])]),
      message: issue.message.replace(/^Invalid input: /, 'expected '),
    })),
  );
}

function resolveChain(
  data: unknown,
  file: string,
  chain: readonly string[],
  catalog: string | undefined,
): ResolvedDesignData {
  const reserved = reservedKeyIssues(data, file);
  if (reserved.length > 0) throw new InputError(reserved);
  if (!isMapping(data))
    return { data: data as Mapping, files: [file], origin: { file, path: [] }, differences: [] };
  const { extends: target, differences: _stated, ...rest } = data;
  const extending = Object.hasOwn(data, 'extends');
  const differences = statedDifferences(data, file, extending);
  const own = extending || Object.hasOwn(data, 'differences') ? rest : data;
  if (!extending) return { data: own, files: [file], origin: { file, path: [] }, differences };
  const fail = (path: string, message: string) => new InputError([{ file, path, message }]);
  if (typeof target !== 'string' || target === '')
    throw fail(
      'extends',
      'expected the id of a design, or the path of its file relative to this file',
    );
  const parent = parentFile(file, target, catalog);
  const names = chainTo(file, parent, chain, 'design');
  const base = resolveChain(readExtended(file, parent, 'parent design'), parent, names, catalog);
  if (rest.id === undefined || rest.id === base.data.id)
    throw fail(
      'id',
      `expected an id of its own: a design that extends another is another design (${parent} has id "${String(base.data.id)}")`,
    );
  const m: Merging = { file, issues: [] };
  const merged = mergeDesignData(m, base.data, base.origin, rest, { file, path: [] });
  if (m.issues.length > 0) throw new InputError(m.issues);
  return {
    data: merged.value as Mapping,
    files: [file, ...base.files],
    origin: merged.origin,
    parent: { id: String(base.data.id), file: parent },
    differences,
  };
}

/**
 * Reads the parents of design data parsed from `file` and merges the data over them (see the
 * module's rules); `catalog`: the scenario's folder of designs, where a bare id is looked for when
 * the design's own folder has no such design. Data without `extends` comes back as it is (without
 * `differences`). Bad references, cycles, chains deeper than `MAX_EXTENDS_DEPTH` (extend.ts), a missing
 * own id, missing or malformed `differences` and removals of what the parent lacks are an
 * {@link InputError}.
 */
export function resolveDesignExtends(
  data: unknown,
  file: string,
  catalog?: string,
): ResolvedDesignData {
  return resolveChain(data, file, [], catalog);
}

/** A design file's data with its parents merged in (what a sweep or a study varies). */
export function readDesignData(file: string, catalog?: string): Record<string, unknown> {
  return resolveDesignExtends(parseYaml(readInputFile(file), file), file, catalog).data;
}

/** Whether parsed data is a design that extends another (it states differences, or its parent is a design id). */
export function extendsADesign(data: unknown): boolean {
  if (!isMapping(data) || !Object.hasOwn(data, 'extends')) return false;
  return (
    Object.hasOwn(data, 'differences') ||
    (typeof data.extends === 'string' && isBareId(data.extends))
  );
}
