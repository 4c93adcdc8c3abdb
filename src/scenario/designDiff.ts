/**
 * What a design changes relative to its parent, and whether the differences it states account for
 * every change and claim none it does not make.
 *
 * The structural diff compares two resolved, validated designs path by path: mappings key by key;
 * lists whose items all have an `id` by id, and links by their ends (`links[acm.bocc>jp.cas]`);
 * other lists of mappings by position; a list of plain values (`bodies`, `categories`) and a
 * distribution as one value. An added or removed list item or key is one change at its path; a
 * changed value is one change at the leaf. Citations and names (`source`, `inference`, `reason`,
 * `label`, `description`), the register's structural alternatives (`choices`) and the design's own
 * `id` are not compared.
 *
 * Paths are written as the assumption register writes them: `organisations[acm.bocc].capacity`,
 * `mechanism.consultation[0].members`, a key with dots in brackets
 * (`ranges[processing.lognormal.median]`). A stated path may use `[]` for any bracketed segment,
 * `[text*]` for any that starts with `text` (`links[acm.bocc>*]`: every link from the BOCC) and `*`
 * for any key; it covers every change at or under a path it matches.
 */
import { canonicalJson } from './hash.js';
import { isDistribution } from './extend.js';
import type { StatedDifference } from './designExtend.js';
import type { Design } from './schema.js';

/** How a path differs: present only in the design, in both with other values, or only in its parent. */
export type ChangeKind = 'added' | 'changed' | 'removed';

/** One change of a design relative to its parent. */
export interface DesignChange {
  readonly path: string;
  readonly kind: ChangeKind;
}

/** A stated difference with the changes its paths cover. */
export interface DifferenceCoverage {
  readonly difference: StatedDifference;
  /** Its place in the design's `differences`. */
  readonly index: number;
  readonly changes: readonly DesignChange[];
}

/** A design's changes relative to its parent, against what it states. */
export interface DifferenceReport {
  readonly changes: readonly DesignChange[];
  readonly stated: readonly DifferenceCoverage[];
  /** Changes that no stated difference covers. */
  readonly uncovered: readonly DesignChange[];
  /** Stated paths that name no change (stale claims): where (`differences[i].paths[j]`) and the path. */
  readonly stale: ReadonlyArray<{ readonly at: string; readonly path: string }>;
  /** Stated paths that are not paths: where and the text. */
  readonly badPaths: ReadonlyArray<{ readonly at: string; readonly path: string }>;
}

/**
 * One step of a path: a key, or a bracketed item or dotted key. In a stated path, `wild` matches
 * any step of its kind, `prefix` any bracketed step that starts with `text`.
 */
interface Segment {
  readonly text: string;
  readonly bracket: boolean;
  readonly wild?: boolean;
  readonly prefix?: boolean;
}

interface Change {
  readonly segments: readonly Segment[];
  readonly kind: ChangeKind;
}

/**
 * Keys that cite or name rather than state the design's mechanics, and the register's alternatives
 * to its values (`choices`), which are not the design's own.
 */
const NOT_COMPARED: ReadonlySet<string> = new Set([
  'choices',
  'source',
  'inference',
  'reason',
  'label',
  'description',
  '$schema',
]);

type Mapping = Record<string, unknown>;

const isMapping = (v: unknown): v is Mapping =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const keySegment = (key: string): Segment => ({ text: key, bracket: key.includes('.') });

function format(segments: readonly Segment[]): string {
  return segments
    .map((s, i) =>
      s.bracket
        ? `[${s.wild ? '' : s.text}${s.prefix ? '*' : ''}]`
        : `${i > 0 ? '.' : ''}${s.text}`,
    )
    .join('');
}

/** An item's name in a list: its id, or a link's ends. */
function itemName(item: unknown): string | undefined {
  if (!isMapping(item)) return undefined;
  if (typeof item.id === 'string') return item.id;
  if (typeof item.from === 'string' && typeof item.to === 'string')
    return `${item.from}>${item.to}`;
  return undefined;
}

/** The items of a list by name, if every item has a name of its own. */
function byName(list: readonly unknown[]): Map<string, unknown> | undefined {
  const names = list.map(itemName);
  if (names.some((n) => n === undefined) || new Set(names).size !== names.length) return undefined;
  return new Map(names.map((n, i) => [n!, list[i]]));
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

function diffLists(parent: unknown[], child: unknown[], at: Segment[], out: Change[]): void {
  const p = byName(parent);
  const c = byName(child);
  if (p && c) {
    for (const [name, item] of p) {
      const path = [...at, { text: name, bracket: true }];
      if (!c.has(name)) out.push({ segments: path, kind: 'removed' });
      else diffValues(item, c.get(name), path, out);
    }
    for (const name of c.keys())
      if (!p.has(name))
        out.push({ segments: [...at, { text: name, bracket: true }], kind: 'added' });
    return;
  }
  if (![...parent, ...child].every(isMapping)) {
    out.push({ segments: at, kind: 'changed' });
    return;
  }
  for (let i = 0; i < Math.max(parent.length, child.length); i++) {
    const path = [...at, { text: String(i), bracket: true }];
    if (i >= child.length) out.push({ segments: path, kind: 'removed' });
    else if (i >= parent.length) out.push({ segments: path, kind: 'added' });
    else diffValues(parent[i], child[i], path, out);
  }
}

function diffValues(parent: unknown, child: unknown, at: Segment[], out: Change[]): void {
  if (same(parent, child)) return;
  if (isMapping(parent) && isMapping(child) && !isDistribution(parent) && !isDistribution(child)) {
    const keys = new Set([...Object.keys(parent), ...Object.keys(child)]);
    for (const key of keys) {
      if (NOT_COMPARED.has(key) || (at.length === 0 && key === 'id')) continue;
      const path = [...at, keySegment(key)];
      if (child[key] === undefined && parent[key] !== undefined)
        out.push({ segments: path, kind: 'removed' });
      else if (parent[key] === undefined && child[key] !== undefined)
        out.push({ segments: path, kind: 'added' });
      else diffValues(parent[key], child[key], path, out);
    }
    return;
  }
  if (Array.isArray(parent) && Array.isArray(child)) return diffLists(parent, child, at, out);
  out.push({ segments: at, kind: 'changed' });
}

/** Drops the keys that are not compared, at every depth. */
function mechanics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mechanics);
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !NOT_COMPARED.has(k))
      .map(([k, v]) => [k, mechanics(v)]),
  );
}

function changesOf(child: Design, parent: Design): Change[] {
  const out: Change[] = [];
  diffValues(mechanics(parent), mechanics(child), [], out);
  return out;
}

/**
 * The structural diff of a resolved design against its resolved parent: every path added, changed
 * or removed, in the order of the parent's data and then the design's.
 */
export function designChanges(child: Design, parent: Design): DesignChange[] {
  return changesOf(child, parent).map((c) => ({ path: format(c.segments), kind: c.kind }));
}

/** Reads a stated path; undefined if it is not a path. */
function parsePattern(path: string): Segment[] | undefined {
  const segments = [...path.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)].map((m): Segment =>
    m[1] === undefined
      ? { text: m[2]!, bracket: false, wild: m[2] === '*' }
      : m[1].length > 1 && m[1].endsWith('*')
        ? { text: m[1].slice(0, -1), bracket: true, prefix: true }
        : { text: m[1], bracket: true, wild: m[1] === '' },
  );
  return segments.length > 0 && !segments[0]!.bracket && format(segments) === path
    ? segments
    : undefined;
}

const matches = (p: Segment, s: Segment) =>
  p.bracket === s.bracket &&
  (p.wild === true || (p.prefix === true ? s.text.startsWith(p.text) : p.text === s.text));

/** The stated path matches the change's path or a path above it. */
const covers = (pattern: readonly Segment[], change: Change) =>
  pattern.length <= change.segments.length &&
  pattern.every((p, i) => matches(p, change.segments[i]!));

/** The stated path names something inside what the change added, removed or replaced. */
const within = (pattern: readonly Segment[], change: Change) =>
  change.segments.length < pattern.length &&
  change.segments.every((s, i) => matches(pattern[i]!, s));

/**
 * A design's changes relative to its parent (both resolved and validated) against the differences
 * it states: which changes each covers, which changes none covers, and which stated differences
 * name no change.
 */
export function checkDifferences(
  child: Design,
  parent: Design,
  stated: readonly StatedDifference[],
): DifferenceReport {
  const changes = changesOf(child, parent);
  const badPaths: Array<{ at: string; path: string }> = [];
  const stale: Array<{ at: string; path: string }> = [];
  const patterns = stated.map((d, i) =>
    d.paths.flatMap((path, j) => {
      const at = `differences[${i}].paths[${j}]`;
      const parsed = parsePattern(path);
      if (!parsed) badPaths.push({ at, path });
      else if (!changes.some((c) => covers(parsed, c) || within(parsed, c)))
        stale.push({ at, path });
      return parsed ? [parsed] : [];
    }),
  );
  const asChange = (c: Change): DesignChange => ({ path: format(c.segments), kind: c.kind });
  const coveredBy = (ps: readonly Segment[][]) => (c: Change) => ps.some((p) => covers(p, c));
  return {
    changes: changes.map(asChange),
    stated: stated.map((difference, index) => ({
      difference,
      index,
      changes: changes.filter(coveredBy(patterns[index]!)).map(asChange),
    })),
    uncovered: changes.filter((c) => !patterns.some((ps) => coveredBy(ps)(c))).map(asChange),
    stale,
    badPaths,
  };
}
