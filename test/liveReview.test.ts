/**
 * The after-action review a facilitator briefs from: one timeline merging what happened with what
 * each side learned, in time order; who decided each point (a seat, the policy, the control cell,
 * a seat handed to the policy, seats jointly, the bot API); CSV tables with stable columns, RFC
 * 4180 quoting and a formula guard; names, not ids, in the page's visible text; the same bytes
 * whenever it is built from the same log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import type { AnswerEntry, GameEntry, GameSettings } from '../src/live/gameLog.js';
import { buildReview, reviewGame, reviewTables } from '../src/live/review.js';
import { keepReviewOffThread } from '../src/live/reviewWorker.js';
import { reviewRecord } from '../src/live/reviewData.js';
import { decidedPoints, deciderWords } from '../src/live/reviewDeciders.js';
import { ANSWER_COLUMNS, csvCell, TIMELINE_CSV_COLUMNS } from '../src/live/reviewCsv.js';
import { planSeats } from '../src/live/seats.js';
import { namesOf } from '../src/live/reviewNames.js';
import type { TraceEntry } from '../src/engine/trace.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { earlySeed, gameSettings, referenceModel } from './helpers.js';

const model = referenceModel('parallel');
const SEED = earlySeed(model);
const BATCH = [1, 2, 3];
const wall = () => '2026-12-07T09:00:00.000Z';

const settings = (seats: string[]): GameSettings =>
  gameSettings('aar', SEED, seats, { design: 'parallel' });

/**
 * A game played to its end: Japan answers its points (the control cell answers its third for it),
 * the control cell hands the U.S. seat to the policy after the U.S. seat's first answer, a note, a
 * fact inject, and a rationale that looks like a spreadsheet formula.
 */
function playedGame() {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-aar-'));
  const game = LiveGame.start({
    model,
    settings: settings(['japan', 'unitedStates']),
    folder,
    wall,
  });
  let japan = 0;
  let handedOverAt: number | undefined;
  for (let i = 0; i < 100 && !game.finished; i++) {
    game.runClock('control');
    for (const p of game.pending()) {
      const byControl = p.seat === 'japan' && ++japan === 3;
      game.answer({
        seat: byControl ? 'control' : p.seat,
        point: p.id,
        answer: p.options[0]!,
        version: game.version,
        ...(japan === 2 ? { rationale: '=HYPERLINK("x"), said "go"' } : {}),
      });
      if (p.seat === 'unitedStates' && handedOverAt === undefined) {
        game.handToPolicy('control', 'unitedStates');
        handedOverAt = game.now;
      }
      if (japan === 1 && game.entries.every((e) => e.kind !== 'note')) {
        game.note('japan', 'we read it as a probe');
        game.inject('control', { type: 'fact', fact: 'submergedSubmarine', side: 'japan' });
        game.inject('control', { type: 'message', to: 'japan', text: 'call Washington' });
        game.send('japan', { to: 'unitedStates', text: 'request consultations' });
      }
    }
  }
  expect(game.finished).toBe(true);
  expect(handedOverAt).toBeDefined();
  return { game, folder, handedOverAt: handedOverAt! };
}

const played = playedGame();
const review = reviewGame(played.game, BATCH);

/** RFC 4180 parsing, to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

/** The page's visible text: no style, no tags, entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('the merged timeline', () => {
  it('puts what happened and what each side learned in one list, in simulated time order', () => {
    const rows = review.timeline;
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.t).toBeGreaterThanOrEqual(rows[i - 1]!.t);
    // every side's learned line is there, in its own column, at its own time
    for (const side of ['japan', 'unitedStates'] as const) {
      const learned = played.game.learned(side);
      const column = rows.filter((r) => r.column === side);
      expect(column.map((r) => r.t)).toEqual(learned.map((l) => l.t));
      expect(learned.length).toBeGreaterThan(2);
    }
    // every rung change of the trace is there, by its label
    const moves = played.game.trace.filter((e) => e.kind === 'state' && e.actor === 'ladder');
    const crisis = rows.filter((r) => r.who === 'Crisis');
    expect(crisis.map((r) => r.t)).toEqual(moves.map((e) => e.t));
    const labels = new Map(model.scenario.ladder.rungs.map((r) => [r.id, r.label]));
    expect(crisis.map((r) => r.text.split(': ')[1])).toEqual(moves.map((e) => labels.get(e.to)));
    // a side learns of a rung no sooner than the crisis reaches it
    for (const r of rows.filter(
      (x) => x.column !== 'happened' && x.text.startsWith('reported: '),
    )) {
      const label = r.text.slice('reported: '.length);
      const reached = crisis.find((c) => c.text.endsWith(`: ${label}`));
      expect(reached, label).toBeDefined();
      expect(reached!.t).toBeLessThanOrEqual(r.t);
    }
  });

  it('shows notes, the rationale, the injects (a message among them) and the handover in line', () => {
    const said = review.timeline.filter((r) => r.column === 'said');
    const note = played.game.entries.find((e) => e.kind === 'note')!;
    expect(said).toContainEqual({
      t: note.time,
      column: 'said',
      who: 'Japan',
      text: 'note: we read it as a probe',
    });
    const texts = review.timeline.map((r) => `${r.who}: ${r.text}`);
    expect(texts).toContain('Control cell: made known to Japan: submerged submarine');
    expect(said.map((r) => `${r.who}: ${r.text}`)).toContainEqual(
      expect.stringMatching(/^Control cell: to Japan over .+: call Washington$/),
    );
    expect(texts).toContain("Control cell: handed the United States seat to the engine's policy");
    expect(texts.some((t) => t.includes('rationale: “=HYPERLINK("x"), said "go"”'))).toBe(true);
  });

  it('shows each message sent over its channel, and received when the design delivered it', () => {
    const sent = played.game.entries.filter((e) => e.kind === 'message');
    expect(sent).toHaveLength(1);
    const m = sent[0]!;
    expect(m.deliverAt).toBeGreaterThan(m.time);
    const said = review.timeline.filter((r) => r.column === 'said');
    const out = said.find((r) => r.t === m.time && r.text.endsWith(': request consultations'))!;
    expect(out.who).toBe('Japan');
    expect(out.text).toMatch(/^to United States over .+: request consultations$/);
    const over = out.text.slice('to United States over '.length, -': request consultations'.length);
    expect(said).toContainEqual({
      t: m.deliverAt,
      column: 'said',
      who: 'United States',
      text: `received Japan's message over ${over}`,
    });
    expect(review.messages.map((x) => x.text)).toEqual([
      'call Washington',
      'request consultations',
    ]);
  });
});

describe('a joint alliance decision', () => {
  it("shows each nation's position in line and names both seats as deciding it", () => {
    const game = LiveGame.start({
      model,
      // the adversary seat escalating at each move brings a joint point soon
      settings: settings(['japan', 'unitedStates', 'adversary', 'alliance']),
      folder: mkdtempSync(join(tmpdir(), 'rungs-aar-joint-')),
      wall,
    });
    let joint: string | undefined;
    for (let step = 0; step < 200 && !joint && !game.finished; step++) {
      joint = game.pending().find((p) => p.seat === 'alliance')?.id;
      const point = game.pending()[0];
      if (joint) break;
      else if (point)
        game.answer({
          seat: point.seat,
          point: point.id,
          answer: point.options[0]!,
          version: game.version,
        });
      else game.runClock('control');
    }
    expect(joint).toBeDefined();
    for (const seat of ['japan', 'unitedStates'])
      game.position({
        seat,
        point: joint!,
        position: 'concur',
        version: game.version,
        rationale: `${seat} agrees`,
      });
    const record = reviewRecord(game);
    const label = namesOf(model).point(joint!);
    const texts = record.timeline.map((r) => `${r.who}: ${r.text}`);
    expect(texts).toContain(`Japan: concurs on ${label} (round 1): “japan agrees”`);
    expect(texts).toContain(`United States: concurs on ${label} (round 1): “unitedStates agrees”`);
    expect(record.answered.find((a) => a.point === joint)!.decidedBy).toBe(
      'Japan and United States jointly',
    );
  });
});

describe('a log entry of a kind added beside the review', () => {
  it("shows the control cell's change to the injects list, and skips a kind it does not know", () => {
    const game = LiveGame.start({
      model,
      settings: settings(['japan']),
      folder: mkdtempSync(join(tmpdir(), 'rungs-aar-later-')),
      wall,
    });
    game.advance(120);
    // as the injects-list part of the game logs them (not replayed: only read by the review)
    const later = [
      {
        kind: 'schedule',
        seat: 'control',
        action: 'cancel',
        item: { id: 'msel-3', at: 240 },
        reason: 'overtaken',
        time: 120,
        wall: 'w',
      },
      { kind: 'heartbeat', seat: 'japan', time: 120, wall: 'w' },
    ];
    game.entries.push(...(later as unknown as GameEntry[]));
    expect(reviewRecord(game).interventions).toEqual([
      { t: 120, text: 'cancelled the scheduled inject msel-3 (at T+04:00): overtaken' },
    ]);
    game.close();
  });
});

describe('who decided', () => {
  const byPoint = new Map(review.answered.map((a) => [a.point, a]));
  const logged = played.game.entries.filter((e): e is AnswerEntry => e.kind === 'answer');

  it('names the seat that answered, or the control cell answering for it', () => {
    const japan = logged.filter((a) => a.seat === 'japan');
    expect(japan.length).toBeGreaterThan(1);
    for (const a of japan) expect(byPoint.get(a.point)!.decidedBy).toBe('Japan');
    // the Diet's votes are the control cell's own points; the other answer it gave was Japan's
    const control = logged.filter((a) => a.seat === 'control');
    const votes = control.filter((a) => a.point.includes('.diet#'));
    const forJapan = control.filter((a) => !a.point.includes('.diet#'));
    expect(forJapan).toHaveLength(1);
    expect(byPoint.get(forJapan[0]!.point)!.decidedBy).toBe('Control cell (for the Japan seat)');
    expect(votes.length).toBeGreaterThan(0);
    for (const a of votes) expect(byPoint.get(a.point)!.decidedBy).toBe('Control cell');
  });

  it('names the policy for points no seat owns, and for a seat handed to it', () => {
    const answered = played.game.trace.filter((e) => e.kind === 'decision' && e.cause !== 'closed');
    const people = new Set(logged.map((a) => a.point));
    const alliance = answered.filter((e) => e.event.startsWith('alliance.'));
    expect(alliance.length).toBeGreaterThan(0);
    for (const e of alliance)
      expect(byPoint.get(e.event)!.decidedBy).toBe("engine's policy (no seat owns it)");
    const handedOver = answered.filter((e) => /^us\.[^.]+#/.test(e.event) && !people.has(e.event));
    expect(handedOver.length).toBeGreaterThan(0);
    for (const e of handedOver) {
      expect(e.t).toBeGreaterThanOrEqual(played.handedOverAt);
      expect(byPoint.get(e.event)!.decidedBy).toBe(
        "engine's policy (United States seat handed over)",
      );
    }
    // the key decisions say it too
    const coordinated = review.keyDecisions.find((k) => k.id === 'alliance.coordinatedResponse')!;
    expect(coordinated.label).toBe(model.decisionsById.get('alliance.coordinatedResponse')!.label);
    expect(coordinated.decidedBy).toBe("engine's policy (no seat owns it)");
  });

  it('lists the seats of a joint answer (or of several answers to one point) and marks an answer given through the bot API', () => {
    const plan = planSeats(model, ['japan', 'unitedStates']);
    const decision = (event: string, actor: string): TraceEntry => ({
      t: 10,
      kind: 'decision',
      actor,
      event,
      from: '',
      to: 'approve',
      cause: 'approve',
    });
    const answer = (point: string, extra: object): GameEntry =>
      ({
        kind: 'answer',
        seat: 'japan',
        point,
        answer: 'approve',
        time: 10,
        after: 1,
        wall: 'w',
        ...extra,
      }) as GameEntry;
    const points = decidedPoints(
      model,
      plan,
      [
        decision('alliance.coordinatedResponse#1', 'alliance'),
        decision('jp.mso#1', 'japan'),
        decision('alliance.islandRecapture#1', 'alliance'),
        decision('alliance.coordinatedResponse#2', 'alliance'),
      ],
      [
        answer('alliance.coordinatedResponse#1', { joint: ['japan', 'unitedStates'] }),
        answer('jp.mso#1', { via: 'api' }),
        // two seats' answers to one point
        answer('alliance.islandRecapture#1', {}),
        answer('alliance.islandRecapture#1', { seat: 'unitedStates' }),
        // the joint helper's answer when the consultation broke down: no seat concurred
        answer('alliance.coordinatedResponse#2', { seat: 'alliance', joint: [] }),
      ],
    );
    expect(points.map((p) => deciderWords(p.decider))).toEqual([
      'Japan and United States jointly',
      'Japan (through the bot API)',
      'Japan and United States jointly',
      'the national seats, without consensus',
    ]);
  });
});

describe('the CSV tables', () => {
  it('guards formulas and quotes as RFC 4180 says', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('T+1d02:00')).toBe('T+1d02:00');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0.25)).toBe('0.25');
  });

  it('exports every answered point and the timeline with stable columns', async () => {
    const files = await buildReview(played.game, BATCH);
    expect(files.answers.endsWith('\r\n')).toBe(true);
    const answers = parseCsv(files.answers);
    expect(answers[0]).toEqual([...ANSWER_COLUMNS]);
    const answered = played.game.trace.filter((e) => e.kind === 'decision' && e.cause !== 'closed');
    expect(answers).toHaveLength(answered.length + 1);
    for (const row of answers) expect(row).toHaveLength(ANSWER_COLUMNS.length);
    const col = (name: (typeof ANSWER_COLUMNS)[number]) => ANSWER_COLUMNS.indexOf(name);
    expect(answers.slice(1).map((r) => r[col('decision_point')])).toEqual(
      answered.map((e) => e.event),
    );
    // the rationale comes back whole, behind the formula guard
    expect(answers.map((r) => r[col('rationale')])).toContain('\'=HYPERLINK("x"), said "go"');
    const timeline = parseCsv(files.timeline);
    expect(timeline[0]).toEqual([...TIMELINE_CSV_COLUMNS]);
    expect(timeline).toHaveLength(review.timeline.length + 1);
    expect(timeline.slice(1).map((r) => Number(r[1]))).toEqual(
      review.timeline.map((r) => Number(r.t.toFixed(2))),
    );
    expect(new Set(timeline.slice(1).map((r) => r[2]))).toEqual(
      new Set([
        'What happened',
        'What Japan learned',
        'What the United States learned',
        'What was said',
      ]),
    );
  });
});

describe('the review page', () => {
  it('shows names, never ids or raw machine states, and prints without forms', async () => {
    const { html } = await buildReview(played.game, BATCH);
    const text = visibleText(html);
    expect(text).not.toMatch(/\b(jp|us|alliance|adversary)\.[a-z]\w*/i);
    expect(text).not.toContain('running.');
    expect(text).not.toMatch(/\bunitedStates\b|\bR\d\b/);
    expect(text).toContain(model.decisionsById.get('alliance.coordinatedResponse')!.label);
    expect(text).toContain('Who decided each key decision');
    expect(html).toMatch(/<h2>Messages<\/h2><table>[\s\S]*request consultations/);
    // legal postures in words, and no camelCase machine state anywhere
    expect(text).toMatch(/legal posture, authority: law enforcement → /);
    expect(text).not.toMatch(/\b[a-z]+[A-Z]\w*/);
    expect(text).toContain('United States');
    expect(html).toMatch(/@media print\{[^}]*form[^}]*display:none/);
    expect(html).toMatch(/a\[href\]::after\{content:" \(" attr\(href\) "\)"\}/);
  });

  it('is the same bytes when built twice, and when built again from the resumed log', async () => {
    const first = await buildReview(played.game, BATCH);
    expect(await buildReview(played.game, BATCH)).toEqual(first);
    const resumed = LiveGame.resume({ model, folder: played.folder, wall: () => 'later' });
    try {
      const again = await buildReview(resumed, BATCH);
      expect(again.html).toBe(first.html);
      expect(again.answers).toBe(first.answers);
      expect(again.timeline).toBe(first.timeline);
    } finally {
      resumed.close();
    }
  });

  it('is written beside the log with its tables when made (in a worker thread)', async () => {
    const keeper = keepReviewOffThread(
      played.game,
      (e: unknown) => {
        throw e;
      },
      BATCH,
    );
    const html = await keeper.current();
    expect(readFileSync(join(played.folder, 'review.html'), 'utf8')).toBe(html);
    const tables = reviewTables(played.game);
    expect(readFileSync(join(played.folder, 'answers.csv'), 'utf8')).toBe(tables.answers);
    expect(readFileSync(join(played.folder, 'timeline.csv'), 'utf8')).toBe(tables.timeline);
  });
});

describe('GET /review.csv', () => {
  it('serves a table to the control cell (to players once the game ends) and refuses others', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rungs-aar-srv-'));
    const game = LiveGame.start({ model, settings: settings(['japan']), folder, wall });
    const tokens = SeatTokens.create(folder, game.plan.seats);
    const app = createGameApp(game, tokens, Date.now);
    const url = (seat: string, table: string) =>
      `/review.csv?token=${tokens.tokenOf(seat)}&table=${table}`;
    expect((await app.request('/review.csv?token=nope&table=answers')).status).toBe(401);
    expect((await app.request(url('japan', 'answers'))).status).toBe(403);
    expect((await app.request(url('control', 'rows'))).status).toBe(400);
    const res = await app.request(url('control', 'timeline'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\r\n')[0]).toBe(TIMELINE_CSV_COLUMNS.join(','));
    game.close();
  });
});
