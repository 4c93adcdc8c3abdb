/** What a finished game leaves beside its log: its trace hash, which `npm run replay` checks. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

/** The file a finished game leaves beside its log. */
export const RESULT_FILE = 'result.json';

/** What a finished game leaves in {@link RESULT_FILE}. */
export interface GameResult {
  readonly id: string;
  readonly traceHash: string;
  readonly events: number;
  readonly wall: string;
  /**
   * The log's hash chain when last written (its last line's chain, and its lines): the game's
   * fingerprint, which the facilitator keeps and `npm run replay` checks the log against.
   */
  readonly chainHash?: string;
  readonly chainLines?: number;
}

/** Writes a finished game's result into its folder once (a whole file, never half of one), at `wall` o'clock. */
export function writeResultOnce(
  folder: string,
  result: Omit<GameResult, 'wall'>,
  wall: () => string,
): void {
  const file = join(folder, RESULT_FILE);
  if (existsSync(file)) return;
  writeFileAtomic(file, `${JSON.stringify({ ...result, wall: wall() }, null, 2)}\n`);
}

/**
 * Writes a finished game's result with its log's chain: once when the game finishes, and again
 * whenever a line follows (a note after the end), keeping the wall-clock time of the first write.
 */
export function writeChainedResult(
  folder: string,
  result: Omit<GameResult, 'wall'>,
  fingerprint: { readonly hash: string; readonly lines: number },
  wall: () => string,
): void {
  const file = join(folder, RESULT_FILE);
  let first: string | undefined;
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<GameResult>;
    if (kept.chainHash === fingerprint.hash && kept.chainLines === fingerprint.lines) return;
    first = typeof kept.wall === 'string' ? kept.wall : undefined;
  }
  const chained = { ...result, chainHash: fingerprint.hash, chainLines: fingerprint.lines };
  writeFileAtomic(file, `${JSON.stringify({ ...chained, wall: first ?? wall() }, null, 2)}\n`);
}
