/**
 * Before a study starts: a pilot at the files' values that chooses the seeds per point (see
 * `studySeeds.ts`), and the plan of runs the study will make, for a cost estimate.
 */
import { outputNames } from './pairedOutcome.js';
import { withStudyPool } from './studyPoints.js';
import { studySample, threadsOf } from './studySample.js';
import {
  chooseSeeds,
  studyPlan,
  type SeedChoice,
  type SeedTarget,
  type StudyPlan,
} from './studySeeds.js';
import { flipLevelsAtMost } from './studyFlip.js';
import type { StudyOptions } from './studyOptions.js';

/** A study's options before its seeds are chosen. */
export type UnseededOptions = Omit<StudyOptions, 'seeds' | 'seedChoice'>;

/**
 * Runs the pilot: the files' values on `target.pilotSeeds` for both designs, and the seeds per point
 * that the target asks for. The pilot then runs the point again on the same seeds, warm as the
 * study's points will be (they re-run the same seeds on shared machines and memos), between
 * `onWarm`'s two calls (`'start'`, `'end'`): a caller with a clock times a point there
 * (`2 × target.pilotSeeds.length` runs).
 */
export async function pilotStudy(
  options: UnseededOptions,
  target: SeedTarget,
  onWarm: (moment: 'start' | 'end') => void = () => {},
): Promise<SeedChoice> {
  const sample = studySample(options);
  const names = outputNames(options.decisions);
  const [result] = await withStudyPool(
    sample.setup,
    threadsOf({ ...options, workers: 1 }),
    1,
    async (pool) => {
      const pilot = await pool.evaluateBlocks(sample.base, [target.pilotSeeds]);
      onWarm('start');
      await pool.evaluateBlocks(sample.base, [target.pilotSeeds]);
      onWarm('end');
      return pilot;
    },
  );
  const m = names.length;
  return chooseSeeds(target, names, result!.slice(0, m), result!.slice(m, 2 * m));
}

/** What a study with these options will run (the flip searches at most). */
export function planOf(options: StudyOptions): StudyPlan {
  const { sample, parameters } = studySample(options);
  const noisePoints = options.noisePoints ?? 5;
  const blocks = Math.max(2, options.noiseBlocks ?? 5);
  const outputs = outputNames(options.decisions).length;
  const searched = Math.min(parameters.length, outputs * (options.flipTop ?? 3));
  return studyPlan(
    sample.rows,
    options.seeds.length,
    2,
    1 + noisePoints * blocks,
    searched,
    flipLevelsAtMost,
  );
}
