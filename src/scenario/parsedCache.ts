/**
 * Parsed YAML kept by content, so that a scenario or design file is parsed once, not at every
 * start of a command (the YAML parser is most of a short command's start: `sim` on the reference
 * scenario starts in about two thirds of the time with the data kept). The plain data is kept as
 * JSON under `node_modules/.cache/rungs/yaml/` (of the package's root), named by the SHA-256 of
 * the text (with the yaml package's version and this format's): the same text always gives the
 * same data. Only data that JSON holds is kept (no non-finite numbers, no -0, no value inside
 * itself); a value aliases share comes back as equal copies (the data is validated into new
 * objects anyway). A file that cannot be read or written here is parsed as usual.
 *
 * Each entry carries an HMAC-SHA256 of its name and data under a random key made on first use
 * (`key` in the same folder, readable by its owner only). An entry that does not verify (planted,
 * copied from another cache, truncated or edited) is ignored and replaced by a fresh parse.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic.js';

/** The package's root: this module is `src/scenario/` or `dist/scenario/` under it. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDER = join(ROOT, 'node_modules', '.cache', 'rungs', 'yaml');
/** Changes when what a kept file means changes. */
const FORMAT = 2;
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

/** Whether a file is this user's (or root's) and no one else may write it. */
function ownedSafely(file: string): boolean {
  const s = statSync(file);
  const mine = !process.getuid || s.uid === process.getuid() || s.uid === 0;
  return mine && (s.mode & 0o022) === 0;
}

let key: Buffer | null | undefined;

/** The cache's key: read, or made on first use; null when there is none this process may trust. */
function cacheKey(): Buffer | null {
  if (key !== undefined) return key;
  const file = join(FOLDER, 'key');
  try {
    mkdirSync(FOLDER, { recursive: true });
    // 'wx': of two processes making it at once, one writes it and both read that one
    writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch {
    // there already, or no cache can be written here
  }
  try {
    const read = readFileSync(file);
    key = read.length === 32 && ownedSafely(file) ? read : null;
  } catch {
    key = null;
  }
  return key;
}

/** The HMAC that makes an entry named `name` holding `json` trusted. */
function mac(secret: Buffer, name: string, json: string): Buffer {
  return createHmac('sha256', secret).update(`${name}\0${json}`).digest();
}

/** Where the data of `text` is kept. */
export function keptFile(text: string): string {
  return join(
    FOLDER,
    `${createHash('sha256').update(`${FORMAT}\0${YAML_VERSION}\0${text}`).digest('hex')}.json`,
  );
}

/** The data kept in `file` if it verifies under `secret`, else undefined. */
function readKept(file: string, secret: Buffer): unknown {
  try {
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const recorded = Buffer.from(text.slice(0, newline), 'hex');
    const json = text.slice(newline + 1);
    const expected = mac(secret, basename(file), json);
    if (recorded.length !== expected.length) return undefined;
    return timingSafeEqual(recorded, expected) ? (JSON.parse(json) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `data` in `file` (atomically, so that a reader never sees part of it); a failure only loses the entry. */
function keep(file: string, secret: Buffer, data: unknown): void {
  const json = JSON.stringify(data);
  try {
    writeFileAtomic(file, `${mac(secret, basename(file), json).toString('hex')}\n${json}`);
  } catch {
    // not kept: parsed again next time
  }
}

/** The plain data of `text`: kept from an earlier parse of the same text, else `parse()`'s (then kept). */
export function parsedOnce(text: string, parse: () => unknown): unknown {
  const secret = cacheKey();
  if (secret === null) return parse();
  const file = keptFile(text);
  const kept = readKept(file, secret);
  if (kept !== undefined) return kept;
  const data = parse();
  if (jsonHoldsExactly(data)) keep(file, secret, data);
  return data;
}
