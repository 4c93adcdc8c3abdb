/**
 * Seeds as text, read by one set of rules wherever they come from: the command line, a manifest,
 * a shard job, a study shard.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/scenario/errors.js';
import {
  checkSeeds,
  MAX_SEED,
  MAX_SEEDS,
  parseSeeds,
  seedIndex,
  seedRanges,
  type SeedSource,
} from '../src/batch/seeds.js';
import { createPlan } from '../src/batch/plan.js';
import { REFERENCE } from './helpers.js';

/** The one issue `parseSeeds` refuses `text` with. */
function refused(text: string, source: SeedSource = '--seeds', limit?: number) {
  try {
    parseSeeds(text, source, limit);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const issues = (error as InputError).issues;
    expect(issues).toHaveLength(1);
    return issues[0]!;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseSeeds', () => {
  it('accepts single seeds, ranges and lists of both, in the order written', () => {
    expect(parseSeeds('42')).toEqual([42]);
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('0,7..9,3')).toEqual([0, 7, 8, 9, 3]);
    expect(parseSeeds(' 1 .. 3 , 5 ')).toEqual([1, 2, 3, 5]);
    expect(parseSeeds('4..4')).toEqual([4]);
    expect(parseSeeds(`${MAX_SEED}`)).toEqual([4294967295]);
    expect(parseSeeds(`${MAX_SEED - 1}..${MAX_SEED}`)).toEqual([4294967294, 4294967295]);
  });

  it('reads back every seed list it writes', () => {
    for (const seeds of [[0], [1, 2, 3, 5, 7, 8], [3, 10, 11, 12, 4294967295]]) {
      expect(seedRanges(seeds)).toMatch(/^[\d.,]+$/);
      expect(
        parseSeeds(seedRanges(seeds), { file: 'manifest.json', path: 'seeds.ranges' }),
      ).toEqual(seeds);
    }
    expect(seedRanges([1, 2, 3, 5, 7, 8])).toBe('1..3,5,7..8');
  });

  it('refuses malformed text, naming the option', () => {
    for (const text of ['', '-1', '1.5', '1..', '..5', '1...5', 'a', '1,,2', '1..x', '0x10', '1e3'])
      expect(refused(text), text).toMatchObject({
        file: '--seeds',
        path: '',
        message: expect.stringMatching(
          /^cannot read seeds ".*" \(expected e\.g\. 42, 1\.\.500 or 1,5,9\.\.12\)$/,
        ),
      });
  });

  it('refuses seeds above 2^32 − 1, empty ranges and overlaps', () => {
    expect(refused(`${MAX_SEED + 1}`).message).toBe(
      'seed 4294967296 is too large (seeds are integers from 0 to 4294967295)',
    );
    expect(refused('1..99999999999999999999').message).toMatch(/too large/);
    expect(refused('9..2').message).toBe(
      'seed range "9..2" is empty (expected from..to with from <= to)',
    );
    expect(refused('1..5,5..9').message).toBe(
      'seeds "1..5,5..9" name the same seed twice ("1..5" and "5..9" overlap)',
    );
    expect(refused('3,1..5').message).toMatch(
      /name the same seed twice \("1\.\.5" and "3" overlap\)/,
    );
    expect(refused('7,7').message).toMatch(/name the same seed twice/);
  });

  it('refuses more seeds than the limit from the ranges alone, before making any', () => {
    expect(refused('1..6,10..14', '--seeds', 10).message).toBe(
      '"1..6,10..14" is 11 seeds, more than the limit of 10',
    );
    const started = performance.now();
    expect(refused(`0..${MAX_SEED}`).message).toBe(
      `"0..4294967295" is 4,294,967,296 seeds, more than the limit of ${MAX_SEEDS.toLocaleString('en')}`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('names the file and the place in it when the text comes from a file', () => {
    expect(refused('1..x', { file: 'runs/b/manifest.json', path: 'seeds.ranges' })).toEqual({
      file: 'runs/b/manifest.json',
      path: 'seeds.ranges',
      message: 'cannot read seeds "1..x" (expected e.g. 42, 1..500 or 1,5,9..12)',
    });
    const long = Array.from({ length: 100 }, (_, i) => String(2 * i)).join(',') + ',x';
    expect(refused(long, { file: 'm.json', path: 'seeds.ranges' }).message.length).toBeLessThan(
      160,
    );
  });
});

describe('seeds as numbers', () => {
  it('are checked by the same rules, and sorted', () => {
    expect(checkSeeds([5, 1, 3])).toEqual([1, 3, 5]);
    expect(() => checkSeeds([])).toThrow('--seeds: no seeds given');
    expect(() => checkSeeds([1, 2, 1])).toThrow('--seeds: seed 1 is given twice');
    for (const bad of [-1, 1.5, MAX_SEED + 1, NaN])
      expect(() => checkSeeds([bad])).toThrow(/is not a whole number from 0 to 4294967295/);
    expect(() =>
      createPlan({ scenarioFile: REFERENCE, designs: 'parallel', seeds: [2 ** 33] }),
    ).toThrow(InputError);
  });

  it('are found in an ascending list by binary search', () => {
    const seeds = [1, 3, 5, 8, 13];
    seeds.forEach((s, i) => expect(seedIndex(seeds, s)).toBe(i));
    for (const absent of [0, 2, 9, 14]) expect(seedIndex(seeds, absent)).toBe(-1);
  });
});
