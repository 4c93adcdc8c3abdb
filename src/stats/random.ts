/**
 * The seeded generator the bootstrap and the sensitivity samplers draw from: no global randomness,
 * no clock, the same stream on every platform.
 */
/**
 * The mulberry32 PRNG: uniform floats in [0, 1) from a 32-bit seed. Pure integer arithmetic, so
 * the stream is identical across processes and platforms. A class rather than a closure so that
 * hot loops inline `next()` and box no numbers.
 */
export class Mulberry32 {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    this.a = mulberry32Advance(this.a);
    return mulberry32Output(this.a) / 4294967296;
  }
}

/**
 * The mulberry32 state after one step. A function rather than an exported constant: the step is
 * beyond V8's small-integer range, so a module constant holding it is a heap number, which hot
 * loops in other modules load and add as a float; that halved the bootstrap's rate of draws.
 */
export function mulberry32Advance(state: number): number {
  return (state + 0x6d2b79f5) | 0;
}

/** Mulberry32's output (an unsigned 32-bit integer) for the state after a step. */
export function mulberry32Output(a: number): number {
  let t = Math.imul(a ^ (a >>> 15), 1 | a);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

/** A {@link Mulberry32} stream as a function. */
export function mulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}
