/**
 * A broken form body sent to any of the facilitator's form routes is the client's mistake:
 * answered 400 with a message that says so (it was a 500 before), and the game is unchanged.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { SeatTokens } from '../src/server/tokens.js';
import { createGameApp } from '../src/server/app.js';
import { referenceModel, gameSettings } from './helpers.js';

function setup() {
  const folder = mkdtempSync(join(tmpdir(), 'rungs-form-body-'));
  const game = LiveGame.start({
    model: referenceModel('acm-2015'),
    settings: gameSettings('form', 1, ['japan', 'unitedStates']),
    folder,
    wall: () => '2026-12-02T00:00:00Z',
  });
  const tokens = SeatTokens.create(folder, game.plan.seats);
  return { game, app: createGameApp(game, tokens, () => 0) };
}

/** A multipart body whose boundary never closes, under a header naming that boundary. */
const BROKEN = {
  method: 'POST',
  headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ' },
  body: '--XYZ\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc',
};

const ROUTES = [
  '/answer',
  '/position',
  '/note',
  '/message',
  '/control/inject',
  '/control/handover',
  '/control/pace',
  '/control/end',
  '/control/advance',
];

describe('a broken multipart body', () => {
  it.each(ROUTES)(
    '%s answers 400 naming the unreadable form; the game is unchanged',
    async (route) => {
      const { app, game } = setup();
      const before = game.chain.lines;
      const res = await app.request(route, BROKEN);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/^the request's body is not a readable form \(.+\); send /);
      expect(game.chain.lines).toBe(before);
    },
  );
});
