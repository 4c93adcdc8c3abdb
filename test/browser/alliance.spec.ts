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
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { startServer, type Served } from './server.js';
import { AllianceTable, clock, openPage, readLog } from './allianceTable.js';

/** The label of the joint decision the national seats concur in (the scenario's words). */
const COORDINATED_RESPONSE = 'First coordinated bilateral response';

/**
 * Per design, a seed whose crisis asks for the coordinated response within 15 stops of the clock,
 * after the messages sent at T+06:00 have arrived (found with the library, every point answered
 * with its first option and every joint point concurred), and the labels of the channels the
 * design gives Japan and the U.S.
 */
const DESIGNS = [
  { design: 'parallel', seed: 8, channels: ['Ad hoc diplomatic channel'] },
  {
    design: 'acm-2015',
    seed: 8,
    channels: ['Alliance Coordination Group', 'Bilateral Operations Coordination Center'],
  },
] as const;

/** A message between the national seats, sent at T+06:00. */
interface Travelling {
  readonly text: string;
  readonly from: 'japan' | 'unitedStates';
  readonly to: 'japan' | 'unitedStates';
  /** When the game logged it is delivered (simulated minutes). */
  deliverAt: number;
}

/** The watch on CSP violations sees one: an inline script the page itself adds is refused. */
async function cspWatchWorks(table: AllianceTable): Promise<void> {
  await table.control.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'document.title = "inline ran"';
    document.body.append(script);
  });
  await expect.poll(() => table.problems.length).toBe(1);
  expect(table.problems[0]).toContain('Content Security Policy');
  await expect(table.control).not.toHaveTitle('inline ran');
  table.problems.length = 0;
}

/** The MSEL's first item, a message to Japan at 6 h, reaches Japan's two pages at its time, and no one else's. */
async function scheduledInjectFires(table: AllianceTable): Promise<void> {
  const { control, pages, players } = table;
  const swarm = '11th Regional Coast Guard HQ reports';
  const swarmRow = control.locator('[data-msel="swarm-report"]');
  await expect(swarmRow).toHaveAttribute('data-status', 'scheduled');
  await table.runBy(5);
  await table.caughtUp();
  for (const page of players) await expect(page.getByTestId('messages')).toHaveText('None.');
  await table.runBy(1);
  await expect(control.getByTestId('time')).toHaveText('T+06:00');
  await expect(swarmRow).not.toHaveAttribute('data-status', 'scheduled');
  for (const page of pages.japan) {
    const row = page.getByTestId('messages').locator('tr', { hasText: swarm });
    await expect(row).toContainText('T+06:00');
    await expect(row).toContainText('Control cell');
  }
  await table.caughtUp();
  for (const page of [...pages.unitedStates, ...pages.adversary])
    await expect(page.getByTestId('messages')).not.toContainText(swarm);
}

/**
 * Japan writes to the U.S. over each channel and the U.S. answers over the last; the control cell's
 * channel delivers at once both ways (and a choice of recipient survives a refresh of the board).
 * Returns the national messages with the delivery times the game logged.
 */
async function sendMessages(
  table: AllianceTable,
  design: string,
  channels: readonly string[],
): Promise<Travelling[]> {
  const { control, pages } = table;
  const travelling: Travelling[] = [];
  for (const [i, channel] of channels.entries()) {
    const text = `Tokyo to Washington over the ${channel} (${design})`;
    await table.send(pages.japan[i % 2]!, 'unitedStates', text, channel);
    travelling.push({ text, from: 'japan', to: 'unitedStates', deliverAt: 0 });
  }
  const reply = `Washington to Tokyo over the ${channels.at(-1)} (${design})`;
  await table.send(pages.unitedStates[1]!, 'japan', reply, channels.at(-1));
  travelling.push({ text: reply, from: 'unitedStates', to: 'japan', deliverAt: 0 });

  const toControl = `Tokyo asks the control cell for the rules of engagement (${design})`;
  const nudge = `The control cell asks Tokyo to stand by (${design})`;
  await table.send(pages.japan[1]!, 'control', toControl, undefined, async () => {
    await table.send(control, 'japan', nudge);
    await expect(pages.japan[1]!.getByTestId('messages')).toContainText(nudge);
  });
  const atControl = control.getByTestId('messages').locator('tr', { hasText: toControl });
  await expect(atControl).toContainText('delivered at once');
  const fromControl = `The control cell reminds Washington of the time zones (${design})`;
  await table.send(control, 'unitedStates', fromControl);
  for (const page of pages.unitedStates)
    await expect(
      page.getByTestId('messages').locator('tr', { hasText: fromControl }),
    ).toContainText('T+06:00');

  // as the game logged them: sent now, delivered later, each over the channel chosen
  const logged = readLog(table.dir).filter((e) => e.kind === 'message');
  for (const m of travelling) {
    const entry = logged.find((e) => e.text === m.text)!;
    expect([entry.seat, entry.to, entry.time]).toEqual([m.from, [m.to], 6 * 60]);
    expect(entry.deliverAt).toBeGreaterThan(6 * 60 + 30);
    m.deliverAt = entry.deliverAt!;
    for (const page of pages[m.from])
      await expect(
        page.getByTestId('messages-sent').locator('tr', { hasText: m.text }),
      ).toContainText(`in transit until ${clock(m.deliverAt)}`);
  }
  const used = logged
    .filter((e) => travelling.some((m) => m.text === e.text))
    .map((e) => e.channel);
  expect(new Set(used).size).toBe(channels.length);
  return travelling;
}

/**
 * Each national message against the clock: absent from both of its recipient's pages until its
 * delivery time, then on both with that time, and delivered on its sender's pages; returns how
 * many have arrived.
 */
async function checkDeliveries(table: AllianceTable, travelling: Travelling[]): Promise<number> {
  await table.caughtUp();
  const now = table.loggedNow();
  let delivered = 0;
  for (const m of travelling) {
    const arrived = now >= m.deliverAt;
    for (const page of table.pages[m.to]) {
      const row = page.getByTestId('messages').locator('tr', { hasText: m.text });
      if (arrived) await expect(row).toContainText(clock(m.deliverAt));
      else await expect(row).toHaveCount(0);
    }
    if (!arrived) continue;
    delivered++;
    for (const page of table.pages[m.from])
      await expect(
        page.getByTestId('messages-sent').locator('tr', { hasText: m.text }),
      ).toContainText(`delivered ${clock(m.deliverAt)}`);
  }
  return delivered;
}

/** The server killed (SIGKILL) and resumed without --port: on the port its folder recorded, the pages recover. */
async function killAndResume(table: AllianceTable, server: Served): Promise<Served> {
  const port = new URL(server.links.control!).port;
  const timeBefore = await table.control.getByTestId('time').textContent();
  server.child.kill('SIGKILL');
  await new Promise((resolve) => server.child.once('exit', resolve));
  const everyPage = [table.control, ...table.players];
  for (const page of everyPage)
    await expect(page.getByTestId('connection')).toBeVisible({ timeout: 15_000 });
  const resumed = await startServer(['--resume', table.dir]);
  expect(new URL(resumed.links.control!).port).toBe(port);
  expect(resumed.links.japan).toBe(table.pages.japan[0]!.url());
  for (const page of everyPage)
    await expect(page.getByTestId('connection')).toBeHidden({ timeout: 30_000 });
  await expect(table.pages.unitedStates[1]!.getByTestId('time')).toHaveText(timeBefore!);
  return resumed;
}

/** The review names who decided each key decision: a seat, the seats jointly, the engine's policy. */
async function reviewNamesDeciders(
  browser: Browser,
  table: AllianceTable,
  server: Served,
): Promise<void> {
  const link = server.links.japan!.replace('/?token=', '/review?token=');
  const review = await openPage(browser, link, table.problems);
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
}

for (const { design, seed, channels } of DESIGNS) {
  test(`six people play an alliance game under ${design}: injects list, channels, a joint decision, a kill and a resume, the review`, async ({
    browser,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), `rungs-browser-alliance-${design}-`));
    let server = await startServer([
      ...['--scenario', 'scenarios/senkaku-gray-zone.yaml', '--design', design],
      ...['--seed', String(seed), '--seats', 'japan,unitedStates,adversary,alliance'],
      ...['--injects', 'scenarios/injects/senkaku-msel.yaml', '--out', dir],
      // a free port, which the folder records for the resume below (given no --port)
      ...['--port', '0'],
    ]);
    const table = await AllianceTable.open(browser, server, dir);
    const names = { japan: 'Japan', unitedStates: 'United States', adversary: 'Adversary' };
    for (const [seat, pages] of Object.entries(table.pages))
      for (const page of pages) {
        await expect(page.getByTestId('seat')).toHaveAttribute('data-seat-id', seat);
        await expect(page.getByTestId('seat')).toHaveText(names[seat as keyof typeof names]);
      }
    await cspWatchWorks(table);
    await scheduledInjectFires(table);
    const travelling = await sendMessages(table, design, channels);

    // the clock runs to each human decision or delivery; each seat answers on its pages
    let stops = 0;
    while ((await checkDeliveries(table, travelling)) < travelling.length) {
      await table.runToNext();
      await table.answerAll();
      expect(++stops).toBeLessThan(20);
    }
    // the run stopped the clock at each delivery, to the fraction of a minute the game logged
    const stoppedAt = readLog(dir).flatMap((e) => (e.kind === 'clock' ? [e.time!] : []));
    for (const m of travelling)
      expect(stoppedAt.some((t) => Math.abs(t - m.deliverAt) < 1e-6)).toBe(true);
    for (let joint = false; !joint; expect(++stops).toBeLessThan(40)) {
      await table.runToNext();
      const answered = await table.answerAll();
      joint = answered.some((p) => p.seat === 'alliance' && p.text.includes(COORDINATED_RESPONSE));
    }
    // in force: the adversary sees it among the alliance's measures; each national page lists the
    // seat's position and the answer given jointly among its own answers
    const adversary = table.pages.adversary[0]!;
    await expect(adversary.locator('#in-force')).toContainText(COORDINATED_RESPONSE);
    for (const page of [...table.pages.japan, ...table.pages.unitedStates]) {
      const own = page.getByTestId('answers').locator('tr', { hasText: COORDINATED_RESPONSE });
      await expect(own).toHaveCount(2);
      await expect(own.nth(0)).toContainText('concurred (round 1)');
      await expect(own.nth(1)).toContainText('approve (jointly)');
    }

    server = await killAndResume(table, server);

    // play on until the U.S. seat has decided alone; then the control cell hands the player seats
    // (and with the national ones, the joint decisions) to the engine's policy, to the game's end
    for (let us = false; !us; expect(++stops).toBeLessThan(40)) {
      await table.runToNext();
      us = (await table.answerAll()).some((p) => p.seat === 'unitedStates');
    }
    for (const seat of ['adversary', 'japan', 'unitedStates']) await table.handOver(seat);
    for (const page of table.players) await expect(page.getByTestId('policy-plays')).toBeVisible();
    await table.runBy(1000);
    await expect(table.control.getByTestId('ended')).toBeVisible();
    for (const page of table.players) await expect(page.locator('body')).toContainText('(ended)');

    await reviewNamesDeciders(browser, table, server);
    expect(table.problems).toEqual([]);
    server.child.kill('SIGTERM');
  });
}
