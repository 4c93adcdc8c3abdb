/**
 * Parsed YAML kept by content, so that a scenario or design file is parsed once, not at every
 * start of a command (the YAML parser is the slowest part of planning a batch: about 0.2 s of the
 * reference scenario and its designs on a cold start). The plain data is kept as JSON under
 * `node_modules/.cache/rungs/yaml/`, named by the SHA-256 of the text (with the yaml package's
 * version and this format's): the same text always gives the same data. Only data that JSON holds
 * is kept (no non-finite numbers, no -0, no value inside itself); a value aliases share comes back
 * as equal copies (the data is validated into new objects anyway). A file that cannot be read or
 * written here is parsed as usual.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic.js';

/** The package's root: two folders up, from `src/scenario/` and from `dist/scenario/` alike. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDER = join(ROOT, 'node_modules', '.cache', 'rungs', 'yaml');
/** Changes when what a kept file means changes. */
const FORMAT = 1;
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string })
  .version;

/**
 * Whether JSON gives back `value`: plain data of finite numbers that contains no value inside
 * itself. A value that YAML aliases put in several places comes back as equal copies.
 */
function jsonHoldsExactly(value: unknown, within = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || within.has(value)) return false;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return false;
  within.add(value);
  const holds = (Array.isArray(value) ? value : Object.values(value)).every((v) =>
    jsonHoldsExactly(v, within),
  );
  within.delete(value);
  return holds;
}

/** Where the data of `text` is kept. */
export function keptFile(text: string): string {
  return join(
    FOLDER,
    `${createHash('sha256').update(`${FORMAT}\0${YAML_VERSION}\0${text}`).digest('hex')}.json`,
  );
}

/** The plain data of `text`: kept from an earlier parse of the same text, else `parse()`'s (then kept). */
export function parsedOnce(text: string, parse: () => unknown): unknown {
  const file = keptFile(text);
  try {
    const owner = statSync(file).uid;
    if (!process.getuid || owner === process.getuid() || owner === 0)
      return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    // not kept yet, or unreadable: parse
  }
  const data = parse();
  if (jsonHoldsExactly(data)) {
    try {
      mkdirSync(FOLDER, { recursive: true });
      writeFileAtomic(file, JSON.stringify(data));
    } catch {
      // not kept: parsed again next time
    }
  }
  return data;
}
