/**
 * Words that say what happened: per key decision and design, summary.json and summary.md count the
 * runs that decided it, never needed it, needed it but closed it before issue, and needed it and
 * still had it pending at the horizon; the four add up to the runs and equal counts recomputed
 * here from results.jsonl's times (not from its status fields).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import type { RowDecision, RunRow } from '../src/report/row.js';
import { REFERENCE, seeds } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-summary-words-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SEEDS = seeds(40);

interface Counts {
  decided: number;
  notTriggered: number;
  closedUndecided: number;
  undecidedAtHorizon: number;
}

/** Per design and decision, the four counts from the rows' own times and closures. */
function countRows(rows: readonly RunRow[], decisions: readonly string[]) {
  const counts = new Map<string, Counts>();
  for (const row of rows) {
    for (const id of decisions) {
      const key = `${row.design} ${id}`;
      const c = counts.get(key) ?? {
        decided: 0,
        notTriggered: 0,
        closedUndecided: 0,
        undecidedAtHorizon: 0,
      };
      const d: RowDecision | undefined = row.decisions[id];
      if (d?.decidedAt != null) c.decided++;
      else if ((d?.closed ?? 0) > 0) c.closedUndecided++;
      else if (d?.eventAt == null) c.notTriggered++;
      else c.undecidedAtHorizon++;
      counts.set(key, c);
    }
  }
  return counts;
}

describe('how each decision’s runs ended, in words', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'b');
    await runBatch({
      scenario: REFERENCE,
      designs: 'parallel,acm-2015',
      seeds: SEEDS,
      out: dir,
      workers: 2,
    });
  }, 240_000);

  it('summary.json’s four counts add up to the runs and match results.jsonl', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunRow);
    const expected = countRows(rows, summary.decisions);
    const seen: Counts = { decided: 0, notTriggered: 0, closedUndecided: 0, undecidedAtHorizon: 0 };
    for (const design of summary.points[0].designs) {
      for (const l of design.latencies) {
        const got: Counts = {
          decided: l.decided,
          notTriggered: l.notTriggered,
          closedUndecided: l.closedUndecided,
          undecidedAtHorizon: l.undecidedAtHorizon,
        };
        expect(got, `${design.design} ${l.decision}`).toEqual(
          expected.get(`${design.design} ${l.decision}`),
        );
        const sum = got.decided + got.notTriggered + got.closedUndecided + got.undecidedAtHorizon;
        expect(sum, `${design.design} ${l.decision}`).toBe(SEEDS.length);
        expect(l.runs).toBe(SEEDS.length);
        // the old mixed count is what it says: never needed plus still pending
        expect(l.undecided).toBe(got.notTriggered + got.undecidedAtHorizon);
        for (const k of Object.keys(seen) as (keyof Counts)[]) seen[k] += got[k];
      }
    }
    // every kind of ending occurs in these runs, so each count is exercised
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  });

  it('summary.md names each count in words under each decision', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).not.toContain('not decided by the horizon in');
    for (const design of summary.points[0].designs) {
      for (const l of design.latencies) {
        const section = md.slice(md.indexOf(`### ${l.decision}`)).split(/\n### /)[0]!;
        expect(section, `${design.design} ${l.decision}`).toContain(
          `\`${design.design}\`: of ${SEEDS.length} runs, decided in ${l.decided}; ` +
            `never needed (the event that calls for it never happened) in ${l.notTriggered}; ` +
            `needed but closed before it was issued (overtaken by events or rejected by the Diet) in ${l.closedUndecided}; ` +
            `needed and still undecided at the horizon in ${l.undecidedAtHorizon}`,
        );
      }
    }
  });
});
