/**
 * A six-person alliance game in a real browser (Debian's chromium), under the parallel design and
 * under the 2015 Alliance Coordination Mechanism: the control cell, two pages of the Japanese seat,
 * two of the U.S. seat (each page its own browser context on the same link) and the adversary, with
 * the alliance's decisions played jointly and the reference injects list (MSEL). In the browser:
 * a scheduled inject fires at its time and reaches its recipient's pages only; messages over each
 * channel the design gives Japan and the U.S. are in transit on the sender's pages and absent from
 * the recipient's until the clock reaches the delivery time the game logged, then on both of the
 * recipient's pages; the control cell's messages go both ways at once; both national seats concur
 * in the first coordinated response, which is then in force; the server is killed and resumed on
 * the port its folder recorded, and the pages recover by themselves; the game runs to its end and
 * the review says who decided each key decision. No page may report a Content Security Policy
 * violation or a script error.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer } from './server.js';

/** The label of the joint decision the national seats concur in (the scenario's words). */
const COORDINATED_RESPONSE = 'First coordinated bilateral response';

/**
 * Per design, a seed whose crisis asks for the coordinated response within 15 stops of the clock,
 * after the messages sent at T+06:00 have arrived (found with the library and the engine's policy
 * answering every point with its first option).
 */
const DESIGNS = [
  { design: 'parallel', seed: 8, channels: ['Ad hoc diplomatic channel'] },
  {
    design: 'acm-2015',
    seed: 8,
    channels: ['Alliance Coordination Group', 'Bilateral Operations Coordination Center'],
  },
] as const;

type Seat = 'control' | 'japan' | 'unitedStates' | 'adversary';

/** Simulated minutes as the pages write them (T+hh:mm). */
const clock = (minutes: number) => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** A logged entry of the game's log, as far as this test reads it. */
interface Logged {
  readonly kind: string;
  readonly seat?: string;
  readonly to?: readonly string[];
  readonly channel?: string;
  readonly text?: string;
  readonly time?: number;
  readonly deliverAt?: number;
}

const readLog = (dir: string): Logged[] =>
  readFileSync(join(dir, 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Logged);

/** Where the game's clock stands: the time of the log's last entry that records one. */
const loggedNow = (dir: string): number =>
  readLog(dir)
    .filter((e) => e.time !== undefined)
    .at(-1)?.time ?? 0;

/** The game version a page shows (every page of the game shows the same once it caught up). */
async function versionOf(page: Page): Promise<number> {
  const text = await page.getByTestId('time').locator('xpath=..').textContent();
  return Number(/version (\d+)/.exec(text ?? '')?.[1] ?? -1);
}

/** Opens a page on `link` in a browser context of its own; fails the test on a CSP violation or a script error. */
async function openPage(browser: Browser, link: string, problems: string[]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(`${link}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${link}: ${error.message}`));
  const response = await page.goto(link);
  const csp = response!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  return page;
}

for (const { design, seed, channels } of DESIGNS) {
  test(`six people play an alliance game under ${design}: injects list, channels, a joint decision, a kill and a resume, the review`, async ({
    browser,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), `rungs-browser-alliance-${design}-`));
    let server = await startServer([
      '--scenario',
      'scenarios/senkaku-gray-zone.yaml',
      '--design',
      design,
      '--seed',
      String(seed),
      '--seats',
      'japan,unitedStates,adversary,alliance',
      '--injects',
      'scenarios/injects/senkaku-msel.yaml',
      // a free port the folder records, so that the resume below needs no --port
      '--port',
      '0',
      '--out',
      dir,
    ]);
    const problems: string[] = [];
    const open = (seat: Seat) => openPage(browser, server.links[seat]!, problems);
    const control = await open('control');
    const pages: Record<Exclude<Seat, 'control'>, Page[]> = {
      japan: [await open('japan'), await open('japan')],
      unitedStates: [await open('unitedStates'), await open('unitedStates')],
      adversary: [await open('adversary')],
    };
    const players = [...pages.japan, ...pages.unitedStates, ...pages.adversary];
    const names = { japan: 'Japan', unitedStates: 'United States', adversary: 'Adversary' };
    for (const [seat, list] of Object.entries(pages))
      for (const page of list) {
        await expect(page.getByTestId('seat')).toHaveAttribute('data-seat-id', seat);
        await expect(page.getByTestId('seat')).toHaveText(names[seat as keyof typeof names]);
      }

    // the watch on CSP violations sees one: an inline script the page itself adds is refused
    await control.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "inline ran"';
      document.body.append(script);
    });
    await expect.poll(() => problems.length).toBe(1);
    expect(problems[0]).toContain('Content Security Policy');
    await expect(control).not.toHaveTitle('inline ran');
    problems.length = 0;

    /** Every page has caught up with the control cell's board (the same game version). */
    async function caughtUp(): Promise<void> {
      const version = await versionOf(control);
      for (const page of players) await expect.poll(() => versionOf(page)).toBe(version);
    }

    /** Runs the clock by `hours` from the control cell's board. */
    async function runBy(hours: number): Promise<void> {
      const before = await versionOf(control);
      await control.locator('input[name="hours"]').fill(String(hours));
      await control.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.poll(() => versionOf(control)).toBeGreaterThan(before);
    }

    // --- a scheduled inject of the MSEL fires at its time, on its recipient's pages only
    const swarm = '11th Regional Coast Guard HQ reports';
    const swarmRow = control.locator('[data-msel="swarm-report"]');
    await expect(swarmRow).toHaveAttribute('data-status', 'scheduled');
    await runBy(5);
    await caughtUp();
    for (const page of players) await expect(page.getByTestId('messages')).toHaveText('None.');
    await runBy(1);
    await expect(control.getByTestId('time')).toHaveText('T+06:00');
    await expect(swarmRow).not.toHaveAttribute('data-status', 'scheduled');
    for (const page of pages.japan) {
      const row = page.getByTestId('messages').locator('tr', { hasText: swarm });
      await expect(row).toContainText('T+06:00');
      await expect(row).toContainText('Control cell');
    }
    await caughtUp();
    for (const page of [...pages.unitedStates, ...pages.adversary])
      await expect(page.getByTestId('messages')).not.toContainText(swarm);

    // --- messages over each alliance channel the design gives, and to and from the control cell
    /** Sends `text` from `page` to `to` over the channel whose label begins `channel` (or the control cell's). */
    async function send(
      page: Page,
      to: string,
      text: string,
      channel?: string,
      meanwhile?: () => Promise<void>,
    ): Promise<void> {
      const panel = page.getByTestId('messages-panel');
      await panel.locator('select[name="to"]').selectOption(to);
      // the channel chosen, or the first that reaches the recipient (a control cell has no choice)
      let channelValue: string | undefined;
      const select = panel.locator('select[name="channel"]');
      if (channel) {
        channelValue = (await select
          .locator('option', { hasText: channel })
          .first()
          .getAttribute('value'))!;
        await select.selectOption(channelValue);
      } else if ((await select.count()) > 0) {
        channelValue = '';
        await select.selectOption(channelValue);
      }
      await panel.getByPlaceholder('text', { exact: true }).fill(text);
      if (meanwhile) {
        // the board refreshes under the half-written message: what was chosen stays chosen
        await meanwhile();
        await expect(panel.locator('select[name="to"]')).toHaveValue(to);
        if (channelValue !== undefined)
          await expect(panel.locator('select[name="channel"]')).toHaveValue(channelValue);
        await expect(panel.locator('textarea[name="text"]')).toHaveValue(text);
      }
      await panel.getByRole('button', { name: 'Send' }).click();
      await expect(panel.locator('textarea[name="text"]')).toHaveValue('');
    }
    const travelling: {
      text: string;
      from: 'japan' | 'unitedStates';
      to: 'japan' | 'unitedStates';
    }[] = [];
    for (const [i, channel] of channels.entries()) {
      const text = `Tokyo to Washington over the ${channel} (${design})`;
      await send(pages.japan[i % 2]!, 'unitedStates', text, channel);
      travelling.push({ text, from: 'japan', to: 'unitedStates' });
    }
    const reply = `Washington to Tokyo over the ${channels.at(-1)} (${design})`;
    await send(pages.unitedStates[1]!, 'japan', reply, channels.at(-1));
    travelling.push({ text: reply, from: 'unitedStates', to: 'japan' });
    // the control cell's channel: at once, both ways
    const toControl = `Tokyo asks the control cell for the rules of engagement (${design})`;
    const nudge = `The control cell asks Tokyo to stand by (${design})`;
    await send(pages.japan[1]!, 'control', toControl, undefined, async () => {
      await send(control, 'japan', nudge);
      await expect(pages.japan[1]!.getByTestId('messages')).toContainText(nudge);
    });
    await expect(
      control.getByTestId('messages').locator('tr', { hasText: toControl }),
    ).toContainText('delivered at once');
    const fromControl = `The control cell reminds Washington of the time zones (${design})`;
    await send(control, 'unitedStates', fromControl);
    for (const page of pages.unitedStates)
      await expect(
        page.getByTestId('messages').locator('tr', { hasText: fromControl }),
      ).toContainText('T+06:00');

    // each alliance message as the game logged it: sent now, delivered later, over the channel chosen
    const logged = readLog(dir).filter((e) => e.kind === 'message');
    const deliverAt = new Map<string, number>();
    for (const m of travelling) {
      const entry = logged.find((e) => e.text === m.text)!;
      expect(entry.seat).toBe(m.from);
      expect(entry.to).toEqual([m.to]);
      expect(entry.time).toBe(6 * 60);
      expect(entry.deliverAt).toBeGreaterThan(6 * 60 + 30);
      deliverAt.set(m.text, entry.deliverAt!);
      // both of the sender's pages show it in transit until the logged time
      for (const page of pages[m.from])
        await expect(
          page.getByTestId('messages-sent').locator('tr', { hasText: m.text }),
        ).toContainText(`in transit until ${clock(entry.deliverAt!)}`);
    }
    expect(
      new Set(logged.filter((e) => travelling.some((m) => m.text === e.text)).map((e) => e.channel))
        .size,
    ).toBe(channels.length);

    /** Checks each alliance message against the clock: absent from its recipient's pages until its time, then on both. */
    async function checkDeliveries(): Promise<number> {
      await caughtUp();
      const now = loggedNow(dir);
      let delivered = 0;
      for (const m of travelling) {
        const at = deliverAt.get(m.text)!;
        for (const page of pages[m.to]) {
          const row = page.getByTestId('messages').locator('tr', { hasText: m.text });
          if (now < at) await expect(row).toHaveCount(0);
          else await expect(row).toContainText(clock(at));
        }
        if (now >= at) {
          delivered++;
          for (const page of pages[m.from])
            await expect(
              page.getByTestId('messages-sent').locator('tr', { hasText: m.text }),
            ).toContainText(`delivered ${clock(at)}`);
        }
      }
      return delivered;
    }

    // --- the clock runs to each human decision (or delivery) and each seat answers on its pages
    let answered = 0;
    let jointDone = false;
    let usAnswered = false;

    /** Answers point `id` of `seat` on `page`: the first option, with a rationale. */
    async function answerOn(page: Page, id: string): Promise<void> {
      const form = page.locator(`form.pending[data-point="${id}"]`);
      await form.locator('textarea[name="rationale"]').fill(`rationale ${answered}`);
      await form.locator('.answer-buttons button').first().click();
      answered++;
    }

    /** Both national seats concur in joint point `id`, each on one of its pages. */
    async function concur(id: string): Promise<void> {
      const joint = (page: Page) => page.locator(`[data-testid="joint"][data-point="${id}"]`);
      await expect(joint(pages.japan[0]!)).toContainText('Joint alliance decision');
      await joint(pages.japan[0]!).getByTestId('concur').click();
      // the seat's other page shows its position taken; the U.S. pages show Japan's
      await expect(joint(pages.japan[1]!)).toContainText('You have taken your position');
      await expect(joint(pages.unitedStates[0]!).getByTestId('joint-positions')).toContainText(
        'Japan: concurred',
      );
      await joint(pages.unitedStates[1]!).getByTestId('concur').click();
      for (const page of [...pages.japan, ...pages.unitedStates])
        await expect(joint(page)).toHaveCount(0);
    }

    /** Each seat answers what the control cell's board lists as pending, on its own pages. */
    async function answerAll(): Promise<void> {
      const owners = await control
        .locator('#pending > [data-seat]')
        .evaluateAll((els) =>
          els.map((e) => [
            e.getAttribute('data-seat')!,
            e.querySelector('[data-point]')!.getAttribute('data-point')!,
            e.textContent ?? '',
          ]),
        );
      for (const [seat, id, text] of owners) {
        if (seat === 'alliance') {
          await concur(id!);
          if (text!.includes(COORDINATED_RESPONSE)) jointDone = true;
        } else if (seat === 'control') {
          await answerOn(control, id!);
        } else {
          const mine = pages[seat as keyof typeof pages];
          const page = mine[answered % mine.length]!;
          // the page caught up through its event stream; no one else's pages show the point
          await expect(page.locator(`form.pending[data-point="${id}"]`)).toBeVisible();
          await answerOn(page, id!);
          if (seat === 'unitedStates') usAnswered = true;
          for (const other of mine)
            await expect(other.locator(`[data-point="${id}"]`)).toHaveCount(0);
        }
        await expect(control.locator(`#pending [data-point="${id}"]`)).toHaveCount(0);
      }
    }

    /** One stop of the clock: the control cell runs it to the next human decision or delivery. */
    async function round(): Promise<void> {
      const before = await versionOf(control);
      await control.getByRole('button', { name: 'Run to the next human decision' }).click();
      await expect.poll(() => versionOf(control)).toBeGreaterThan(before);
    }

    let stops = 0;
    while ((await checkDeliveries()) < travelling.length) {
      await round();
      await answerAll();
      expect(++stops).toBeLessThan(20);
    }
    // the control cell's run stopped the clock at each delivery, to the minute's fraction the game logged
    const stoppedAt = readLog(dir)
      .filter((e) => e.kind === 'clock')
      .map((e) => e.time!);
    for (const at of deliverAt.values())
      expect(stoppedAt.some((t) => Math.abs(t - at) < 1e-6)).toBe(true);
    while (!jointDone) {
      await round();
      await answerAll();
      expect(++stops).toBeLessThan(40);
    }
    // the joint decision is in force: the adversary sees it among the alliance's measures
    await expect(pages.adversary[0]!.locator('#in-force')).toContainText(COORDINATED_RESPONSE);

    // --- killed, and resumed without --port: back on the port the folder recorded
    const port = new URL(server.links.control!).port;
    const timeBefore = await control.getByTestId('time').textContent();
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    for (const page of [control, ...players])
      await expect(page.getByTestId('connection')).toBeVisible({ timeout: 15_000 });
    server = await startServer(['--resume', dir]);
    expect(new URL(server.links.control!).port).toBe(port);
    expect(server.links.japan).toBe(pages.japan[0]!.url());
    for (const page of [control, ...players])
      await expect(page.getByTestId('connection')).toBeHidden({ timeout: 30_000 });
    await expect(pages.unitedStates[1]!.getByTestId('time')).toHaveText(timeBefore!);

    // --- play on until the U.S. seat has decided alone, then the control cell hands every player
    // seat to the engine's policy (the joint decisions go with the national seats), which plays the
    // game to its end
    while (!usAnswered) {
      await round();
      await answerAll();
      expect(++stops).toBeLessThan(40);
    }
    for (const seat of ['adversary', 'japan', 'unitedStates']) {
      const before = await versionOf(control);
      await control.locator('input[name="seat"]').fill(seat);
      await control.getByRole('button', { name: 'Hand over' }).click();
      await expect.poll(() => versionOf(control)).toBeGreaterThan(before);
    }
    for (const page of players) await expect(page.getByTestId('policy-plays')).toBeVisible();
    await control.locator('input[name="hours"]').fill('1000');
    await control.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(control.getByTestId('ended')).toBeVisible();
    for (const page of players) await expect(page.locator('body')).toContainText('(ended)');

    // --- the review says who decided each key decision
    const review = await openPage(
      browser,
      server.links.japan!.replace('/?token=', '/review?token='),
      problems,
    );
    await expect(review.locator('h1')).toContainText('After-action review');
    const deciders = review.locator('table', { hasText: 'decided by' }).first();
    const coordinated = deciders.locator('tr', { hasText: COORDINATED_RESPONSE });
    await expect(coordinated.locator('td').nth(1)).toHaveText('Japan and United States jointly');
    await expect(coordinated.locator('td').nth(2)).toHaveText('approved');
    // in force from the time it was answered (the review's own column)
    await expect(coordinated.locator('td').nth(4)).toHaveText(/^T\+/);
    const decidedBy = await deciders
      .locator('tr td:nth-child(2)')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    expect(decidedBy).toContain('Japan');
    expect(decidedBy).toContain('United States');
    expect(decidedBy.some((who) => who.startsWith("engine's policy"))).toBe(true);
    await expect(review.locator('body')).toContainText('rationale 0');

    expect(problems).toEqual([]);
    server.child.kill('SIGTERM');
  });
}
