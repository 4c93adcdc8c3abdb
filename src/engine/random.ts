/**
 * Named seeded random streams. Each stream derives from (run seed, stream name) alone, so adding
 * a stream or an actor never shifts another stream's numbers, and two designs that make the same
 * draw from the same stream get the same number (common random numbers).
 */
import seedrandom from 'seedrandom';
import { normalQuantile } from './normal.js';

/** A source of uniform numbers in [0, 1). */
export interface RandomStream {
  readonly name: string;
  next(): number;
}

/** Every stream of one run, created lazily on first use. */
export interface RandomStreams {
  readonly seed: number;
  stream(name: string): RandomStream;
  /** Names and draw counts of the streams used so far, in name order. */
  usage(): Array<{ name: string; draws: number }>;
}

/** Creates the streams of one run. seedrandom's `alea` is used for its cheap seeding. */
export function createRandomStreams(seed: number): RandomStreams {
  const streams = new Map<string, { name: string; draws: number; next(): number }>();
  return {
    seed,
    stream(name) {
      let s = streams.get(name);
      if (!s) {
        const prng = seedrandom.alea(`${seed}/${name}`);
        const created = {
          name,
          draws: 0,
          next() {
            created.draws++;
            return prng();
          },
        };
        s = created;
        streams.set(name, s);
      }
      return s;
    },
    usage() {
      return [...streams.values()].map((s) => ({ name: s.name, draws: s.draws })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}

/**
 * A distribution as a scenario author states it. Durations are minutes (the loader turns
 * "90m", "3h", "2d" into minutes).
 */
export type Distribution =
  | { fixed: number }
  | { lognormal: { median: number; p90: number } }
  | { triangular: { min: number; mode: number; max: number } }
  | { exponential: { mean: number } }
  | { uniform: { min: number; max: number } };

/** A distribution ready to sample by inverse transform: one uniform in, one value out. */
export type Sampler = (u: number) => number;

const Z90 = normalQuantile(0.9);

/** Compiles a distribution into an inverse-CDF sampler. */
export function toSampler(d: Distribution): Sampler {
  if ('fixed' in d) {
    const v = d.fixed;
    return () => v;
  }
  if ('lognormal' in d) {
    const mu = Math.log(d.lognormal.median);
    const sigma = (Math.log(d.lognormal.p90) - mu) / Z90;
    return (u) => Math.exp(mu + sigma * normalQuantile(clampOpen(u)));
  }
  if ('triangular' in d) {
    const { min: a, mode: c, max: b } = d.triangular;
    if (b === a) return () => a;
    const fc = (c - a) / (b - a);
    return (u) => (u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c)));
  }
  if ('exponential' in d) {
    const mean = d.exponential.mean;
    return (u) => -mean * Math.log(1 - u);
  }
  const { min, max } = d.uniform;
  return (u) => min + u * (max - min);
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u;
}
