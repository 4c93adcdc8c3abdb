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

/**
 * Sets the value at `path` in parsed scenario data (mutating it). The value must already be
 * present in the file: a sweep varies values, and a typo must not silently add a field.
 */
export function applyOverride(data: unknown, path: string, value: unknown, file: string): void {
  const segments = parsePath(path);
  const fail = (message: string): never => {
    throw new InputError([{ file, path, message: `cannot --set: ${message}` }]);
  };
  let node: unknown = data;
  let where = '';
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]!;
    const last = k === segments.length - 1;
    let container: Record<string | number, unknown>;
    let slot: string | number;
    if ('key' in seg) {
      if (typeof node !== 'object' || node === null || Array.isArray(node))
        return fail(`${where || 'the scenario'} is not a mapping`);
      if (!Object.hasOwn(node, seg.key)) {
        const keys = Object.keys(node);
        return fail(
          `the file sets no "${seg.key}"${where ? ` in ${where}` : ''} (it has: ${keys.join(', ')}); a sweep varies values the file sets`,
        );
      }
      container = node as Record<string, unknown>;
      slot = seg.key;
      where = where ? `${where}.${seg.key}` : seg.key;
    } else {
      const key = 'id' in seg ? seg.id : String(seg.index);
      if (
        typeof node === 'object' &&
        node !== null &&
        !Array.isArray(node) &&
        Object.hasOwn(node, key)
      ) {
        // a mapping's key written in brackets (a key with dots, such as a decision id) or as a number (a phase)
        container = node as Record<string, unknown>;
        slot = key;
        where = `${where}[${key}]`;
        if (last) container[slot] = value;
        else node = container[slot];
        continue;
      }
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
      where = `${where}[${'index' in seg ? seg.index : seg.id}]`;
    }
    if (last) container[slot] = value;
    else node = container[slot];
  }
}
