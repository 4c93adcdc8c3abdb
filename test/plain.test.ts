/** The benchmark's plain reducers stand for the machines only while they make the same runs. */
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { plainRuntimes } from '../bench/plainRuntime.js';
import { bundledDesigns, referenceModel, seeds } from './helpers.js';

describe('the plain reducers the benchmark measures against', () => {
  it.each(bundledDesigns())('%s: the same trace as the xstate machines on 200 seeds', (design) => {
    const model = referenceModel(design);
    const differing = seeds(200).filter(
      (seed) =>
        simulate(model, { seed }).traceHash !==
        simulate(model, { seed, runtimes: plainRuntimes }).traceHash,
    );
    expect(differing).toEqual([]);
  });
});
