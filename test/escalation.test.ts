/**
 * Escalation as well as deterrence: a posture weight is signed. Where the alliance's measures
 * provoke, the design that puts them in force sooner drives the adversary up the ladder more often.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesign, parseScenario } from '../src/scenario/load.js';
import { compileModel } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import { policyMove } from '../src/model/adversaryPolicy.js';
import { REFERENCE, referenceModel, seeds } from './helpers.js';

/** The reference with the signals and the coordinated response weighted `w` (negative: they provoke). */
function withPosture(w: number) {
  const d = parse(readFileSync(REFERENCE, 'utf8'));
  d.horizon = '14d';
  d.adversary.deterrence = 1;
  d.adversary.posture = {
    'us.fdo': w,
    'us.article5Reaffirmed': w,
    'alliance.coordinatedResponse': w,
  };
  d.adversary.ranges = {};
  delete d.adversary.inference;
  const { scenario } = parseScenario(d, `posture-${w}.yaml`);
  return ['parallel', 'acm-2015'].map((id) =>
    compileModel(scenario, loadDesign(`scenarios/c2/${id}.yaml`, scenario).design),
  );
}

/** One-sided exact sign test: the chance of at least `k` of `n` discordant pairs going one way if each way were equally likely. */
function signTest(k: number, n: number): number {
  let p = 0;
  let c = 1;
  for (let i = 0; i <= n; i++) {
    if (i >= k) p += c;
    c = (c * (n - i)) / (i + 1);
  }
  return p / 2 ** n;
}

describe('a signed posture', () => {
  it('provokes by the same law it deters: stepping down scaled by 1/f, the holding share moved to advancing', () => {
    const model = referenceModel('parallel');
    const r = 4;
    const { advance, stepDown } = model.adversary.rungs[r]!;
    const hold = 1 - advance - stepDown;
    const f = Math.exp(model.adversary.deterrence * 3);
    const share = (posture: number, move: string) => {
      let n = 0;
      for (let i = 0; i < 10_000; i++)
        if (policyMove(model, r, posture, (i + 0.5) / 10_000) === move) n++;
      return n / 10_000;
    };
    expect(share(-3, 'advance')).toBeCloseTo(advance + hold * (1 - 1 / f), 3);
    expect(share(-3, 'stepDown')).toBeCloseTo(stepDown / f, 3);
    expect(share(3, 'advance')).toBeCloseTo(advance / f, 3);
    expect(share(0, 'advance')).toBeCloseTo(advance, 3);
  });

  it('lets the faster design reach the top rung more often when its measures provoke (300 seeds, paired)', () => {
    const [parallel, acm] = withPosture(-2);
    let onlyFaster = 0;
    let onlySlower = 0;
    let sooner = 0;
    let both = 0;
    for (const seed of seeds(300)) {
      const p = simulate(parallel!, { seed });
      const a = simulate(acm!, { seed });
      const top = (r: typeof p) =>
        r.outcome.highestRungIndex === parallel!.scenario.ladder.rungs.length - 1;
      if (top(a) && !top(p)) onlyFaster++;
      if (top(p) && !top(a)) onlySlower++;
      const at = (r: typeof p) =>
        r.decisions.find((d) => d.id === 'alliance.coordinatedResponse')?.decidedAt;
      if (at(a) !== undefined && at(p) !== undefined) {
        both++;
        if (at(a)! < at(p)!) sooner++;
      }
    }
    // the ACM is the faster design in these runs
    expect(sooner / both).toBeGreaterThan(0.5);
    expect(onlyFaster).toBeGreaterThan(onlySlower);
    expect(signTest(onlyFaster, onlyFaster + onlySlower)).toBeLessThan(0.05);
  });

  it('gives no such excess when the same measures deter', () => {
    const [parallel, acm] = withPosture(2);
    let onlyFaster = 0;
    for (const seed of seeds(300)) {
      const top = (r: ReturnType<typeof simulate>) =>
        r.outcome.highestRungIndex === parallel!.scenario.ladder.rungs.length - 1;
      if (top(simulate(acm!, { seed })) && !top(simulate(parallel!, { seed }))) onlyFaster++;
    }
    expect(onlyFaster).toBe(0);
  });
});
