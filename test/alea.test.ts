/**
 * A run's random streams are seedrandom's Alea seeded `${seed}/${name}`: the engine's own seeding
 * (`src/engine/alea.ts`) must give seedrandom's numbers to the bit, for every seed and name a
 * scenario can give, or every trace would change.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AleaSeeds } from '../src/engine/alea.js';
import { createRandomStreams } from '../src/engine/random.js';
import { mulberry32 } from '../src/stats/random.js';

const NAMES = [
  '',
  'adversary.dwell',
  'jp.jcgCannotCope.approve',
  'report.unitedStates',
  'ÿ',
  '海上保安庁.report',
  'a'.repeat(300),
  '/',
  ' ',
  '\u{1F600}.emoji',
];

/** Seeds from the edges of the range and a seeded sample between them. */
function seeds(): number[] {
  const rng = mulberry32(11);
  const sampled = Array.from({ length: 60 }, () => Math.floor(rng() * 2 ** 32));
  return [0, 1, 2, 9, 10, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, -1, 1.5, ...sampled];
}

function draws(next: () => number, count: number): number[] {
  return Array.from({ length: count }, next);
}

describe("the engine's Alea seeding", () => {
  it("gives seedrandom.alea's numbers for every seed and name", () => {
    let compared = 0;
    for (const seed of seeds()) {
      const own = new AleaSeeds(`${seed}/`);
      for (const name of NAMES) {
        const expected = seedrandom.alea(`${seed}/${name}`);
        const stream = own.stream(name);
        expect(
          draws(() => stream.next(), 40),
          `${seed}/${name}`,
        ).toEqual(draws(expected, 40));
        compared++;
      }
    }
    expect(compared).toBe(seeds().length * NAMES.length);
  });

  it('gives each stream of a seed its own numbers however many streams came before', () => {
    const own = new AleaSeeds('7/');
    const first = draws(() => own.stream('b').next(), 1);
    own.stream('a').next();
    expect(draws(() => own.stream('b').next(), 1)).toEqual(first);
    expect(first).toEqual(draws(seedrandom.alea('7/b'), 1));
  });

  it("are a run's streams, with their draws counted", () => {
    const streams = createRandomStreams(42);
    const dwell = streams.stream('adversary.dwell');
    const got = [dwell.next(), dwell.next(), streams.stream('report.japan').next()];
    const dwellRef = seedrandom.alea('42/adversary.dwell');
    expect(got).toEqual([dwellRef(), dwellRef(), seedrandom.alea('42/report.japan')()]);
    expect(streams.usage()).toEqual([
      { name: 'adversary.dwell', draws: 2 },
      { name: 'report.japan', draws: 1 },
    ]);
  });
});
