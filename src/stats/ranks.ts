/**
 * Ranks and rank statistics: fractional ranks with ties sharing their mean rank, Kendall's τ-b
 * between two rankings, and the mid-rank percentile of a value among others.
 */
/** Fractional ranks, 1 = lowest value; tied values share the mean of their ranks. */
export function fractionalRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]![1]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Kendall's τ-b of two equally long lists (ties in either reduce the denominator); NaN if one is constant. */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const pairs = concordant + discordant;
  return (concordant - discordant) / Math.sqrt((pairs + tiesX) * (pairs + tiesY));
}

/** The mid-rank percentile of `x` among `values`: below counts whole, ties count half. */
export function midRankPercentile(values: readonly number[], x: number): number {
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + equal / 2)) / values.length;
}
