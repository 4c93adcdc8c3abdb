/** What a finished game leaves beside its log: its trace hash, which `npm run replay` checks. */
import { existsSync } from 'node:fs';
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
