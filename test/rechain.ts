/**
 * Test support: a game's log edited by hand with every line's hash chain recomputed as the game
 * would, so that a test reaches the checks behind the chain (replay, recomputed fields).
 */
import { chainHash } from '../src/live/logChain.js';

/** The lines of a log (a trailing empty line kept as it is) with every chain recomputed. */
export function rechain(lines: readonly string[]): string[] {
  let previous = '';
  return lines.map((line) => {
    if (line === '') return line;
    const { chain: _chain, ...content } = JSON.parse(line) as Record<string, unknown>;
    previous = chainHash(previous, JSON.stringify(content));
    return JSON.stringify({ ...content, chain: previous });
  });
}
