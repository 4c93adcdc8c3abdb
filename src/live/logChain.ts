/**
 * The hash chain that makes a game's log tamper-evident: every line carries `chain`, the SHA-256
 * of the previous line's chain and the line's own content (the line as JSON without `chain`), so
 * changing, removing or reordering any line breaks every chain hash after it. The last line's
 * chain is the log's fingerprint: `result.json` records it and the facilitator keeps it, so even
 * a log whose chain was recomputed after an edit is told apart. Added and checked here for every
 * kind of line alike, before any entry schema sees the line.
 */
import { createHash } from 'node:crypto';

/** The chain before a log's first line. */
export const CHAIN_START = '';

/** The field each line of a log carries its chain hash in. */
const CHAIN_FIELD = 'chain';

/** The chain hash of a line whose content is `content`, following a line whose chain is `previous`. */
export function chainHash(previous: string, content: string): string {
  return createHash('sha256').update(previous).update('\n').update(content).digest('hex');
}

/** A value as a log line (without its newline), chained to `previous`; and the line's chain. */
export function chainedLine(
  previous: string,
  value: Record<string, unknown>,
): { line: string; chain: string } {
  const content = JSON.stringify(value);
  const chain = chainHash(previous, content);
  return { line: JSON.stringify({ ...value, [CHAIN_FIELD]: chain }), chain };
}

/** Why a line's chain does not check: it has none, or another than its content and the previous line give. */
export class ChainError extends Error {
  override name = 'ChainError';
}

/**
 * Checks the chain of a parsed line that follows a line chained `previous`; returns the line
 * without its chain field and the line's chain, or throws a {@link ChainError} saying what is wrong.
 */
export function unchain(
  previous: string,
  parsed: unknown,
): { value: Record<string, unknown>; chain: string } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ChainError('expected a JSON object');
  const { [CHAIN_FIELD]: chain, ...value } = parsed as Record<string, unknown>;
  if (typeof chain !== 'string')
    throw new ChainError(
      `expected its hash chain ("${CHAIN_FIELD}"): the line was not written by the game`,
    );
  // JSON.stringify of what JSON.parse read gives back the content as it was written
  const expected = chainHash(previous, JSON.stringify(value));
  if (chain !== expected)
    throw new ChainError(
      'its hash chain does not match: this line, or one before it, was changed, added or removed after the game wrote it',
    );
  return { value, chain };
}
