/**
 * A live game in a real browser (Debian's chromium): the control cell and two player cells, each
 * in its own browser context, play a short game to its end; a cell's page never shows the other
 * cell's pending decisions; the server is killed mid-game (SIGKILL) and resumed on the same port,
 * and the pages recover by themselves; the after-action review renders.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer } from './server.js';

/** A seed whose crisis asks both capitals within two days (found with the engine's policy). */
const SEED = 28;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const pendingIds = (page: Page) =>
  page
    .locator('form.pending')
    .evaluateAll((forms) => forms.map((f) => f.getAttribute('data-point')));

test('control and two player cells play a game through a kill and a resume to its review', async ({
  browser,
}) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rungs-browser-game-'));
  let server = await startServer([
    '--scenario',
    'scenarios/senkaku-gray-zone.yaml',
    '--design',
    'acm-2015',
    '--seed',
    String(SEED),
    '--seats',
    'japan,unitedStates',
    '--port',
    String(port),
    '--out',
    dir,
  ]);
  const pages: Record<string, Page> = {};
  for (const seat of ['control', 'japan', 'unitedStates']) {
    pages[seat] = await (await browser.newContext()).newPage();
    await pages[seat]!.goto(server.links[seat]!);
    await expect(pages[seat]!.getByTestId('seat')).toHaveAttribute('data-seat-id', seat);
  }
  const control = pages.control!;
  let answered = 0;

  /** One round: the control cell runs the clock to the next human decision; each cell answers what it is asked. */
  async function round(): Promise<void> {
    const before = await control.getByTestId('time').textContent();
    await control.getByRole('button', { name: 'Run to the next human decision' }).click();
    await expect(control.getByTestId('time')).not.toHaveText(before!);
    await answerAll();
  }

  /** Each cell answers what it is asked, as the control cell's board lists it. */
  async function answerAll(): Promise<void> {
    const owners = await control
      .locator('[data-seat]')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-seat'),
          e.querySelector('form')?.getAttribute('data-point'),
        ]),
      );
    for (const seat of ['japan', 'unitedStates']) {
      const page = pages[seat]!;
      const mine = owners.filter(([s]) => s === seat).map(([, p]) => p);
      const theirs = owners.filter(([s]) => s !== seat).map(([, p]) => p);
      // the page catches up through its event stream, and shows its own points and no one else's
      await expect.poll(() => pendingIds(page)).toEqual(mine);
      // the tab's title counts the decisions waiting
      if (mine.length > 0) await expect(page).toHaveTitle(new RegExp(`^\\(${mine.length}\\) `));
      for (const id of theirs) await expect(page.locator('body')).not.toContainText(id!);
      for (let i = 0; i < mine.length; i++) {
        const form = page.locator('form.pending').first();
        await form.locator('textarea[name="rationale"]').fill(`round rationale ${answered}`);
        await form.getByRole('button').first().click();
        answered++;
        await expect.poll(async () => (await pendingIds(page)).length).toBe(mine.length - i - 1);
      }
    }
  }

  for (let i = 0; i < 4; i++) await round();
  expect(answered).toBeGreaterThan(0);

  // killed mid-game, resumed on the same port with the same links: the pages recover by themselves
  const timeBefore = await pages.japan!.getByTestId('time').textContent();
  server.child.kill('SIGKILL');
  await new Promise((resolve) => server.child.once('exit', resolve));
  // the pages show that the server cannot be reached
  await expect(pages.japan!.getByTestId('connection')).toBeVisible({ timeout: 15_000 });
  await expect(pages.japan!.getByTestId('connection')).toHaveText('connection lost: retrying…');
  server = await startServer(['--resume', dir, '--port', String(port)]);
  expect(server.links.japan).toBe(pages.japan!.url());
  // and stop showing it once it is back
  await expect(pages.japan!.getByTestId('connection')).toBeHidden({ timeout: 30_000 });
  await control.reload();
  await control.getByRole('button', { name: 'Run to the next human decision' }).click();
  await expect(pages.japan!.getByTestId('time')).not.toHaveText(timeBefore!, { timeout: 30_000 });
  await answerAll();

  for (let i = 0; i < 2; i++) await round();
  // to the end of the game
  await control.locator('input[name="hours"]').fill('1000');
  // Enter in "by hours" runs nothing: only a click does
  const stood = await control.getByTestId('time').textContent();
  await control.locator('input[name="hours"]').press('Enter');
  await control.waitForTimeout(500);
  await expect(control.getByTestId('time')).toHaveText(stood!);
  await control.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(control.locator('body')).toContainText('(ended)');

  const review = await (await browser.newContext()).newPage();
  await review.goto(server.links.japan!.replace('/?token=', '/review?token='));
  await expect(review.locator('h1')).toContainText('After-action review');
  await expect(review.locator('body')).toContainText('round rationale 0');
  server.child.kill('SIGTERM');
});

test('a running clock moves every page while a player types, and the control cell pauses and ends the game', async ({
  browser,
}) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rungs-browser-pace-'));
  const server = await startServer([
    '--scenario',
    'scenarios/senkaku-gray-zone.yaml',
    '--design',
    'acm-2015',
    '--seed',
    String(SEED),
    '--seats',
    'japan',
    '--port',
    String(port),
    '--out',
    dir,
  ]);
  const control = await (await browser.newContext()).newPage();
  const japan = await (await browser.newContext()).newPage();
  await control.goto(server.links.control!);
  await japan.goto(server.links.japan!);
  // ten simulated hours a real second (600 a real minute); the clock stops while people think
  await control.locator('input[name="hoursPerMinute"]').fill('600');
  await control.locator('input[name="thinkingHoursPerMinute"]').fill('0');
  await control.getByRole('button', { name: 'Start the clock' }).click();
  await expect(control.getByTestId('pace')).toContainText('running');
  await expect(japan.locator('form.pending').first()).toBeVisible({ timeout: 60_000 });
  const rationale = japan.locator('form.pending textarea[name="rationale"]').first();
  await rationale.fill('half-typed thoughts');
  // thinking time now counts: the clock moves on under the player's page
  const stood = await japan.getByTestId('time').textContent();
  await control.locator('input[name="thinkingHoursPerMinute"]').fill('10');
  await control.getByRole('button', { name: 'Set pace' }).click();
  await expect(japan.getByTestId('time')).not.toHaveText(stood!, { timeout: 15_000 });
  await expect(rationale).toHaveValue('half-typed thoughts');
  // a message refreshes the whole board: what the player was typing survives it
  await control.getByTestId('messages-panel').locator('select[name="to"]').selectOption('japan');
  await control.getByPlaceholder('text', { exact: true }).fill('Washington is on the line');
  await control.getByRole('button', { name: 'Send' }).click();
  await expect(japan.getByTestId('messages')).toContainText('Washington is on the line');
  await expect(rationale).toHaveValue('half-typed thoughts');
  // Enter in the rationale is a new line, never an answer
  await rationale.press('End');
  await rationale.press('Enter');
  await expect(rationale).toHaveValue('half-typed thoughts\n');
  await control.getByRole('button', { name: 'Pause' }).click();
  await expect(control.getByTestId('pace')).toContainText('paused');
  control.once('dialog', (dialog) => void dialog.accept());
  await control.getByRole('button', { name: 'End the game' }).click();
  await expect(control.getByTestId('ended')).toContainText('ended by the control cell');
  await expect(japan.getByTestId('time')).toContainText('T+');
  await expect(japan.locator('body')).toContainText('(ended)');
  server.child.kill('SIGTERM');
});
