/** Where the committed expected trace hashes live, and which seeds they cover. */
export const EXPECTED_FILE = 'test/expected-hashes.json';

/** A few ordinary seeds, and 192 and 269, whose runs include a Diet vote that withdraws an order. */
export const EXPECTED_SEEDS: readonly number[] = [1, 2, 3, 4, 5, 192, 269];
