/**
 * Briefings and meaning, and safe hands on the pages: a seat's read-in shows its side's objectives
 * and organisations by label; boards show names, never ids; every option says what it does; a
 * seat's own answers are listed; Enter cannot answer a decision or run the clock; the page script
 * is a served asset (no inline script) that shows a lost connection and announces new decisions.
 * Expected texts are read from the scenario file itself, not from the code under test.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LiveGame } from '../src/live/game.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { loadScenario, parseScenario } from '../src/scenario/load.js';
import { GAME_SCRIPT } from '../src/server/pageScript.js';
import { LEGAL_STATES } from '../src/scenario/schema.js';
import { legalPostureLabel, spelledOut } from '../src/live/names.js';
import { REFERENCE, earlySeed, referenceModel, gameSettings } from './helpers.js';

interface RawScenario {
  ladder: { facts: string[]; rungs: Array<{ id: string; label: string }> };
  organisations: Array<{ id: string; side: string; label: string }>;
  decisions: Array<{
    id: string;
    label: string;
    effects?: { facts?: string[] };
    approve: { reconsider: { lognormal?: { median: string } } };
  }>;
  briefing: {
    facts: Record<string, string>;
    sides: Record<string, { objectives: string[]; knows: string }>;
  };
}
const raw = parse(readFileSync(REFERENCE, 'utf8')) as RawScenario;
const model = referenceModel('acm-2015');
const EARLY = earlySeed(model);

function setup(seats: string[]) {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-briefing-'));
  const game = LiveGame.start({
    model,
    settings: gameSettings('briefing', EARLY, seats),
    folder,
    wall: () => '2026-12-07T00:00:00Z',
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  const app = createGameApp(game, tokens, Date.now);
  const get = async (path: string, seat: string) =>
    (await app.request(`${path}?token=${tokens.tokenOf(seat)}`)).text();
  return { game, tokens, app, get };
}

/** Runs the game until every seat named has a point waiting. */
function untilAsked(game: LiveGame, seats: readonly string[]): void {
  let t = game.now;
  while (!seats.every((s) => game.pending().some((p) => p.seat === s)) && !game.finished)
    game.advance((t += 60));
}

/** A page's text as a reader sees it: tags (and their attributes) gone, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const clock = (minutes: number) => {
  const m = Math.floor(minutes);
  return `T+${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

const form = (fields: Record<string, string | number>) => ({
  method: 'POST',
  body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])),
});

/** The forms of a page, each as its opening tag and its content. */
const formsOf = (html: string) =>
  [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({
    tag: m[1]!,
    body: m[2]!,
  }));

describe('the read-in', () => {
  it("is text for players: the scenario's hash leaves it out, and the variant keeps the reference's objectives with a read-in of its own", () => {
    const data = parse(readFileSync(REFERENCE, 'utf8')) as RawScenario & Record<string, unknown>;
    const { briefing, ...without } = data;
    const reworded = { ...data, briefing: { ...briefing, facts: { groupOnLand: 'men ashore' } } };
    const hash = loadScenario(REFERENCE).hash;
    expect(parseScenario(without, REFERENCE).hash).toBe(hash);
    expect(parseScenario(reworded, REFERENCE).hash).toBe(hash);
    expect(parseScenario({ ...data, horizon: '20d' }, REFERENCE).hash).not.toBe(hash);
    const variant = loadScenario('scenarios/senkaku-island-seizure.yaml').scenario.briefing!;
    expect(variant.sides.japan!.objectives).toEqual(briefing.sides.japan!.objectives);
    expect(variant.sides.japan!.knows).not.toBe(model.scenario.briefing!.sides.japan!.knows);
    expect(variant.facts).toEqual(briefing.facts);
  });

  it("shows a seat its side's objectives, what it knows and its organisations by label, and not another side's", async () => {
    const { get, app, game } = setup(['japan', 'unitedStates']);
    untilAsked(game, ['japan']);
    const japan = textOf(await get('/briefing', 'japan'));
    const known = raw.ladder.rungs[game.simulation.picture('japan').rung]!;
    expect(japan).toContain(
      `What you know now The crisis as reported to you: ${known.id}, ${known.label}.`,
    );
    for (const objective of raw.briefing.sides.japan!.objectives)
      expect(japan).toContain(objective);
    expect(japan).toContain(raw.briefing.sides.japan!.knows.trim().split(/\s+/).join(' '));
    for (const org of raw.organisations.filter((o) => o.side === 'japan'))
      expect(japan).toContain(org.label);
    expect(japan).toContain(raw.decisions.find((d) => d.id === 'jp.mso')!.label);
    expect(japan).not.toContain(raw.briefing.sides.unitedStates!.objectives[0]!);
    expect(japan).not.toContain(raw.organisations.find((o) => o.side === 'unitedStates')!.label);
    const control = textOf(await get('/briefing', 'control'));
    for (const side of ['japan', 'unitedStates', 'alliance', 'adversary'])
      expect(control).toContain(raw.briefing.sides[side]!.objectives[0]!);
    expect((await app.request('/briefing?token=nope')).status).toBe(401);
  });

  it('stands at the top of the board until the seat first answers, then gives way to its answers, listed', async () => {
    const { game, get, app, tokens } = setup(['japan', 'unitedStates']);
    untilAsked(game, ['japan']);
    const before = await get('/board', 'japan');
    expect(before).toContain('id="read-in"');
    expect(textOf(before)).toContain(raw.briefing.sides.japan!.objectives[0]!);
    expect(before.indexOf('id="read-in"')).toBeLessThan(before.indexOf('id="decisions"'));
    const point = game.pending().find((p) => p.seat === 'japan')!;
    const answered = await app.request(
      '/answer',
      form({
        token: tokens.tokenOf('japan'),
        point: point.id,
        answer: point.options[0]!,
        version: game.version,
        rationale: 'the Cabinet <must> see it',
      }),
    );
    expect(answered.status).toBe(200);
    const after = await get('/board', 'japan');
    expect(after).not.toContain('id="read-in"');
    const row = /<table data-testid="answers">[\s\S]*?<\/table>/.exec(after)![0];
    const label = raw.decisions.find((d) => d.id === point.decision)!.label;
    expect(textOf(row)).toContain(
      `${clock(point.time)} ${clock(game.now)} ${label} ${point.options[0]} the Cabinet <must> see it`,
    );
    // the other seat has answered nothing
    expect(await get('/board', 'unitedStates')).not.toContain('data-testid="answers"');
  });
});

/** Every fact id a parsed file names in a `facts` list, anywhere in it. */
function factsNamed(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(factsNamed);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'facts' && Array.isArray(value) ? (value as string[]) : factsNamed(value),
  );
}

describe('names', () => {
  it('has words for every fact the bundled scenario and designs name, and none for a fact nobody names', () => {
    const files = [REFERENCE, ...readdirSync('scenarios/c2').map((f) => join('scenarios/c2', f))];
    const named = new Set(files.flatMap((f) => factsNamed(parse(readFileSync(f, 'utf8')))));
    for (const procedure of Object.keys(model.scenario.procedures)) named.delete(procedure);
    const worded = new Set(Object.keys(raw.briefing.facts));
    expect([...named].filter((f) => !worded.has(f))).toEqual([]);
    expect([...worded].filter((f) => !named.has(f) && !(f in model.scenario.procedures))).toEqual(
      [],
    );
  });

  it('has words for every state of every legal posture', () => {
    for (const states of Object.values(LEGAL_STATES))
      for (const state of states) {
        const [region, value] = state.split('/') as [string, string];
        const words = legalPostureLabel({ running: { [region]: value } });
        // not the fallback that spells out an id it has no words for
        expect(words, state).not.toBe(`${spelledOut(region)}: ${spelledOut(value)}`);
        expect(words, state).not.toMatch(/[a-z][A-Z]/);
      }
  });
});

describe('the boards', () => {
  it('show names, never ids: no machine state, decision, organisation, fact, seat or point id in the text a seat reads', async () => {
    const { game, get, app, tokens } = setup(['japan', 'unitedStates']);
    // the facts' ids in camelCase (one-word ids such as "protested" are words too)
    const factIds = new Set(
      [...raw.ladder.facts, ...raw.decisions.flatMap((d) => d.effects?.facts ?? [])].filter((f) =>
        /[A-Z]/.test(f),
      ),
    );
    game.inject('control', { type: 'fact', fact: 'submergedSubmarine', side: 'japan' });
    let checked = 0;
    for (let round = 0; round < 6 && !game.finished; round++) {
      untilAsked(game, ['japan']);
      for (const seat of ['japan', 'unitedStates', 'control']) {
        const text = textOf(await get('/board', seat));
        const what = `${seat}, round ${round}`;
        expect(text, what).not.toMatch(/running\./);
        expect(text, what).not.toMatch(/\b(jp|us|alliance|acm|bcm|adhoc|adversary)\.\w/);
        expect(text, what).not.toMatch(/#\d/);
        expect(text, what).not.toMatch(/\b(unitedStates|lawEnforcement|grayZone|armedAttack)\b/);
        for (const fact of factIds)
          expect(text, `${what}: ${fact}`).not.toMatch(new RegExp(`\\b${fact}\\b`));
        checked++;
      }
      // the fact injected shows in words
      expect(textOf(await get('/board', 'japan'))).toContain(raw.briefing.facts.submergedSubmarine);
      for (const p of game.pending().filter((x) => x.seat === 'japan'))
        await app.request(
          '/answer',
          form({
            token: tokens.tokenOf('japan'),
            point: p.id,
            answer: 'approve',
            version: game.version,
          }),
        );
    }
    expect(checked).toBe(18);
  });

  it("describe every option: approving issues the order and makes its facts known in the scenario's words, deferring comes back after the reconsideration time", async () => {
    const { game, get } = setup(['japan', 'unitedStates']);
    untilAsked(game, ['japan', 'unitedStates']);
    let described = 0;
    for (const seat of ['japan', 'unitedStates']) {
      const html = await get('/board', seat);
      for (const p of game.pending().filter((x) => x.seat === seat && x.kind === 'approve')) {
        const block = formsOf(html).find((f) => f.tag.includes(`data-point="${p.id}"`))!;
        const choices = textOf(/<ul class="choices">[\s\S]*?<\/ul>/.exec(block.body)![0]);
        const decision = raw.decisions.find((d) => d.id === p.decision)!;
        const words = (decision.effects?.facts ?? []).map((f) => raw.briefing.facts[f]!);
        expect(choices).toContain(
          `Approve : the order issues${words.length ? `; it makes known: ${words.join('; ')}` : ''}`,
        );
        // the reconsideration time as the file writes it ("2h"), when it writes whole hours
        const median = /^(\d+)h$/.exec(decision.approve.reconsider.lognormal?.median ?? '')?.[1];
        if (median) expect(choices).toContain(`again after about ${median} h`);
        expect(choices).toMatch(
          /Defer : hold it back: nothing issues now; the staff put it to you again after (about )?\d/,
        );
        expect(textOf(block.body)).toContain(decision.label);
        described++;
      }
    }
    expect(described).toBeGreaterThan(1);
  });

  it("describe the adversary's moves by the rung each leads to", async () => {
    const { game, get } = setup(['adversary']);
    untilAsked(game, ['adversary']);
    const at = raw.ladder.rungs.findIndex((r) => r.id === game.trueRung().id);
    const text = textOf(await get('/board', 'adversary'));
    const next = raw.ladder.rungs[at + 1]!;
    expect(text).toContain(`Advance : escalate to ${next.id}, ${next.label}`);
    expect(text).toContain(
      `Hold : hold at ${raw.ladder.rungs[at]!.id}, ${raw.ladder.rungs[at]!.label}`,
    );
  });
});

describe('safe hands', () => {
  it('Enter cannot answer a decision or run the clock: such forms are marked, their default button is disabled, the rationale is a textarea', async () => {
    const { game, get } = setup(['japan', 'unitedStates']);
    untilAsked(game, ['japan']);
    const japan = await get('/board', 'japan');
    const control = await get('/board', 'control');
    const guarded = [
      ...formsOf(japan).filter((f) => f.tag.includes('class="pending"')),
      ...formsOf(control).filter((f) =>
        /hx-post="\/(answer|control\/advance|control\/pace)"/.test(f.tag),
      ),
    ];
    expect(guarded.length).toBeGreaterThan(3);
    for (const f of guarded) {
      expect(f.tag).toContain('data-enter-inert');
      // the first submit button is the form's default button: the one Enter would press
      const first = /<button\b[^>]*>/.exec(f.body)![0];
      expect(first).toMatch(/\bdisabled\b/);
      expect(first).toMatch(/\bhidden\b/);
    }
    for (const f of guarded.filter((g) => g.tag.includes('/answer'))) {
      expect(f.body).toMatch(/<textarea name="rationale"/);
      expect(f.body).not.toMatch(/<input[^>]*name="rationale"/);
    }
    expect(
      formsOf(control).some(
        (f) => f.tag.includes('/control/advance') && f.body.includes('name="hours"'),
      ),
    ).toBe(true);
  });

  it('serves the page script as an asset (text/javascript) and the shell has no inline script, a live region and a hidden connection banner', async () => {
    const { get, app } = setup(['japan']);
    const shell = await get('/', 'japan');
    const scripts = [...shell.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((s) => /src="([^"]+)"/.exec(s[1]!)?.[1])).toEqual([
      '/assets/htmx.min.js',
      '/assets/game.js',
    ]);
    expect(scripts.every((s) => s[2]!.trim() === '')).toBe(true);
    expect(shell).not.toMatch(/<style|\sstyle=/);
    expect(shell).toMatch(/<div id="announce"[^>]*role="status"[^>]*aria-live="polite"/);
    expect(shell).toMatch(/<div id="connection"[^>]*hidden>connection lost: retrying…<\/div>/);
    expect(textOf(shell)).toContain('Seat: Japan');
    const config = /<meta name="htmx-config" content="([^"]*)">/.exec(shell)![1]!;
    expect(JSON.parse(config.replace(/&quot;/g, '"'))).toMatchObject({
      includeIndicatorStyles: false,
    });
    const script = await app.request('/assets/game.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const css = await app.request('/assets/game.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    // it is JavaScript that compiles
    expect(() => new Function(GAME_SCRIPT)).not.toThrow();
    expect(await script.text()).toBe(GAME_SCRIPT);
  });

  it('the page script keeps Enter from answering, shows a lost connection until it is back, clears what was sent, and announces a new decision in the title and the live region', () => {
    const page = fakePage();
    expect(page.sources.map((s) => s.url)).toEqual(['/events?token=a%26b']);
    const inert = new page.Form(['data-enter-inert']);
    const other = new page.Form([]);
    const enter = (target: unknown, key = 'Enter') => {
      let prevented = false;
      page.documentListeners.keydown!({
        key,
        isComposing: false,
        target,
        preventDefault: () => (prevented = true),
      });
      return prevented;
    };
    expect(enter(new page.Input(inert))).toBe(true);
    expect(enter(new page.Input(inert), 'a')).toBe(false);
    expect(enter(new page.Input(other))).toBe(false);
    expect(enter({ form: inert })).toBe(false); // a textarea: Enter is a new line
    // the server cannot be reached, then can again
    const [first] = page.sources;
    first!.readyState = 2;
    first!.onerror!();
    expect(page.banner.hidden).toBe(false);
    page.timers.shift()!();
    page.sources[1]!.onopen!();
    expect(page.banner.hidden).toBe(true);
    expect(page.triggered).toEqual(['refresh']);
    // the clock alone moved
    first!.listeners.time!({ data: '125.5' });
    expect(page.time.textContent).toBe('T+02:05');
    // a taken form's cleared fields are emptied; a refused one's kept
    const field = { value: 'typed' };
    const sent = new page.Form([], [field]);
    const send = (status: number) => {
      const exchange = { requestConfig: { elt: sent }, xhr: { status } };
      page.bodyListeners['htmx:beforeRequest']!({ detail: exchange });
      return () => page.bodyListeners['htmx:beforeSwap']!({ detail: exchange });
    };
    send(409)();
    expect(field.value).toBe('typed');
    // the fields noted when it was sent are emptied, even if a refresh has moved them out of the form since
    const answered = send(200);
    sent.fields.length = 0;
    answered();
    expect(field.value).toBe('');
    // a swap no form sent (a refresh) empties nothing
    field.value = 'typed again';
    page.bodyListeners['htmx:beforeSwap']!({ detail: { xhr: { status: 200 } } });
    expect(field.value).toBe('typed again');
    // announcements
    const settle = (pending: number, messages: number, newest = '') => {
      page.state.dataset = { pending: String(pending), messages: String(messages), newest };
      page.bodyListeners['htmx:afterSettle']!({ detail: { target: { id: 'board' } } });
    };
    settle(0, 0);
    expect(page.document.title).toBe('Game: Japan');
    settle(1, 0, 'Defense operation order');
    expect(page.document.title).toBe('(1) New decision — Game: Japan');
    expect(page.announcer.textContent).toBe('New decision: Defense operation order');
    settle(1, 1, 'Defense operation order');
    expect(page.document.title).toBe('(1) New message — Game: Japan');
    settle(0, 1);
    expect(page.document.title).toBe('Game: Japan');
  });
});

/** What the page script reads of an event. */
interface FakeEvent {
  readonly key?: string;
  readonly isComposing?: boolean;
  readonly target?: unknown;
  readonly preventDefault?: () => void;
  readonly data?: string;
  readonly detail?: unknown;
}
type Listener = (event: FakeEvent) => void;

/** The page script run against the least of a page it needs (no browser). */
function fakePage() {
  class Element {
    dataset: Record<string, string> = {};
    hidden = true;
    textContent = '';
    listeners: Record<string, Listener> = {};
    addEventListener(type: string, fn: Listener) {
      this.listeners[type] = fn;
    }
  }
  class Form extends Element {
    constructor(
      private readonly attributes: string[],
      readonly fields: Array<{ value: string }> = [],
    ) {
      super();
    }
    hasAttribute(name: string) {
      return this.attributes.includes(name);
    }
    querySelectorAll() {
      return this.fields;
    }
  }
  class Input extends Element {
    constructor(readonly form: Form) {
      super();
    }
  }
  const sources: FakeSource[] = [];
  class FakeSource {
    static CLOSED = 2;
    readyState = 0;
    onopen?: () => void;
    onmessage?: () => void;
    onerror?: () => void;
    listeners: Record<string, Listener> = {};
    constructor(readonly url: string) {
      sources.push(this);
    }
    addEventListener(type: string, fn: Listener) {
      this.listeners[type] = fn;
    }
  }
  const body = new Element();
  body.dataset.token = 'a&b';
  const banner = new Element();
  const announcer = new Element();
  const state = new Element();
  const time = new Element();
  const documentListeners: Record<string, Listener> = {};
  const byId: Record<string, Element> = {
    connection: banner,
    announce: announcer,
    'board-state': state,
  };
  const document = {
    body,
    title: 'Game: Japan',
    getElementById: (id: string) => byId[id] ?? null,
    querySelector: () => time,
    addEventListener: (type: string, fn: Listener) => (documentListeners[type] = fn),
  };
  const triggered: string[] = [];
  const timers: Array<() => void> = [];
  runInNewContext(GAME_SCRIPT, {
    document,
    htmx: { trigger: (_: unknown, name: string) => triggered.push(name) },
    EventSource: FakeSource,
    HTMLInputElement: Input,
    HTMLFormElement: Form,
    setTimeout: (fn: () => void) => timers.push(fn),
  });
  return {
    document,
    sources,
    banner,
    announcer,
    state,
    time,
    triggered,
    timers,
    Form,
    Input,
    documentListeners,
    bodyListeners: body.listeners,
  };
}
