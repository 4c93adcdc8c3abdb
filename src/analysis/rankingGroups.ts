/**
 * The pair differences of a ranking study's outputs; the grouping of designs that cannot be told
 * apart is in `stats/indistinguishable.ts` (the report's bottom line uses it too).
 */
import { pairsOf, type PairDifference } from '../stats/indistinguishable.js';

export {
  indistinguishableGroups,
  pairsOf,
  type PairDifference,
} from '../stats/indistinguishable.js';

/** The pair differences of one output from a `rankingPairs` vector. */
export function pairDifferences(
  designs: readonly string[],
  vector: readonly number[],
  output: number,
): PairDifference[] {
  const pairs = pairsOf(designs);
  return pairs.map(([a, b], p) => {
    const at = (output * pairs.length + p) * 3;
    return { a, b, estimate: vector[at]!, lower: vector[at + 1]!, upper: vector[at + 2]! };
  });
}
