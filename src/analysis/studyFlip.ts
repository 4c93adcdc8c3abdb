/**
 * How far an assumption must move to flip the ordering of two designs: the others held at the
 * files' values, the assumption is set to levels across its registered range and then beyond it,
 * outward from its value in both directions (a log-scale number at 2, 4 and 8 times its upper
 * bound and an eighth, a quarter and a half of its lower; a linear one at 1, 2 and 4 widths of its
 * range past each end; a structural choice at each alternative), until a level makes the files
 * invalid. A flip counts only where the paired difference's interval excludes zero on both sides:
 * between the last level that is resolved on the files' side and the first resolved on the other.
 * A change of sign that seeds cannot resolve is said to be so, with the number of seeds.
 */
import type { Assumption } from '../scenario/register.js';
import type { Parameter } from './sensitivity/index.js';

/** A 95% interval's half-width in standard errors. */
export const Z95 = 1.959963984540054;

/** One level of a flip search. */
export interface FlipLevel {
  readonly value: number;
  /** The output and its standard error; absent where the level makes the files invalid. */
  readonly output?: number;
  readonly se?: number;
  /** Inside the registered range. */
  readonly within: boolean;
  /** Why the files refuse this value (the search stops there). */
  readonly invalid?: string;
}

/** Where the ordering flips as one assumption moves, the others at the files' values. */
export interface Flip {
  readonly id: string;
  /** Levels from the lowest value to the highest, the files' value among them. */
  readonly levels: readonly FlipLevel[];
  /**
   * `flips`: resolved on both sides (`at` the interpolated crossing, between `from` and `to`);
   * `unresolved`: the sign changes but not beyond the seeds' noise; `holds`: it keeps its sign as
   * far as the search went; `reference-unresolved`: at the files' values the designs cannot be told apart.
   */
  readonly verdict: 'flips' | 'unresolved' | 'holds' | 'reference-unresolved';
  readonly at?: number;
  readonly from?: number;
  readonly to?: number;
  /** The flip's value as a multiple of the bound it lies beyond (> 1), or 0 inside the range. */
  readonly multiple?: number;
  /** Which bound: the range's `high` or `low`. */
  readonly beyond?: 'high' | 'low';
}

/** The values a search tries for one assumption, lowest first, its own value among them. */
export function flipValues(p: Parameter, a: Assumption | undefined, base: number): number[] {
  const { low, high } = p;
  let values: number[];
  if (p.levels !== undefined) values = Array.from({ length: p.levels }, (_, i) => i);
  else {
    const inside = [0, 0.25, 0.5, 0.75, 1].map((u) =>
      p.scale === 'log' ? low * (high / low) ** u : low + u * (high - low),
    );
    const width = high - low;
    const outside =
      p.scale === 'log'
        ? [2, 4, 8].flatMap((k) => [high * k, low / k])
        : [1, 2, 4].flatMap((k) => [high + k * width, low - k * width]);
    values = [...inside, ...outside];
  }
  const whole = (v: number) => (a?.integer || p.levels !== undefined ? Math.round(v) : v);
  return [...new Set([...values, base].map(whole))].sort((x, y) => x - y);
}

const resolvedSign = (l: FlipLevel) =>
  l.output === undefined || l.se === undefined || Math.abs(l.output) <= Z95 * l.se
    ? 0
    : Math.sign(l.output);

/** Walks outward from the files' value in one direction and finds the first resolved flip. */
function walk(levels: readonly FlipLevel[], start: number, step: 1 | -1, sign: number) {
  let lastSame = start;
  let sawChange = false;
  for (let i = start + step; i >= 0 && i < levels.length; i += step) {
    const l = levels[i]!;
    if (l.invalid !== undefined || l.output === undefined) break;
    const s = resolvedSign(l);
    if (s === sign) lastSame = i;
    else if (s === -sign) return { flip: i, lastSame };
    else if (Math.sign(l.output) === -sign) sawChange = true;
  }
  return { flip: undefined, lastSame, sawChange };
}

/** The verdict of a search whose levels have been evaluated. */
export function flipVerdict(
  id: string,
  p: Parameter,
  levels: readonly FlipLevel[],
  base: number,
): Flip {
  const start = levels.findIndex((l) => l.value === base);
  const sign = resolvedSign(levels[start]!);
  if (sign === 0) return { id, levels, verdict: 'reference-unresolved' };
  const walks = [walk(levels, start, 1, sign), walk(levels, start, -1, sign)];
  const found = walks
    .filter((w) => w.flip !== undefined)
    .map((w) => ({ ...w, distance: Math.abs(levels[w.flip!]!.value - base) }))
    .sort((x, y) => x.distance - y.distance)[0];
  if (!found)
    return { id, levels, verdict: walks.some((w) => w.sawChange) ? 'unresolved' : 'holds' };
  const a = levels[found.lastSame]!;
  const b = levels[found.flip!]!;
  const at =
    p.levels !== undefined
      ? b.value
      : a.value + ((0 - a.output!) * (b.value - a.value)) / (b.output! - a.output!);
  const beyond = at > p.high ? 'high' : at < p.low ? 'low' : undefined;
  const multiple =
    beyond === 'high' ? at / p.high : beyond === 'low' ? (at > 0 ? p.low / at : Infinity) : 0;
  return {
    id,
    levels,
    verdict: 'flips',
    at,
    from: a.value,
    to: b.value,
    multiple,
    ...(beyond ? { beyond } : {}),
  };
}

/** The most levels a search of one number tries: five within its range, six beyond, its own value. */
export const flipLevelsAtMost = 12;
