/**
 * Designs that cannot be told apart. From every pair's paired difference with its 95% interval,
 * the designs sorted by their value are cut into groups: a design joins the group of the best
 * design before it unless its difference from that group's leader excludes zero, in which case it
 * leads a new group. Members of a group are then each indistinguishable from its leader at this
 * number of seeds; an interval that includes zero is not evidence of equality, only that the
 * seeds cannot resolve the difference.
 */

/** One pair's paired difference (the second design − the first) and its 95% interval. */
export interface PairDifference {
  readonly a: string;
  readonly b: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Whether an interval resolves a difference (excludes zero). */
const resolves = (d: Pick<PairDifference, 'lower' | 'upper'>): boolean =>
  d.lower > 0 || d.upper < 0;

/** Every pair of `items`, the earlier first, in the order (0,1), (0,2), …, (1,2), … */
export function pairsOf<T>(items: readonly T[]): Array<[T, T]> {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}

/** The groups of designs that cannot be told apart, best first (see the module comment). */
export function indistinguishableGroups(
  order: readonly string[],
  differences: readonly PairDifference[],
): string[][] {
  return groupsBetween(order, (x, y) =>
    differences.find((d) => (d.a === x && d.b === y) || (d.a === y && d.b === x)),
  );
}

/**
 * {@link indistinguishableGroups} with each pair's difference asked for when needed (a design and
 * its group's leader, in either order): only those pairs are ever computed.
 */
export function groupsBetween(
  order: readonly string[],
  between: (x: string, y: string) => Pick<PairDifference, 'lower' | 'upper'> | undefined,
): string[][] {
  const groups: string[][] = [];
  for (const design of order) {
    const group = groups.at(-1);
    const d = group && between(group[0]!, design);
    if (group && d && !resolves(d)) group.push(design);
    else groups.push([design]);
  }
  return groups;
}
