/**
 * seedrandom's Alea generator (`seedrandom.alea`), seeded with `prefix + name` without building
 * that text and with the prefix's share of the seeding done once for all of a run's streams.
 * The numbers are seedrandom's to the bit (`test/alea.test.ts` compares them); it exists because
 * a run seeds some forty streams, and seedrandom's seeding keeps its hash state in a closure
 * variable, which V8 boxes at every character: it cost a tenth of a run.
 */

/** 2^-32. */
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** Baagoe's Mash hash (seedrandom's `Mash`): its state after hashing `text` from `state`. */
function mash(state: number, text: string): number {
  let n = state;
  for (let i = 0; i < text.length; i++) {
    n += text.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000;
  }
  return n;
}

/** The value a Mash call returns for the state it ends in. */
function mashValue(state: number): number {
  return (state >>> 0) * TWO_TO_MINUS_32;
}

/** Alea's seeding begins by hashing a space three times from Mash's initial state. */
const SPACES = (() => {
  const values: number[] = [];
  let state = 0xefc8249d;
  for (let k = 0; k < 3; k++) {
    state = mash(state, ' ');
    values.push(mashValue(state));
  }
  return { state, values };
})();

/** A part of Alea's seed minus the Mash value, wrapped into [0, 1) as Alea does. */
function seedPart(space: number, state: number): number {
  const part = space - mashValue(state);
  return part < 0 ? part + 1 : part;
}

/** One Alea stream: uniform numbers in [0, 1), as `seedrandom.alea(prefix + name)()` gives them. */
export class AleaStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  /** `afterPrefix`: Mash's state after the spaces and the prefix ({@link AleaSeeds}). */
  constructor(prefix: string, afterPrefix: number, name: string) {
    // Alea hashes its whole seed three times in a row, each from where the last one ended
    let state = mash(afterPrefix, name);
    this.s0 = seedPart(SPACES.values[0]!, state);
    state = mash(mash(state, prefix), name);
    this.s1 = seedPart(SPACES.values[1]!, state);
    state = mash(mash(state, prefix), name);
    this.s2 = seedPart(SPACES.values[2]!, state);
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_TO_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }
}

/** The Alea streams seeded `prefix + name` for any name. */
export class AleaSeeds {
  private readonly afterPrefix: number;

  constructor(private readonly prefix: string) {
    this.afterPrefix = mash(SPACES.state, prefix);
  }

  /** The stream `seedrandom.alea(prefix + name)` would give. */
  stream(name: string): AleaStream {
    return new AleaStream(this.prefix, this.afterPrefix, name);
  }
}
