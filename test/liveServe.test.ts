/**
 * Serving a live game safely: security headers on every response; links for the address players
 * use (a public URL, or this machine's addresses when bound to every interface) and the control
 * cell's page of them; the port recorded so a resumed game comes back on it; one server per game
 * folder (a second exits 2 naming the holder); the review built off the event loop; a full disk
 * (a small tmpfs in a private mount namespace) refusing the input whole and leaving a log that resumes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import type { GameSettings } from '../src/live/gameLog.js';
import { REVIEW_FILE } from '../src/live/reviewWorker.js';
import { SERVER_FILE } from '../src/live/folder.js';
import { createGameApp } from '../src/server/app.js';
import { serveGame } from '../src/server/serveGame.js';
import { SeatTokens } from '../src/server/tokens.js';
import { checkPublicUrl, linkBase } from '../src/server/links.js';
import { InputError } from '../src/scenario/errors.js';
import { gameSettings, REAL_CLOCK, REFERENCE, referenceModel } from './helpers.js';
import { ROOT, startCommand, waitFor, type Started } from './command.js';

const model = referenceModel('acm-2015');
const settings = (seats: string[]): GameSettings =>
  gameSettings('serve', 28, seats, { wall: '2026-12-02T00:00:00.000Z' });

const folder = () => mkdtempSync(join(tmpdir(), 'rungs-serve-'));
const wall = () => '2026-12-02T00:00:00.000Z';
const start = (seats = ['japan', 'unitedStates']) =>
  LiveGame.start({ model, settings: settings(seats), folder: folder(), wall });

describe('every response', () => {
  it('carries a CSP without inline script, no framing, no sniffing, no referrer, and no-store but on assets', async () => {
    const game = start();
    const tokens = SeatTokens.create(game.folder, game.plan.seats);
    const app = createGameApp(game, tokens, Date.now);
    const japan = tokens.tokenOf('japan');
    for (const path of [
      `/?token=${japan}`,
      `/board?token=${japan}`,
      `/view.json?token=${japan}`,
      '/?token=wrong',
      '/assets/htmx.min.js',
    ]) {
      const r = await app.request(path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(r.headers.get('cache-control'), path).toBe(
        path.startsWith('/assets/') ? 'max-age=3600' : 'no-store',
      );
    }
    game.close();
  });
});

describe('links', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '2001:db8::5', family: 'IPv6', internal: false },
      { address: '10.0.0.5', family: 'IPv4', internal: false },
    ],
  } as unknown as Parameters<typeof linkBase>[0]['interfaces'];

  it("use the public URL if given, else the address listened on, else this machine's addresses (IPv4 first) and say so", () => {
    expect(
      linkBase({ host: '0.0.0.0', port: 8080, publicUrl: 'https://game.example', interfaces }),
    ).toEqual({ url: 'https://game.example', others: [] });
    expect(linkBase({ host: '127.0.0.1', port: 8080, interfaces })).toEqual({
      url: 'http://127.0.0.1:8080',
      others: [],
    });
    for (const host of ['0.0.0.0', '::']) {
      const base = linkBase({ host, port: 8080, interfaces });
      expect(base.url).toBe('http://10.0.0.5:8080');
      expect(base.others).toEqual(['http://[2001:db8::5]:8080']);
      expect(base.note).toContain(`listening on ${host}`);
      expect(base.note).toContain('http://10.0.0.5:8080');
    }
    expect(checkPublicUrl('http://10.0.0.5:8080/')).toBe('http://10.0.0.5:8080');
    for (const bad of ['10.0.0.5:8080', 'ftp://x', 'http://x/?a=1', 'nonsense'])
      expect(() => checkPublicUrl(bad), bad).toThrow(InputError);
  });

  it('are listed for the control cell on its links page (seats get 403), and where it is served is recorded in server.json', async () => {
    const game = start();
    const served = await serveGame(game, {
      host: '127.0.0.1',
      port: 0,
      publicUrl: 'http://10.0.0.5:9000',
      clock: REAL_CLOCK,
    });
    try {
      const tokens = SeatTokens.load(game.folder, game.plan.seats);
      expect([...served.links]).toEqual(
        game.plan.seats.map((s) => [s, `http://10.0.0.5:9000/?token=${tokens.tokenOf(s)}`]),
      );
      expect(JSON.parse(readFileSync(join(game.folder, SERVER_FILE), 'utf8'))).toEqual({
        host: '127.0.0.1',
        port: served.port,
        publicUrl: 'http://10.0.0.5:9000',
      });
      const page = await fetch(`${served.url}/links?token=${tokens.tokenOf('control')}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      for (const link of served.links.values()) expect(html).toContain(`href="${link}"`);
      expect((await fetch(`${served.url}/links?token=${tokens.tokenOf('japan')}`)).status).toBe(
        403,
      );
      expect((await fetch(`${served.url}/links?token=nope`)).status).toBe(401);
    } finally {
      served.close();
    }
  });
});

describe('the review', () => {
  it('is written when the game ends, built off the event loop: the server answers quickly meanwhile', async () => {
    const game = start(['adversary']);
    game.handToPolicy('control', 'adversary');
    const served = await serveGame(game, { host: '127.0.0.1', port: 0, clock: REAL_CLOCK });
    try {
      const view = `${served.url}/view.json?token=${SeatTokens.load(game.folder, game.plan.seats).tokenOf('control')}`;
      game.runClock('control', model.horizon);
      expect(game.finished).toBe(true);
      const file = join(game.folder, REVIEW_FILE);
      const waits: number[] = [];
      while (waits.length < 9 && !existsSync(file)) {
        const t = performance.now();
        expect((await fetch(view)).status).toBe(200);
        waits.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 30));
      }
      // measured while the review was being built
      expect(waits.length).toBe(9);
      expect(existsSync(file)).toBe(false);
      const median = [...waits].sort((a, b) => a - b)[4]!;
      expect(median).toBeLessThan(100);
      await waitFor(() => existsSync(file), 'the review written at the end', 120_000);
      expect(readFileSync(file, 'utf8')).toContain('(ended)');
    } finally {
      served.close();
    }
  }, 150_000);
});

/** Starts `rungs facilitate` and waits for its control link; its port. */
async function facilitate(args: string[]): Promise<{ run: Started; port: number; links: string }> {
  const run = startCommand('facilitate', args);
  await Promise.race([
    waitFor(() => /^control\s+http/m.test(run.stdout()), 'the links', 60_000),
    run.exited.then((e) => {
      throw new Error(`facilitate exited (${e.code}): ${e.stderr}`);
    }),
  ]);
  const links = run.stdout();
  return { run, port: Number(/^control\s+http:\/\/[^:]+:(\d+)\//m.exec(links)?.[1]), links };
}

describe('one server per game', () => {
  it('refuses a second server on a running game (exit 2, naming the holder); a resumed game comes back on its port', async () => {
    const dir = join(folder(), 'game');
    const newGame = [
      '--scenario',
      REFERENCE,
      '--design',
      'acm-2015',
      '--seed',
      '28',
      '--seats',
      'japan,unitedStates',
      '--out',
      dir,
    ];
    const first = await facilitate([...newGame, '--port', '0']);
    try {
      expect(first.port).toBeGreaterThan(0);
      for (const args of [
        ['--resume', dir, '--port', '0'],
        [...newGame, '--port', '0'],
      ]) {
        const second = await startCommand('facilitate', args).exited;
        expect(second.code, args.join(' ')).toBe(2);
        expect(second.stderr).toContain(
          `${dir}: holds a game another facilitator is serving (pid ${first.run.child.pid} on this host`,
        );
        expect(second.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      first.run.child.kill('SIGTERM');
      await first.run.exited;
    }
    // the port it was served on, unless told otherwise
    const resumed = await facilitate(['--resume', dir]);
    expect(resumed.port).toBe(first.port);
    resumed.run.child.kill('SIGKILL');
    await resumed.run.exited;
    // a lock left by a killed server is taken over; the links use the public URL
    const again = await facilitate([
      '--resume',
      dir,
      '--port',
      '0',
      '--public-url',
      'http://10.0.0.5:9000/',
    ]);
    try {
      expect(again.run.stderr()).toContain(
        `took over a stale lock of process ${resumed.run.child.pid}`,
      );
      expect(again.links).toMatch(/^control\s+http:\/\/10\.0\.0\.5:9000\/\?token=[\w-]{32}$/m);
    } finally {
      again.run.child.kill('SIGTERM');
      await again.run.exited;
    }
    // resumed with no options: the address, port and public URL it was last served with
    const recorded = JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8')) as {
      port: number;
    };
    const plain = await facilitate(['--resume', dir]);
    try {
      expect(plain.links).toMatch(/^control\s+http:\/\/10\.0\.0\.5:9000\/\?token=[\w-]{32}$/m);
      expect(JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'))).toEqual({
        host: '127.0.0.1',
        port: recorded.port,
        publicUrl: 'http://10.0.0.5:9000',
      });
    } finally {
      plain.run.child.kill('SIGTERM');
      await plain.run.exited;
    }
    const bad = await startCommand('facilitate', ['--resume', dir, '--public-url', 'game.example'])
      .exited;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--public-url: expected the http or https address');
  }, 120_000);
});

/** util-linux's tool that runs a command in new namespaces (a private mount namespace, as root in it). */
const UNSHARE = 'unshare';

/** Whether this machine lets a user mount a tmpfs in a private mount namespace. */
const canMount =
  spawnSync(UNSHARE, ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /tmp && echo ok'], {
    encoding: 'utf8',
  }).stdout?.trim() === 'ok';

describe('a full disk', () => {
  it.skipIf(!canMount)(
    'refuses the input whole (507, nothing left in the log), tells the control cell, and leaves a log that resumes',
    () => {
      const script = join(folder(), 'full.mjs');
      const dist = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
      writeFileSync(
        script,
        `
import { writeFileSync, appendFileSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startGame, resumeGame } from '${dist('live/open.js')}';
import { readGameLog } from '${dist('live/gameLog.js')}';
import { createGameApp } from '${dist('server/app.js')}';
import { SeatTokens } from '${dist('server/tokens.js')}';
const mount = process.argv[2];
const dir = join(mount, 'game');
const wall = () => '2026-12-02T00:00:00.000Z';
const game = startGame({ scenarioFile: '${REFERENCE}', design: 'acm-2015', seed: 28, seats: ['japan', 'unitedStates'], folder: dir, wall });
const tokens = SeatTokens.create(dir, game.plan.seats);
const app = createGameApp(game, tokens, Date.now);
while (!game.pending().some((p) => p.seat === 'japan')) game.runClock('control');
const point = game.pending().find((p) => p.seat === 'japan');
const answer = (rationale) => app.request('/answer', { method: 'POST', body: new URLSearchParams({ token: tokens.tokenOf('japan'), point: point.id, answer: point.options[0], version: String(game.version), rationale }) });
const log = join(dir, 'log.jsonl');
// fill the disk to its last byte
const filler = join(mount, 'filler');
writeFileSync(filler, '');
for (let chunk = 65536; chunk >= 1; chunk = Math.floor(chunk / 2))
  for (;;) { try { appendFileSync(filler, Buffer.alloc(chunk)); } catch { break; } }
const before = { bytes: statSync(log).size, entries: game.entries.length };
const long = 'why '.repeat(1000);
const refused = await answer(long);
const note = await app.request('/note', { method: 'POST', body: new URLSearchParams({ token: tokens.tokenOf('japan'), text: long }) });
const control = await (await app.request('/view.json?token=' + tokens.tokenOf('control'))).json();
const after = { bytes: statSync(log).size, entries: game.entries.length, pending: game.pending().some((p) => p.id === point.id) };
rmSync(filler);
const accepted = await answer(long);
game.close();
const read = readGameLog(dir);
const resumed = resumeGame(dir, wall);
console.log(JSON.stringify({
  before, after, refused: [refused.status, await refused.text()], note: note.status, diskError: control.diskError ?? null,
  accepted: accepted.status, torn: read.torn, lastKind: read.entries.at(-1).kind, lastRationale: read.entries.at(-1).rationale === long,
  resumedPending: resumed.pending().some((p) => p.id === point.id), resumedEvents: resumed.events === game.events,
}));
`,
      );
      const run = spawnSync(
        UNSHARE,
        [
          '-rm',
          'sh',
          '-c',
          'mount -t tmpfs -o size=512k tmpfs "$1" && exec "$2" "$3" "$1"',
          'sh',
          folder(),
          process.execPath,
          script,
        ],
        { encoding: 'utf8', cwd: ROOT },
      );
      expect(run.status, run.stderr).toBe(0);
      const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      expect(r.refused[0]).toBe(507);
      expect(r.refused[1]).toContain('the disk is full: your input was not recorded');
      expect(r.note).toBe(507);
      expect(r.after).toEqual({ ...r.before, pending: true });
      expect(r.diskError).toMatch(/^disk full: .*log\.jsonl could not take the input \(ENOSPC\)/);
      expect(run.stderr).toContain('error: disk full:');
      expect(r).toMatchObject({
        accepted: 200,
        torn: false,
        lastKind: 'answer',
        lastRationale: true,
        resumedPending: false,
        resumedEvents: true,
      });
    },
    60_000,
  );
});
