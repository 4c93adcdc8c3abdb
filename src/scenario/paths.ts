/**
 * Paths into scenario and design data, as `--set` and the assumption register write them:
 * `adversary.deterrence`, `ladder.rungs[3].jcgLoad`, `organisations[jp.cas].capacity`,
 * `adversary.posture[jp.mso]` (brackets hold an index, an item's id, or a key with dots in it).
 */
import { InputError } from './errors.js';

type Segment = { readonly key: string } | { readonly index: number } | { readonly id: string };

/** Parses `a.b[2].c[jp.cas]` into segments; brackets hold an index or an element's `id`. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const bad = () =>
    new InputError([
      {
        file: '--set',
        path,
        message:
          'expected a path such as adversary.deterrence, ladder.rungs[3].jcgLoad or organisations[jp.cas].capacity',
      },
    ]);
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw bad();
      const inner = path.slice(i + 1, end).trim();
      if (!inner) throw bad();
      segments.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { id: inner });
      i = end + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    const key = path.slice(i, end);
    if (!key) throw bad();
    segments.push(/^\d+$/.test(key) ? { index: Number(key) } : { key });
    i = end < path.length && path[end] === '.' ? end + 1 : end;
    if (path[end] === '.' && i >= path.length) throw bad();
  }
  if (segments.length === 0) throw bad();
  return segments;
}

const isPlainMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The mapping or list that holds a path's last key, and that key. */
interface Slot {
  readonly container: Record<string | number, unknown>;
  readonly slot: string | number;
}

/**
 * Finds the container of `path`'s last segment in `data`. Every key on the way must be present, and
 * the last one too unless `absentLast` (then a mapping may lack it). `fail` names what is wrong.
 */
function slotOf(
  data: unknown,
  path: string,
  absentLast: boolean,
  fail: (message: string) => never,
): Slot {
  const segments = parsePath(path);
  let node: unknown = data;
  let where = '';
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]!;
    const last = k === segments.length - 1;
    let container: Record<string | number, unknown>;
    let slot: string | number;
    const key = 'key' in seg ? seg.key : 'id' in seg ? seg.id : String(seg.index);
    const map = isPlainMapping(node) ? node : undefined;
    if (map && (Object.hasOwn(map, key) || ('key' in seg && last && absentLast))) {
      // a mapping's key, also written in brackets (a key with dots, such as a decision id) or as a number (a phase)
      container = map;
      slot = key;
      where = 'key' in seg ? (where ? `${where}.${key}` : key) : `${where}[${key}]`;
    } else if ('key' in seg) {
      if (!map) return fail(`${where || 'the scenario'} is not a mapping`);
      return fail(
        `the file sets no "${seg.key}"${where ? ` in ${where}` : ''} (it has: ${Object.keys(map).join(', ')}); a sweep varies values the file sets`,
      );
    } else {
      if (!Array.isArray(node)) return fail(`${where || 'the scenario'} is not a list`);
      if ('index' in seg) {
        if (seg.index >= node.length)
          return fail(`${where} has ${node.length} entries; [${seg.index}] is out of range`);
        slot = seg.index;
      } else {
        slot = node.findIndex(
          (e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === seg.id,
        );
        if (slot < 0) return fail(`${where} has no entry with id "${seg.id}"`);
      }
      container = node as unknown as Record<number, unknown>;
      where = `${where}[${key}]`;
    }
    if (last) return { container, slot };
    node = container[slot];
  }
  throw new Error('unreachable: a parsed path has at least one segment');
}

/**
 * Sets the value at `path` in parsed scenario data (mutating it). The value must already be
 * present in the file: a sweep varies values, and a typo must not silently add a field.
 */
export function applyOverride(data: unknown, path: string, value: unknown, file: string): void {
  const fail = (message: string): never => {
    throw new InputError([{ file, path, message: `cannot --set: ${message}` }]);
  };
  const { container, slot } = slotOf(data, path, false, fail);
  container[slot] = value;
}

/**
 * Puts a structural choice's alternative at `path` in parsed file data (mutating it): sets the
 * value, adding the last key if the file omits it, or removes the key when the value is `null`.
 * Every key before the last must be present.
 */
export function applyAlternative(data: unknown, path: string, value: unknown, file: string): void {
  const fail = (message: string): never => {
    throw new InputError([{ file, path, message: `cannot apply the alternative: ${message}` }]);
  };
  const { container, slot } = slotOf(data, path, true, fail);
  if (value !== null) container[slot] = value;
  else if (Array.isArray(container)) fail('a list item cannot be absent');
  else delete container[slot];
}
