/**
 * The README's commands run as written, and every relative link of the README and of docs/ leads
 * to a file that exists.
 *
 * A command is a line of a code block of README.md that starts with `npm ` or `npx rungs `
 * (commands quoted inside prose are not run). Each runs through the shell from the repository,
 * as a reader would type it, with only these changes, each of which must find its text (so a
 * README edit that defeats one fails here rather than running 2,000 seeds):
 * - `npm ci && npm start` and `npm ci && npm test` (the quick start) are what .ci/run and CI rely
 *   on: they are checked to be there, verbatim, and not run (`npm ci` would replace the
 *   node_modules this test runs from, and `npm test` is the whole suite);
 * - `npm start` (16,000 runs) gets `--seeds 1..3 --workers 1 --out <tmp>`;
 * - `compare --seeds 1..500` becomes `--seeds 1..3 --workers 1`, its `runs/first-hour/` folder a
 *   temporary one;
 * - `facilitate` serves on 127.0.0.1 and a free port (`--port 0`) into a temporary folder. A
 *   server never exits by itself: it must print its links, then stop on Ctrl-C (SIGINT to its
 *   process group, as a terminal sends it) leaving no process behind and its lock released.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './command.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'rungs-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The lines of README's code blocks (indented by four spaces or more, or fenced). */
function codeLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  let previousBlank = true;
  let indented = false;
  for (const line of markdown.split('\n')) {
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    // an indented block starts after a blank line (inside a list item, indented further)
    indented = /^ {4,}\S/.test(line) && (previousBlank || indented);
    if (fenced || indented) lines.push(line.trim());
    previousBlank = line.trim() === '';
  }
  return lines;
}

const commands = codeLines(README).filter((l) => /^(npm |npx rungs )/.test(l));
const QUICK_START = ['npm ci && npm start', 'npm ci && npm test'];

/** `text` with `from` replaced by `to`, failing when `from` is not in it. */
function swap(text: string, from: string, to: string): string {
  expect(text, `README command without ${from}`).toContain(from);
  return text.replace(from, to);
}

/** The command as the test runs it: small seeds, one worker, temporary folders. */
function shortened(command: string): string {
  if (command === 'npm start')
    return `npm start -- --seeds 1..3 --workers 1 --out ${join(tmp, 'start')}`;
  if (/^npx rungs compare /.test(command))
    return swap(
      swap(command, '--seeds 1..500', '--seeds 1..3 --workers 1'),
      'runs/first-hour/',
      `${tmp}/`,
    );
  return command;
}

/** Runs a command line through the shell from the repository. */
function shell(command: string) {
  return spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe("README's commands", () => {
  it('keeps the two quick-start commands CI relies on, verbatim', () => {
    for (const command of QUICK_START) expect(commands).toContain(command);
  });

  it('has the first hour’s commands: run, one run, the register, two comparisons', () => {
    const toRun = commands.filter((c) => !QUICK_START.includes(c));
    expect(toRun.filter((c) => c === 'npm start')).toHaveLength(1);
    expect(toRun.filter((c) => c.startsWith('npx rungs compare '))).toHaveLength(2);
    expect(toRun.some((c) => c.startsWith('npx rungs sim '))).toBe(true);
    expect(toRun.some((c) => c.startsWith('npx rungs assumptions '))).toBe(true);
  });

  const finite = commands.filter((c) => !QUICK_START.includes(c) && !/ facilitate /.test(c));
  it.each(finite)('%s exits 0', (command) => {
    const run = shell(shortened(command));
    expect(run.status, `${command}\n${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).not.toBe('');
  });

  it('the first hour writes the report the README tells the reader to open', () => {
    // `npm start` ran above (it.each runs in order, before this test)
    expect(existsSync(join(tmp, 'start', 'report.html'))).toBe(true);
    expect(existsSync(join(tmp, 'as-filed.html'))).toBe(true);
    expect(existsSync(join(tmp, 'standing-bocc.html'))).toBe(true);
  });

  it('the facilitator’s command serves a game, prints its links and stops cleanly on Ctrl-C', async () => {
    const [command] = commands.filter((c) => / facilitate /.test(c));
    expect(command).toBeDefined();
    const game = join(tmp, 'game');
    const local = `${swap(swap(command!, '--host 0.0.0.0', '--host 127.0.0.1'), '--port 8080', '--port 0')} --out ${game}`;
    // its own process group, as a terminal's foreground job: Ctrl-C signals npm, sh and node
    const child = spawn('sh', ['-c', local], { cwd: ROOT, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!/links page/.test(stdout) && child.exitCode === null && Date.now() < deadline)
        await sleep(100);
      expect(stdout, stderr).toMatch(/^control\s+http:\/\/10\.0\.0\.5:8080\/\?token=/m);
      // the seat `alliance` has no link of its own: the national seats answer its decisions
      for (const seat of ['japan', 'unitedStates', 'adversary'])
        expect(stdout).toMatch(new RegExp(`^${seat}\\s+http`, 'm'));
      expect(existsSync(join(game, '.rungs-lock'))).toBe(true);
    } finally {
      process.kill(-child.pid!, 'SIGINT');
    }
    // every process of the group gone (no server left behind), and the game's lock released
    const deadline = Date.now() + 30_000;
    while (groupAlive(child.pid!) && Date.now() < deadline) await sleep(100);
    expect(groupAlive(child.pid!)).toBe(false);
    expect(existsSync(join(game, '.rungs-lock')), stderr).toBe(false);
    expect(existsSync(join(game, 'log.jsonl'))).toBe(true);
  });
});

/** Whether any process of process group `id` is still running. */
function groupAlive(id: number): boolean {
  try {
    process.kill(-id, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Relative link targets of a Markdown text, outside code. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^([a-z]+:|#)/i.test(target))
    .map((target) => target.replace(/#.*$/, ''));
}

describe('links', () => {
  const pages = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  it.each(pages)('every relative link of %s leads to a file that exists', (page) => {
    const links = relativeLinks(readFileSync(join(ROOT, page), 'utf8'));
    const missing = links.filter((t) => !existsSync(resolve(ROOT, dirname(page), t)));
    expect(missing).toEqual([]);
  });

  it('the README links every docs page it promises', () => {
    const linked = new Set(relativeLinks(README));
    for (const page of [
      'commands',
      'data',
      'model',
      'glossary',
      'facilitating',
      'scale',
      'developing',
      'library',
      'engine',
      'scenarios',
    ])
      expect(linked).toContain(`docs/${page}.md`);
  });

  it('finds a broken link when there is one', () => {
    expect(relativeLinks('see [x](docs/none.md#a) and `[y](z.md)` and [w](https://e.org)')).toEqual(
      ['docs/none.md'],
    );
  });
});

describe('front page', () => {
  it('is under 1,500 words of rendered text, code blocks included', () => {
    const text = README.replace(/```\w*/g, '')
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/[`*#|[\]]/g, ' ');
    const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
    expect(words.length).toBeLessThan(1500);
  });
});
