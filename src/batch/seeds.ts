/**
 * Seeds as text, one set of rules wherever they are read: on the command line (`--seeds 1..500`),
 * in a manifest (`seeds.ranges`), in a shard job or a study shard. Parts are separated by commas,
 * each a seed (`42`) or an inclusive range (`1..500`), spaces around them allowed, in any order;
 * seeds are whole numbers from 0 to {@link MAX_SEED}; an empty range, a seed named twice, or more
 * than the limit of seeds in all is refused, each found from the ranges before any seed is made.
 */
import { InputError } from '../scenario/errors.js';
import { LIMITS } from './limits.js';

/** The largest seed: seeds are unsigned 32-bit integers, written into each stream's name. */
export const MAX_SEED = 2 ** 32 - 1;

/** The most seeds one text may name (about 80 MB as numbers). */
export const MAX_SEEDS: number = LIMITS.seeds;

/** Where seed text comes from, for messages: an option (`--seeds`), or a file and the place in it. */
export type SeedSource = string | { readonly file: string; readonly path: string };

/** One part of a seed list: a single seed is a range of one. */
interface SeedRange {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** The text as a message quotes it: whole when short. */
const quoted = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;

function refuse(source: SeedSource, message: string): InputError {
  const { file, path } = typeof source === 'string' ? { file: source, path: '' } : source;
  return new InputError([{ file, path, message }]);
}

function readRanges(text: string, source: SeedSource): SeedRange[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(part);
    if (!match)
      throw refuse(
        source,
        `cannot read seeds ${quoted(text)} (expected e.g. 42, 1..500 or 1,5,9..12)`,
      );
    const [from, to] = [match[1]!, match[2] ?? match[1]!].map((digits) => {
      const seed = Number(digits);
      if (seed > MAX_SEED)
        throw refuse(
          source,
          `seed ${digits} is too large (seeds are integers from 0 to ${MAX_SEED})`,
        );
      return seed;
    }) as [number, number];
    if (to < from)
      throw refuse(
        source,
        `seed range "${part.trim()}" is empty (expected from..to with from <= to)`,
      );
    return { from, to, text: part.trim() };
  });
}

/**
 * The seeds `text` names, in the order written (see the module comment). Anything else is an
 * {@link InputError} naming `source`.
 */
export function parseSeeds(
  text: string,
  source: SeedSource = '--seeds',
  limit = MAX_SEEDS,
): number[] {
  const ranges = readRanges(text, source);
  const count = ranges.reduce((sum, r) => sum + (r.to - r.from + 1), 0);
  if (count > limit)
    throw refuse(
      source,
      `${quoted(text)} is ${count.toLocaleString('en')} seeds, more than the limit of ${limit.toLocaleString('en')}`,
    );
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.from <= sorted[i - 1]!.to)
      throw refuse(
        source,
        `seeds ${quoted(text)} name the same seed twice ("${sorted[i - 1]!.text}" and "${sorted[i]!.text}" overlap)`,
      );
  }
  const seeds: number[] = [];
  for (const r of ranges) for (let s = r.from; s <= r.to; s++) seeds.push(s);
  return seeds;
}

/**
 * Checks seeds given as numbers (a batch's, from the library) by the same rules: at least one,
 * each a whole number from 0 to {@link MAX_SEED}, none twice. Returns them ascending.
 */
export function checkSeeds(seeds: readonly number[], source: SeedSource = '--seeds'): number[] {
  const sorted = [...seeds].sort((a, b) => a - b);
  if (sorted.length === 0) throw refuse(source, 'no seeds given');
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    if (!Number.isInteger(s) || s < 0 || s > MAX_SEED)
      throw refuse(source, `seed ${s} is not a whole number from 0 to ${MAX_SEED}`);
    if (i > 0 && s === sorted[i - 1]) throw refuse(source, `seed ${s} is given twice`);
  }
  return sorted;
}

/** Ascending seeds as compact ranges, as {@link parseSeeds} reads them: `1..500,502,510..520`. */
export function seedRanges(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length;) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j === i ? String(seeds[i]) : `${seeds[i]}..${seeds[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The index of `seed` in ascending `seeds` (a binary search); -1 when absent. */
export function seedIndex(seeds: readonly number[], seed: number): number {
  let lo = 0;
  let hi = seeds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = seeds[mid]!;
    if (v === seed) return mid;
    if (v < seed) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
