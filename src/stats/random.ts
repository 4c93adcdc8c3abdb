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
    this.a = (this.a + MULBERRY32_STEP) | 0;
    return mulberry32Output(this.a) / 4294967296;
  }
}

/** The step that advances a mulberry32 state. */
export const MULBERRY32_STEP = 0x6d2b79f5;

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
