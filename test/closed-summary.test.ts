/**
 * Decisions closed before issue in rows and summaries: the CSV's `<decision>.closed` column, and
 * per design how many runs decided each decision, closed it and never decided it, or left it
 * undecided, counted here from the runs' own metrics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../src/report/compareReport.js';
import { simulate } from '../src/engine/simulation.js';
import { compareDesigns } from '../src/analysis/compare.js';
import { reportedDecisions } from '../src/report/summary.js';
import { csvHeader, csvLine, toRow } from '../src/report/row.js';
import { latencyTables } from '../src/report/tables.js';
import { referenceModel, seeds } from './helpers.js';

const DESIGNS = ['parallel', 'acm-2015'];
const SEEDS = seeds(150);
const models = DESIGNS.map(referenceModel);

/** Per design and decision, the four counts computed directly from each run's decision metric. */
function countDirectly() {
  const decisions = reportedDecisions(models[0]!);
  return new Map(
    models.map((model) => {
      const counts = new Map(
        decisions.map((d) => [
          d,
          { decided: 0, notTriggered: 0, closedUndecided: 0, undecidedAtHorizon: 0 },
        ]),
      );
      for (const seed of SEEDS) {
        for (const m of simulate(model, { seed }).decisions) {
          const c = counts.get(m.id);
          if (!c) continue;
          if (m.decidedAt !== undefined) c.decided++;
          else if (m.closed > 0) c.closedUndecided++;
          else if (m.eventAt === undefined) c.notTriggered++;
          else c.undecidedAtHorizon++;
        }
      }
      return [model.design.id, counts];
    }),
  );
}

describe('decisions closed before issue', () => {
  let comparison: Comparison;
  beforeAll(async () => {
    comparison = await compareDesigns(models, SEEDS, 'parallel', { workers: 2 });
  });
  const expected = countDirectly();

  it('a summary counts decided, never-needed, closed-and-never-decided and still-pending runs as the metrics do', () => {
    let closedUndecided = 0;
    for (const s of comparison.designs) {
      for (const l of s.latencies) {
        const e = expected.get(s.design)!.get(l.decision)!;
        expect(
          {
            decided: l.decided,
            notTriggered: l.notTriggered,
            closedUndecided: l.closedUndecided,
            undecidedAtHorizon: l.undecidedAtHorizon,
          },
          `${s.design} ${l.decision}`,
        ).toEqual(e);
        expect(
          l.reached,
          `${s.design} ${l.decision}: latencies are measured over the decided runs`,
        ).toBe(e.decided);
        closedUndecided += e.closedUndecided;
      }
    }
    // the reference runs do close decisions that are never decided, so the count is exercised
    expect(closedUndecided).toBeGreaterThan(0);
  });

  it('the markdown tables say, per design, how each decision’s runs ended', () => {
    const text = latencyTables(comparison.designs, new Map(), 'parallel').join('\n');
    for (const [design, counts] of expected) {
      for (const [decision, e] of counts) {
        const section = text.slice(text.indexOf(`### ${decision}`)).split(/\n### /)[0]!;
        expect(section, `${design} ${decision}`).toContain(
          `\`${design}\`: of ${SEEDS.length} runs, decided in ${e.decided}; never needed (the event that calls for it never happened) in ${e.notTriggered}; needed but closed before it was issued (overtaken by events or rejected by the Diet) in ${e.closedUndecided}; needed and still undecided at the horizon in ${e.undecidedAtHorizon}`,
        );
      }
    }
  });

  it('the CSV has a closed count and a status per decision, the status saying how the run ended for it', () => {
    const model = models[0]!;
    const ids = model.decisions.map((d) => d.id);
    const header = csvHeader(ids).split(',');
    let closures = 0;
    const statuses = new Set<string>();
    for (const id of ids)
      expect(header.indexOf(`${id}.closedCount`), id).toBe(
        header.indexOf(`${id}.latencyFromKnown_min`) + 1,
      );
    for (const seed of SEEDS.slice(0, 60)) {
      const result = simulate(model, { seed });
      const cells = csvLine(toRow(result), ids).split(',');
      expect(cells).toHaveLength(header.length);
      for (const m of result.decisions) {
        expect(cells[header.indexOf(`${m.id}.closedCount`)], `seed ${seed} ${m.id}`).toBe(
          String(m.closed),
        );
        closures += m.closed;
        // independently of the row: from the run's own metric
        const status =
          m.decidedAt !== undefined
            ? 'decided'
            : m.closed > 0
              ? 'closed_before_issue'
              : m.eventAt === undefined
                ? 'not_triggered'
                : 'undecided_at_horizon';
        expect(cells[header.indexOf(`${m.id}.status`)], `seed ${seed} ${m.id}`).toBe(status);
        statuses.add(status);
      }
    }
    expect(closures).toBeGreaterThan(0);
    expect([...statuses].sort()).toEqual([
      'closed_before_issue',
      'decided',
      'not_triggered',
      'undecided_at_horizon',
    ]);
  });
});
