/**
 * Named seeded random streams. Each stream derives from (run seed, stream name) alone, so adding
 * a stream or an actor never shifts another stream's numbers, and two designs that make the same
 * draw from the same stream get the same number (common random numbers).
 */
import { AleaSeeds, type AleaStream } from './alea.js';

/** A source of uniform numbers in [0, 1). */
interface RandomStream {
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

/** A stream that counts its draws. */
class CountedStream implements RandomStream {
  draws = 0;

  constructor(
    readonly name: string,
    private readonly alea: AleaStream,
  ) {}

  next(): number {
    this.draws++;
    return this.alea.next();
  }
}

/**
 * Creates the streams of one run: stream `name` is seedrandom's `alea` seeded `${seed}/${name}`
 * (`alea.ts` computes it), chosen for its cheap seeding.
 */
export function createRandomStreams(seed: number): RandomStreams {
  const streams = new Map<string, CountedStream>();
  const seeds = new AleaSeeds(`${seed}/`);
  return {
    seed,
    stream(name) {
      let s = streams.get(name);
      if (!s) {
        s = new CountedStream(name, seeds.stream(name));
        streams.set(name, s);
      }
      return s;
    },
    usage() {
      return [...streams.values()]
        .map((s) => ({ name: s.name, draws: s.draws }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}
