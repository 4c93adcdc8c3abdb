/** Shared by the input tests: bad files written to a temporary folder, and commands run as a user runs them. */
import type { SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { REFERENCE } from './helpers.js';

/** A bad input file: its text, the path inside it its error must name and words of the message. */
export interface BadFile {
  readonly name: string;
  readonly text: () => string;
  /** Empty when the error is about the whole file. */
  readonly path: string;
  readonly says: RegExp;
}

/** A fresh copy of the reference scenario's data, to break. */
export function referenceData(): Record<string, any> {
  return parse(readFileSync(REFERENCE, 'utf8')) as Record<string, any>;
}

/** The text of the reference scenario with one change made to its data. */
export function referenceWith(change: (d: Record<string, any>) => void): () => string {
  return () => {
    const d = referenceData();
    change(d);
    return stringify(d);
  };
}

/** A new temporary folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rungs-input-'));
}

/** Writes each case to `dir/<name>.yaml`; returns the files in the order of the cases. */
export function writeCases(dir: string, cases: readonly BadFile[]): string[] {
  return cases.map((c) => {
    const file = join(dir, `${c.name}.yaml`);
    writeFileSync(file, c.text());
    return file;
  });
}

export { runCommand } from './command.js';

/** Asserts a clean exit 2 whose stderr names each file, the path inside it and the expectation. */
export function expectNamed(
  cli: SpawnSyncReturns<string>,
  files: readonly string[],
  cases: readonly BadFile[],
): void {
  expect(cli.status, cli.stderr).toBe(2);
  expect(cli.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
  const lines = cli.stderr.split('\n');
  cases.forEach((c, i) => {
    const prefix = c.path ? `error: ${files[i]}: ${c.path}: ` : `error: ${files[i]}: `;
    const mine = lines.filter((l) => l.startsWith(`error: ${files[i]}:`));
    expect(
      mine.some((l) => l.startsWith(prefix) && c.says.test(l.slice(prefix.length))),
      `${c.name}: ${mine.join(' | ')}`,
    ).toBe(true);
  });
}
