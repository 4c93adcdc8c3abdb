/**
 * Fitting the shared numbers to the historical record: every number the assumption register marks
 * `calibrate: true` is fitted to every observation of the given incidents at once by approximate
 * Bayesian computation (the adaptive sequential Monte Carlo sampler of `stats/abc.ts`), with the
 * registered ranges as priors and the distance of `fitDistance.ts`. The result is a posterior:
 * weighted samples of the numbers, written as `posterior.json`. Nothing here is tuned by hand: the
 * record, the priors, the seed and the settings determine the result.
 */
import { InputError } from '../scenario/errors.js';
import { WorkerPool, defaultWorkers } from '../batch/pool.js';
import { abcSmc, posteriorIntervals, type AbcPrior, type AbcResult } from '../stats/abc.js';
import type { AssumptionSpace } from '../assumptions/space.js';
import { incidentSpace, loadIncident } from './calibrate.js';
import { FIT_TASK } from './fitTask.js';
import type { Posterior } from '../assumptions/posterior.js';

/** How a fit is done; every field has a default. */
export interface FitOptions {
  /** Particles of the sampler (default 300). */
  readonly particles?: number;
  /** The fit's seed (default 1): the same seed, incidents and settings give the same posterior. */
  readonly seed?: number;
  /** The share of the effective sample size kept from one tolerance to the next (default 0.7). */
  readonly alpha?: number;
  /** Generations at most after the first (default 30). */
  readonly maxGenerations?: number;
  /** The sampler stops once fewer moves than this share are accepted (default 0.02). */
  readonly minAcceptance?: number;
  /** Worker threads (default: the machine's cores); never changes the result. */
  readonly workers?: number;
  /** Told each generation's number as it is asked for. */
  readonly onGeneration?: (generation: number) => void;
}

const DEFAULTS = { particles: 300, seed: 1, alpha: 0.7, maxGenerations: 30, minAcceptance: 0.02 };
/** Parameter vectors per request to the pool. */
const PER_REQUEST = 10;

/** The register entries every incident shares and marks `calibrate: true`, as priors. */
function calibratablePriors(
  spaces: readonly AssumptionSpace[],
): Array<AbcPrior & { unit: string }> {
  const [first, ...others] = spaces;
  const marked = first!.register.filter((a) => a.calibratable);
  if (marked.length === 0)
    throw new InputError([
      {
        file: first!.scenarioFile,
        path: 'ranges',
        message: 'no assumption is marked calibrate: true, so there is nothing to fit',
      },
    ]);
  for (const space of others)
    for (const a of marked)
      if (!space.register.some((b) => b.id === a.id && b.calibratable))
        throw new InputError([
          {
            file: space.scenarioFile,
            path: a.id,
            message: 'every incident of a fit shares its calibratable numbers: this one does not',
          },
        ]);
  return marked.map((a) => ({ id: a.id, low: a.low, high: a.high, scale: a.scale, unit: a.unit }));
}

/** The posterior file's content from the sampler's result. */
function posteriorOf(
  spaces: readonly AssumptionSpace[],
  priors: ReadonlyArray<AbcPrior & { unit: string }>,
  result: AbcResult,
  settings: typeof DEFAULTS,
): Posterior {
  return {
    format: 'rungs-posterior/1',
    parameters: priors.map((p) => ({
      id: p.id,
      low: p.low,
      high: p.high,
      scale: p.scale,
      unit: p.unit as 'minutes' | 'number',
    })),
    samples: result.particles.map((p) => ({ values: [...p.theta], weight: p.weight })),
    ess: result.ess,
    stopped: result.stopped,
    simulations: result.simulations,
    schedule: result.schedule.map((g) => ({ ...g })),
    settings: {
      ...settings,
      method:
        'adaptive ABC-SMC (Del Moral, Doucet & Jasra 2012), one run of every incident per particle',
      distance:
        'sum over observations of |signed log(1 + hours)| differences; windows to their nearer end; censored by how long before T',
    },
    data: spaces.map((space) => {
      const { scenario } = loadIncident(space.scenarioFile).loaded;
      return {
        file: space.scenarioFile,
        scenario: scenario.id,
        observations: scenario.observed!.intervals.map((i) => ({ id: i.id, observed: i.observed })),
      };
    }),
    intervals: posteriorIntervals(result, 0.9).map((i) => ({ ...i })),
  };
}

/**
 * Fits the calibratable numbers to every observation of the incident `files` (historical
 * incidents; counterfactuals are refused) and returns the posterior (see the module comment).
 */
export async function fitIncidents(
  files: readonly string[],
  options: FitOptions = {},
): Promise<Posterior> {
  const settings = {
    particles: options.particles ?? DEFAULTS.particles,
    seed: options.seed ?? DEFAULTS.seed,
    alpha: options.alpha ?? DEFAULTS.alpha,
    maxGenerations: options.maxGenerations ?? DEFAULTS.maxGenerations,
    minAcceptance: options.minAcceptance ?? DEFAULTS.minAcceptance,
  };
  const spaces = files.map(incidentSpace);
  const priors = calibratablePriors(spaces);
  const pool = new WorkerPool(FIT_TASK, options.workers ?? defaultWorkers(), {
    init: { incidents: spaces, ids: priors.map((p) => p.id) },
  });
  try {
    const result = await abcSmc(
      priors,
      async (thetas, { generation, seeds }) => {
        options.onGeneration?.(generation);
        const requests = Math.ceil(thetas.length / PER_REQUEST);
        const answers = await pool.map(requests, (k) => ({
          thetas: thetas.slice(k * PER_REQUEST, (k + 1) * PER_REQUEST),
          seeds: seeds.slice(k * PER_REQUEST, (k + 1) * PER_REQUEST),
        }));
        return answers.flat();
      },
      { ...settings, proposalScale: 2.38 ** 2 / priors.length, mcmcSteps: 2 },
    );
    return posteriorOf(spaces, priors, result, settings);
  } finally {
    await pool.close();
  }
}
