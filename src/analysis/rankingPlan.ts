/**
 * What a ranking study will run before it starts, and a pilot that times a point of it (the
 * command line turns the two into an estimated time).
 */
import type { RankingOptions } from './ranking.js';
import type { StudyPlan } from './studySeeds.js';
import { studyPlan } from './studySeeds.js';
import { assumptionSpace } from '../assumptions/space.js';
import { variedSpace } from './assumptionPoint.js';
import { drawOf } from '../assumptions/draws.js';
import { withStudyPool } from './studyPoints.js';

/** The runs of a ranking study: its points, the noise blocks and the pairs at the files' values. */
export function rankingPlan(options: RankingOptions): StudyPlan {
  const blocks = options.noiseBlocks ?? 10;
  return studyPlan(options.samples, options.seeds.length, options.designs.length, 2 + blocks, 0, 0);
}

/**
 * Runs every design at the files' values on `seeds` in one worker, then again on the same seeds
 * between `onWarm`'s two calls (`'start'`, `'end'`), warm as the study's points will be (they
 * re-run the same seeds on shared machines and memos): a caller with a clock times a point there.
 */
export async function rankingPilot(
  options: RankingOptions,
  seeds: readonly number[],
  onWarm: (moment: 'start' | 'end') => void,
): Promise<void> {
  const space = assumptionSpace(options.scenarioFile, options.designs.join(','));
  const { base } = variedSpace(
    space,
    options.fixed ?? new Map<string, number>(),
    options.posterior,
  );
  await withStudyPool(
    {
      scenarioFile: options.scenarioFile,
      designs: options.designs,
      decisions: options.decisions,
      kind: 'ranking',
      ...(options.posterior ? { posterior: drawOf(options.posterior) } : {}),
    },
    { workers: 1 },
    1,
    async (pool) => {
      await pool.evaluateBlocks(base, [seeds]);
      onWarm('start');
      await pool.evaluateBlocks(base, [seeds]);
      onWarm('end');
    },
  );
}
