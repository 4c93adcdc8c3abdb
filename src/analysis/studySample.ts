/**
 * A robustness study's sample, made from its options alone (the same on every machine that makes
 * it): the assumption space, what is varied, the Morris or Saltelli design, the sample in
 * parameter values, and the point of each row.
 */
import { morrisSample, saltelliSample, toParameterMatrix } from './sensitivity/index.js';
import { assumptionSpace } from '../assumptions/space.js';
import { drawOf } from '../assumptions/draws.js';
import { variedSpace } from './assumptionPoint.js';
import type { StudySetup } from './studyTask.js';
import type { StudyOptions } from './studyOptions.js';
import type { StudyThreads } from './studyPoints.js';

/** The options a sample depends on. */
type SampleOptions = Pick<
  StudyOptions,
  'scenarioFile' | 'designs' | 'decisions' | 'method' | 'sampleSeed' | 'fixed' | 'posterior'
>;

/** A study's sample (see the module comment). */
export function studySample(options: SampleOptions) {
  const space = assumptionSpace(options.scenarioFile, options.designs.join(','));
  const {
    parameters,
    base,
    pointAt: pointOf,
  } = variedSpace(space, options.fixed ?? new Map<string, number>(), options.posterior);
  const setup: StudySetup = {
    scenarioFile: options.scenarioFile,
    designs: options.designs,
    decisions: options.decisions,
    ...(options.posterior ? { posterior: drawOf(options.posterior) } : {}),
  };
  const design =
    options.method.kind === 'morris'
      ? morrisSample({
          parameters,
          trajectories: options.method.trajectories,
          seed: options.sampleSeed,
        })
      : saltelliSample({ parameters, n: options.method.samples, seed: options.sampleSeed });
  const sample = toParameterMatrix(parameters, design.unit);
  const k = parameters.length;
  // points are made as they are sent, so memory does not grow with the sample beyond its matrix and outputs
  const pointAt = (i: number) => pointOf(sample.data.subarray(i * k, (i + 1) * k));
  return { space, parameters, base, setup, design, sample, pointAt };
}

/** A study's sample and what it is made of. */
export type StudySample = ReturnType<typeof studySample>;

/** The worker threads of a study. */
export function threadsOf(options: Pick<StudyOptions, 'workers' | 'workerHeap'>): StudyThreads {
  return {
    workers: options.workers,
    ...(options.workerHeap ? { heap: options.workerHeap } : {}),
  };
}
