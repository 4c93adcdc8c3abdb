/**
 * The table of a six-person alliance game in the browser tests: the served game, the control
 * cell's page, two pages of the Japanese seat, two of the U.S. seat (each page its own browser
 * context on the seat's link) and the adversary's; what the game's folder logged; and the moves
 * people make on their pages (run the clock, send a message, answer, concur). Every page is
 * watched for Content Security Policy violations and script errors, collected in `problems`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import type { Served } from './server.js';

/** A seat with pages at the table. */
export type PlayerSeat = 'japan' | 'unitedStates' | 'adversary';

/** Simulated minutes as the pages write them (T+hh:mm). */
export const clock = (minutes: number): string => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** An entry of the game's log, as far as the tests read it. */
export interface Logged {
  readonly kind: string;
  readonly seat?: string;
  readonly to?: readonly string[];
  readonly channel?: string;
  readonly text?: string;
  readonly time?: number;
  readonly deliverAt?: number;
}

/** The entries of the log in game folder `dir`. */
export const readLog = (dir: string): Logged[] =>
  readFileSync(join(dir, 'log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Logged);

/** The game version a page shows (every page of the game shows the same once it caught up). */
export async function versionOf(page: Page): Promise<number> {
  const text = await page.getByTestId('time').locator('xpath=..').textContent();
  return Number(/version (\d+)/.exec(text ?? '')?.[1] ?? -1);
}

/**
 * Opens `link` in a browser context of its own, served with a Content Security Policy that runs no
 * inline script; CSP violations and script errors on the page are added to `problems`.
 */
export async function openPage(browser: Browser, link: string, problems: string[]): Promise<Page> {
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

/** The control cell's page and every player's pages of a served game. */
export class AllianceTable {
  /** Answers given so far (each rationale names its number). */
  answered = 0;

  private constructor(
    readonly dir: string,
    /** CSP violations and script errors seen on any page. */
    readonly problems: string[],
    readonly control: Page,
    readonly pages: Readonly<Record<PlayerSeat, readonly Page[]>>,
  ) {}

  /** Opens the control cell's page, two pages of each national seat and the adversary's. */
  static async open(browser: Browser, server: Served, dir: string): Promise<AllianceTable> {
    const problems: string[] = [];
    const open = (seat: string) => openPage(browser, server.links[seat]!, problems);
    return new AllianceTable(dir, problems, await open('control'), {
      japan: [await open('japan'), await open('japan')],
      unitedStates: [await open('unitedStates'), await open('unitedStates')],
      adversary: [await open('adversary')],
    });
  }

  /** Every player's page. */
  get players(): Page[] {
    return [...this.pages.japan, ...this.pages.unitedStates, ...this.pages.adversary];
  }

  /** Where the game's clock stands: the time of the log's last entry that records one. */
  loggedNow(): number {
    return (
      readLog(this.dir)
        .filter((e) => e.time !== undefined)
        .at(-1)?.time ?? 0
    );
  }

  /** Waits until every player's page shows the control cell's game version. */
  async caughtUp(): Promise<void> {
    const version = await versionOf(this.control);
    for (const page of this.players) await expect.poll(() => versionOf(page)).toBe(version);
  }

  /** Clicks `button` on the control cell's page and waits for the game version to move. */
  private async controlClick(button: ReturnType<Page['getByRole']>): Promise<void> {
    const before = await versionOf(this.control);
    await button.click();
    await expect.poll(() => versionOf(this.control)).toBeGreaterThan(before);
  }

  /** The control cell runs the clock by `hours`. */
  async runBy(hours: number): Promise<void> {
    await this.control.locator('input[name="hours"]').fill(String(hours));
    await this.controlClick(this.control.getByRole('button', { name: 'Run', exact: true }));
  }

  /** The control cell runs the clock to the next human decision (or message delivery). */
  async runToNext(): Promise<void> {
    await this.controlClick(
      this.control.getByRole('button', { name: 'Run to the next human decision' }),
    );
  }

  /** The control cell hands `seat` to the engine's policy. */
  async handOver(seat: string): Promise<void> {
    await this.control.locator('input[name="seat"]').fill(seat);
    await this.controlClick(this.control.getByRole('button', { name: 'Hand over' }));
  }

  /**
   * Sends `text` from `page` to `to`, over the channel whose label contains `channel` (without
   * one, the first that reaches the recipient); `meanwhile` runs between filling the form and
   * sending it, and what was chosen and typed must survive it.
   */
  async send(
    page: Page,
    to: string,
    text: string,
    channel?: string,
    meanwhile?: () => Promise<void>,
  ): Promise<void> {
    const panel = page.getByTestId('messages-panel');
    await panel.locator('select[name="to"]').selectOption(to);
    const select = panel.locator('select[name="channel"]');
    // a kept choice of an earlier message is replaced; the control cell's form has no channel
    const channelValue = channel
      ? (await select.locator('option', { hasText: channel }).first().getAttribute('value'))!
      : (await select.count()) > 0
        ? ''
        : undefined;
    if (channelValue !== undefined) await select.selectOption(channelValue);
    await panel.getByPlaceholder('text', { exact: true }).fill(text);
    if (meanwhile) {
      await meanwhile();
      await expect(panel.locator('select[name="to"]')).toHaveValue(to);
      if (channelValue !== undefined) await expect(select).toHaveValue(channelValue);
      await expect(panel.locator('textarea[name="text"]')).toHaveValue(text);
    }
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(panel.locator('textarea[name="text"]')).toHaveValue('');
  }

  /** Answers point `id` on `page` with its first option and a numbered rationale. */
  async answerOn(page: Page, id: string): Promise<void> {
    const form = page.locator(`form.pending[data-point="${id}"]`);
    await expect(form).toBeVisible();
    await form.locator('textarea[name="rationale"]').fill(`rationale ${this.answered}`);
    await form.locator('.answer-buttons button').first().click();
    this.answered++;
  }

  /**
   * Both national seats concur in joint point `id`, Japan on its first page and the U.S. on its
   * second; each seat's other page follows.
   */
  async concur(id: string): Promise<void> {
    const { japan, unitedStates } = this.pages;
    const joint = (page: Page) => page.locator(`[data-testid="joint"][data-point="${id}"]`);
    await expect(joint(japan[0]!)).toContainText('Joint alliance decision');
    await joint(japan[0]!).getByTestId('concur').click();
    await expect(joint(japan[1]!)).toContainText('You have taken your position');
    await expect(joint(unitedStates[0]!).getByTestId('joint-positions')).toContainText(
      'Japan: concurred',
    );
    await joint(unitedStates[1]!).getByTestId('concur').click();
    for (const page of [...japan, ...unitedStates]) await expect(joint(page)).toHaveCount(0);
  }

  /** What the control cell's board lists as pending: each point's seat, id and text. */
  async pendingOnControl(): Promise<{ seat: string; id: string; text: string }[]> {
    return this.control.locator('#pending > [data-seat]').evaluateAll((els) =>
      els.map((e) => ({
        seat: e.getAttribute('data-seat')!,
        id: e.querySelector('[data-point]')!.getAttribute('data-point')!,
        text: e.textContent ?? '',
      })),
    );
  }

  /**
   * Each seat answers what the control cell lists as pending, on its own pages (alternating
   * between a seat's two pages; the joint points concurred); returns what was answered.
   */
  async answerAll(): Promise<{ seat: string; text: string }[]> {
    const owners = await this.pendingOnControl();
    for (const { seat, id } of owners) {
      if (seat === 'alliance') await this.concur(id);
      else if (seat === 'control') await this.answerOn(this.control, id);
      else {
        const mine = this.pages[seat as PlayerSeat];
        await this.answerOn(mine[this.answered % mine.length]!, id);
        // gone from every page of the seat
        for (const page of mine) await expect(page.locator(`[data-point="${id}"]`)).toHaveCount(0);
      }
      await expect(this.control.locator(`#pending [data-point="${id}"]`)).toHaveCount(0);
    }
    return owners;
  }
}
