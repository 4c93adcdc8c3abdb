/**
 * Run numbers: a batch's runs in one canonical order, designs (by id) slowest, then sweep points,
 * then seeds ascending. With P points and S seeds, run `i` is design `⌊i / (P·S)⌋`, point
 * `⌊i / S⌋ mod P` and seed index `i mod S`. Results files list runs in this order, shards split it
 * into ranges, and a design's runs in its partial file are keyed by their number within its block
 * (the run number of design 0).
 */

/** How many sweep points and seeds each design runs. */
export interface RunShape {
  readonly points: number;
  readonly seeds: number;
}

/** Where a run sits: its design, sweep point and seed, by index. */
export interface RunPlace {
  readonly design: number;
  readonly point: number;
  readonly seedIndex: number;
}

/** The design, point and seed index of run number `index`. */
export function runPlace(shape: RunShape, index: number): RunPlace {
  const seedIndex = index % shape.seeds;
  const rest = (index - seedIndex) / shape.seeds;
  const point = rest % shape.points;
  return { design: (rest - point) / shape.points, point, seedIndex };
}

/** The number of the run at `place`. */
export function runNumber(shape: RunShape, place: RunPlace): number {
  return (place.design * shape.points + place.point) * shape.seeds + place.seedIndex;
}
