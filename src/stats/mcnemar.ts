/**
 * The exact McNemar test of paired binary outcomes: of the discordant pairs (one unit's outcome
 * differs between the two conditions), how many went each way, tested against an even split with
 * the two-sided exact binomial test (twice the smaller tail, at most 1).
 */

/**
 * The two-sided exact McNemar p-value of `aOnly` pairs where only the first condition had the
 * outcome and `bOnly` where only the second did; 1 with no discordant pair.
 * @throws RangeError on counts that are not non-negative integers.
 */
export function mcnemarExactP(aOnly: number, bOnly: number): number {
  for (const [name, count] of [
    ['aOnly', aOnly],
    ['bOnly', bOnly],
  ] as const)
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`mcnemarExactP: ${name} must be a non-negative integer, got ${count}`);
  const n = aOnly + bOnly;
  const k = Math.min(aOnly, bOnly);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space: 0.5^n underflows past n ≈ 1074
  let logPmf = -n * Math.LN2;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += Math.exp(logPmf);
    logPmf += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, 2 * tail);
}
