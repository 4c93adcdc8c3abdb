/**
 * The model's runs are pinned: a refactor that changes every run cannot pass by agreeing with
 * itself. When a change to the model is intended, `npm run expected-hashes` rewrites the file and
 * the commit says why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { bundledDesigns, referenceModel } from './helpers.js';
import { EXPECTED_FILE, EXPECTED_SEEDS } from './expected.js';

const expected = JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as {
  seeds: number[];
  hashes: Record<string, Record<string, string>>;
};

describe('committed expected trace hashes', () => {
  it('cover every bundled design on the same seeds', () => {
    expect(Object.keys(expected.hashes).sort()).toEqual(bundledDesigns().sort());
    expect(expected.seeds).toEqual(EXPECTED_SEEDS);
  });

  it.each(bundledDesigns())(
    '%s runs as committed (if the model changed on purpose: npm run expected-hashes, and say why in the commit)',
    (design) => {
      const model = referenceModel(design);
      const actual = Object.fromEntries(
        EXPECTED_SEEDS.map((seed) => [String(seed), simulate(model, { seed }).traceHash]),
      );
      expect(actual).toEqual(expected.hashes[design]);
    },
  );
});
