/**
 * What the comparisons must hold, on designs built to know the answer: a pair that differs
 * only by one registered structural choice names that choice as what drives the difference; a pair
 * identical by construction gives no finding and no flip, and a ranking calls it indistinguishable
 * instead of ranking it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assumptionSpace } from '../src/assumptions/space.js';
import { runStudy } from '../src/analysis/robustness.js';
import { runRanking } from '../src/analysis/ranking.js';
import { sensitivityMarkdown } from '../src/analysis/studyReport.js';
import { rankingMarkdown } from '../src/analysis/rankingReport.js';
import { REFERENCE, seeds } from './helpers.js';

// a study names its designs by id: the scenario and the designs in a folder of their own
const dir = mkdtempSync(join(tmpdir(), 'rungs-claims-'));
mkdirSync(join(dir, 'c2'));
const scenarioFile = join(dir, 'scenario.yaml');
copyFileSync(REFERENCE, scenarioFile);
for (const f of ['parallel.yaml', 'acm-2015.yaml'])
  copyFileSync(join('scenarios/c2', f), join(dir, 'c2', f));
copyFileSync('test/fixtures/claims/variant.yaml', join(dir, 'c2', 'variant.yaml'));
// identical to parallel by construction: its file under another id
writeFileSync(
  join(dir, 'c2', 'twin.yaml'),
  readFileSync('scenarios/c2/parallel.yaml', 'utf8').replace(/^id: parallel$/m, 'id: twin'),
);

const CHOICES = ['designs[acm-2015].mechanism.standUp', 'designs[variant].mechanism.standUp'];
const NUMBERS = [
  'adversary.deterrence',
  'organisations[jp.cabinet].processing.lognormal.median',
  'link.withinSide.median',
];
const DECISION = 'alliance.coordinatedResponse';

/** Every assumption of the space held at its value but `varied`. */
function holding(designs: string, varied: readonly string[]): Map<string, number> {
  const space = assumptionSpace(scenarioFile, designs);
  return new Map(space.register.filter((a) => !varied.includes(a.id)).map((a) => [a.id, a.value]));
}

describe('a pair of designs that differ only in a registered structural choice', () => {
  let study: Awaited<ReturnType<typeof runStudy>>;
  beforeAll(async () => {
    study = await runStudy({
      scenarioFile,
      designs: ['acm-2015', 'variant'],
      decisions: [DECISION],
      // at 100 seeds the stand-up's effect on this decision is −15h [−26h, −7h] (paired RMST)
      seeds: seeds(240),
      method: { kind: 'morris', trajectories: 8 },
      sampleSeed: 3,
      fixed: holding('acm-2015,variant', [...CHOICES, NUMBERS[2]!]),
      workers: 2,
      noiseBlocks: 3,
      noisePoints: 3,
      flipTop: 1,
    });
  }, 300_000);

  it('shows that choice as the top driver of their difference, and as a finding', () => {
    const r = study.results.find((x) => x.name.startsWith(DECISION))!;
    expect(CHOICES).toContain(r.influences[0]!.id);
    expect(r.influences[0]!.finding).toBe(true);
    // the report names the choice in its table of findings
    expect(sensitivityMarkdown(study).join('\n')).toContain(`| \`${r.influences[0]!.id}\` |`);
  });
});

describe('a pair of designs identical by construction', () => {
  it('a study reports no finding and no flip: every output is 0 at every point', async () => {
    const study = await runStudy({
      scenarioFile,
      designs: ['parallel', 'twin'],
      decisions: [DECISION, 'us.fdo'],
      seeds: seeds(10),
      method: { kind: 'morris', trajectories: 2 },
      sampleSeed: 1,
      fixed: holding('parallel,twin', NUMBERS),
      workers: 2,
      noiseBlocks: 2,
      noisePoints: 2,
    });
    for (const r of study.results) {
      expect(r.influences.filter((i) => i.finding)).toEqual([]);
      expect(r.flips).toEqual([]);
      expect(r.reference).toBe(0);
    }
    const report = sensitivityMarkdown(study).join('\n');
    expect(report).toContain('twin and parallel cannot be told apart here at 10 seeds');
    expect(report).not.toMatch(/\| yes \|/);
  }, 300_000);

  it('a ranking groups them as indistinguishable and never orders them', async () => {
    const study = await runRanking({
      scenarioFile,
      designs: ['parallel', 'twin', 'variant'],
      baseline: 'parallel',
      decisions: [DECISION],
      seeds: seeds(20),
      samples: 2,
      sampleSeed: 1,
      fixed: holding('parallel,twin,variant', NUMBERS),
      workers: 2,
      noiseBlocks: 2,
    });
    for (const o of study.outputs) {
      const group = o.groups.find((g) => g.includes('parallel'))!;
      expect(group).toContain('twin');
      const pair = o.pairs.find((p) => p.a === 'parallel' && p.b === 'twin')!;
      expect([pair.estimate, pair.lower, pair.upper]).toEqual([0, 0, 0]);
    }
    expect(rankingMarkdown(study).join('\n')).toMatch(
      /parallel and twin indistinguishable at 20 seeds/,
    );
  }, 300_000);
});
