/**
 * The atomic write: a reader, an error in the middle of a write, or a process killed in the
 * middle of one finds the old content or the new, never a part.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isTemporary, writeAtomically, writeFileAtomic } from '../src/io/atomic.js';

const scratch = mkdtempSync(join(tmpdir(), 'rungs-atomic-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The compiled module, which a child process imports (the test setup builds dist/). */
const COMPILED = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'io', 'atomic.js')).href;

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', () => {
    const file = join(scratch, 'replace.txt');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, new TextEncoder().encode('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(scratch).filter(isTemporary)).toEqual([]);
  });

  it('keeps the old content when the write fails half-way, and removes the temporary file', () => {
    const file = join(scratch, 'failing.txt');
    writeFileAtomic(file, 'old content');
    expect(() =>
      writeAtomically(file, (fd) => {
        writeFileSync(fd, 'half of the new');
        throw new Error('disk gone');
      }),
    ).toThrow('disk gone');
    expect(readFileSync(file, 'utf8')).toBe('old content');
    expect(readdirSync(scratch).filter((n) => n.startsWith('failing.txt.'))).toEqual([]);
  });

  it('keeps the old content when the process is killed in the middle of a write', () => {
    const file = join(scratch, 'killed.txt');
    writeFileSync(file, 'old content');
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { writeAtomically } = await import(${JSON.stringify(COMPILED)});
         const { writeFileSync } = await import('node:fs');
         writeAtomically(${JSON.stringify(file)}, (fd) => {
           writeFileSync(fd, 'half of the new');
           process.kill(process.pid, 'SIGKILL');
         });`,
      ],
      { encoding: 'utf8' },
    );
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe('old content');
    // what the killed write leaves is a temporary file, which batch folders remove as such
    const left = readdirSync(scratch).filter((n) => n.startsWith('killed.txt.'));
    expect(left).toHaveLength(1);
    expect(isTemporary(left[0]!)).toBe(true);
  });

  it('shows a reader the whole old content or the whole new one, never a part', async () => {
    const file = join(scratch, 'read-while-written.txt');
    const a = 'a'.repeat(1 << 20);
    const b = 'b'.repeat(1 << 20);
    writeFileSync(file, a);
    const writer = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `const { writeFileAtomic } = await import(${JSON.stringify(COMPILED)});
       for (let i = 0; i < 200; i++) writeFileAtomic(${JSON.stringify(file)}, i % 2 ? 'a'.repeat(1 << 20) : 'b'.repeat(1 << 20));`,
    ]);
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    let reads = 0;
    let running = true;
    void exited.then(() => (running = false));
    while (running) {
      const text = readFileSync(file, 'utf8');
      expect(text === a || text === b).toBe(true);
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited).toBe(0);
    expect(reads).toBeGreaterThan(0);
  });
});
