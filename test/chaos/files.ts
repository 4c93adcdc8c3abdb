/** The bytes of every file under a folder, to compare a killed-and-recovered run with a whole one. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `dir` (recursively), by its path relative to `dir`, with its bytes. */
export function folderBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/**
 * Where `actual` differs from `expected` (files missing, extra, or with other bytes, each named
 * with the first byte that differs); empty when they are the same.
 */
export function folderDifferences(actual: string, expected: string): string[] {
  const got = folderBytes(actual);
  const want = folderBytes(expected);
  const problems: string[] = [];
  for (const [name, bytes] of want) {
    const other = got.get(name);
    if (!other) problems.push(`${name}: missing`);
    else if (!other.equals(bytes)) problems.push(`${name}: ${firstDifference(other, bytes)}`);
  }
  for (const name of got.keys()) if (!want.has(name)) problems.push(`${name}: not expected`);
  return problems;
}

/** Where two buffers first differ, in words. */
export function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = a.subarray(0, i).toString('utf8').split('\n').length;
  return `differs at byte ${i} (line ${line}; ${a.length} bytes, expected ${b.length})`;
}

/** The rows a batch folder's partial files hold (0 without them). */
function storedRows(dir: string): number {
  const partial = join(dir, 'partial');
  if (!existsSync(partial)) return 0;
  return readdirSync(partial).reduce(
    (n, f) => n + readFileSync(join(partial, f), 'utf8').split('\n').length - 1,
    0,
  );
}

/** How far a batch of `runs` runs in `dir` has got: its stored rows' share, 1 once its results are written. */
export function batchProgress(dir: string, runs: number): number {
  if (existsSync(join(dir, 'results.jsonl'))) return 1;
  return existsSync(dir) ? storedRows(dir) / runs : 0;
}

/**
 * Where a batch folder stands, in words: no folder yet, how many rows its partial files hold, and
 * which of the finished files are written (the log of kills says where each landed).
 */
export function batchMoment(dir: string): string {
  if (!existsSync(dir)) return 'no folder yet';
  const written = readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'partial');
  return `${storedRows(dir)} rows stored, ${written.length > 0 ? written.join(' ') : 'nothing'} written`;
}
