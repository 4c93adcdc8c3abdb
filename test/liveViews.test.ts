/**
 * Fog of war: a player seat sees what its side knows, never the truth it has not been told, and
 * never another seat's pending decisions; the control cell sees everything.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveGame } from '../src/live/game.js';
import { seatView, type ControlView, type SideView } from '../src/live/views.js';
import { simulate } from '../src/engine/simulation.js';
import { referenceModel, seeds, gameSettings } from './helpers.js';

const model = referenceModel('acm-2015');
const rungs = model.scenario.ladder.rungs;
/** A seed whose crisis climbs past R4 within three days, so the truth runs ahead of the reports. */
const CLIMBING = seeds(200).find(
  (seed) =>
    simulate(model, { seed }).decisions.find((d) => d.id === 'jp.mso')!.triggeredAt! < 3 * 1440,
)!;

function game(): LiveGame {
  return LiveGame.start({
    model,
    settings: gameSettings('views', CLIMBING, ['japan', 'unitedStates']),
    folder: mkdtempSync(join(tmpdir(), 'rungs-views-')),
    wall: () => 'w',
  });
}

describe('a seat view', () => {
  it('shows its side the rung last reported to it, when it learned it, and nothing of the others', () => {
    const g = game();
    let checked = 0;
    let behind = 0;
    for (let t = 10; t <= 6 * 1440; t += 10) {
      g.advance(t);
      // the truth as the trace records it: each rung entered, when
      const entered = g.trace.filter(
        (e) => e.kind === 'state' && e.actor === 'ladder' && rungs.some((r) => r.id === e.to),
      );
      const truth = g.trueRung();
      for (const seat of ['japan', 'unitedStates'] as const) {
        const view = seatView(g, seat) as SideView;
        const text = JSON.stringify(view);
        // never another seat's pending points
        for (const p of g.pending().filter((x) => x.seat !== seat))
          expect(text, `${seat} at ${t}`).not.toContain(`"${p.id}"`);
        expect(
          view.pending.every((p) => g.pending().find((x) => x.id === p.id)!.seat === seat),
        ).toBe(true);
        if (!view.rung) continue;
        checked++;
        // the rung it believes was truly entered, before it learned of it, and it learned no later than now
        const when = entered.filter((e) => e.to === view.rung!.id).map((e) => e.t);
        expect(
          when.some((at) => at <= view.rung!.learnedAt),
          `${seat} at ${t}`,
        ).toBe(true);
        expect(view.rung.learnedAt).toBeLessThanOrEqual(g.now);
        if (view.rung.id !== truth.id) {
          behind++;
          // the truth it has not been told does not show (unless it learned that rung earlier)
          if (!view.timeline.some((l) => l.text.startsWith(`reported: ${truth.id},`)))
            expect(text).not.toContain(`"${truth.label}"`);
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    // reports take time: the sides were behind the truth some of the time
    expect(behind).toBeGreaterThan(0);
  });

  it('lists only decisions its side knows to be in force', () => {
    const g = game();
    g.advance(6 * 1440);
    for (const side of ['japan', 'unitedStates'] as const) {
      const view = seatView(g, side) as SideView;
      const known = g.simulation.picture(side).decided;
      expect(view.inForce.map((d) => d.id).every((id) => known[id])).toBe(true);
    }
  });

  it('for the control cell holds the truth, both sides and every pending point', () => {
    const g = game();
    g.advance(4 * 1440);
    const view = seatView(g, 'control') as ControlView;
    expect(view.trueRung).toEqual(g.trueRung());
    expect(view.sides.map((s) => s.side)).toEqual(['japan', 'unitedStates']);
    expect(view.pending.map((p) => p.id)).toEqual(g.pending().map((p) => p.id));
  });
});
