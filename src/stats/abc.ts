/**
 * A generic, deterministic approximate Bayesian computation (ABC) fitter: the adaptive sequential
 * Monte Carlo sampler of Del Moral, Doucet & Jasra (2012), "An adaptive sequential Monte Carlo
 * method for approximate Bayesian computation", Statistics and Computing 22:1009–1020, with one
 * simulation per particle (M = 1), and the random-walk scale of Beaumont, Cornuet, Marin & Robert
 * (2009), "Adaptive approximate Bayesian computation", Biometrika 96(4):983–990 (twice the weighted
 * empirical covariance).
 *
 * The caller supplies priors (uniform or log-uniform ranges) and an async batch distance function;
 * the fitter asks for whole generations of simulations at once, so the caller can spread them over
 * a worker pool. Every random number, including the seed of each simulation, comes from one
 * mulberry32 stream seeded by `seed`, drawn in a fixed order before each batch is handed out: the
 * same seed and a deterministic simulator give the same result however the batch is scheduled.
 */
import {
  logPriorDensity,
  logit,
  nextSeed,
  nextTolerance,
  openUniform,
  proposalFactor,
  randomWalk,
  systematicResample,
  toNatural,
  weightedCovariance,
} from './abcKernel.js';
import {
  resolveOptions,
  type AbcDistance,
  type AbcGeneration,
  type AbcOptions,
  type AbcParticle,
  type AbcPrior,
  type AbcResult,
  type AbcStop,
  type Settings,
} from './abcOptions.js';
import { effectiveSampleSize } from './abcSummary.js';
import { Mulberry32 } from './random.js';

export type {
  AbcContext,
  AbcDistance,
  AbcGeneration,
  AbcOptions,
  AbcParticle,
  AbcPrior,
  AbcResult,
  AbcStop,
} from './abcOptions.js';
export {
  effectiveSampleSize,
  posteriorIntervals,
  weightedMean,
  weightedQuantile,
  type PosteriorInterval,
} from './abcSummary.js';

/** The particle population: transformed coordinates, distances and (unnormalised) weights. */
interface Population {
  z: (readonly number[])[];
  distance: number[];
  weight: number[];
}

/** Runs one batch through the caller's distance function and checks what comes back. */
async function simulate(
  distance: AbcDistance,
  priors: readonly AbcPrior[],
  zs: readonly (readonly number[])[],
  seeds: readonly number[],
  generation: number,
): Promise<number[]> {
  const thetas = zs.map((z) => z.map((zj, j) => toNatural(priors[j]!, zj)));
  const result = await distance(thetas, { generation, seeds: [...seeds] });
  if (!Array.isArray(result) || result.length !== zs.length)
    throw new RangeError(
      `abcSmc: distance returned ${Array.isArray(result) ? result.length : typeof result} values for ${zs.length} parameter vectors`,
    );
  return result.map((d, i) => {
    if (typeof d !== 'number' || !(d >= 0))
      throw new RangeError(`abcSmc: distance ${i} of generation ${generation} is ${d}, not >= 0`);
    return d;
  });
}

/** Generation 0: N draws from the prior (per particle, one uniform per parameter, then a seed). */
async function priorSample(
  priors: readonly AbcPrior[],
  distance: AbcDistance,
  n: number,
  rng: Mulberry32,
): Promise<Population> {
  const z: number[][] = [];
  const seeds: number[] = [];
  for (let i = 0; i < n; i++) {
    z.push(priors.map(() => logit(openUniform(rng))));
    seeds.push(nextSeed(rng));
  }
  const distances = await simulate(distance, priors, z, seeds, 0);
  return { z, distance: distances, weight: new Array<number>(n).fill(1 / n) };
}

/**
 * One Metropolis–Hastings sweep over the particles of positive weight, in particle order. The walk
 * runs in transformed coordinates, where the proposal is symmetric and the prior density is
 * {@link logPriorDensity} (the uniform prior times the Jacobian), so the acceptance probability is
 * min(1, prior-density ratio) × 1{simulated distance ≤ ε}. The prior part is decided first
 * (per particle: the normals of the step, then a uniform, then a seed if it passed), and only the
 * proposals that pass it are simulated, in one batch.
 */
async function mhSweep(
  priors: readonly AbcPrior[],
  distance: AbcDistance,
  population: Population,
  factor: readonly (readonly number[])[],
  epsilon: number,
  generation: number,
  rng: Mulberry32,
): Promise<{ attempted: number; accepted: number; simulations: number }> {
  const movers: number[] = [];
  const proposals: number[][] = [];
  const seeds: number[] = [];
  let attempted = 0;
  population.z.forEach((z, i) => {
    if (!(population.weight[i]! > 0)) return;
    attempted++;
    const proposal = randomWalk(z, factor, rng);
    const logRatio = logPriorDensity(proposal) - logPriorDensity(z);
    if (openUniform(rng) >= Math.exp(Math.min(0, logRatio))) return;
    movers.push(i);
    proposals.push(proposal);
    seeds.push(nextSeed(rng));
  });
  if (movers.length === 0) return { attempted, accepted: 0, simulations: 0 };
  const distances = await simulate(distance, priors, proposals, seeds, generation);
  let accepted = 0;
  movers.forEach((i, k) => {
    if (!(distances[k]! <= epsilon)) return;
    population.z[i] = proposals[k]!;
    population.distance[i] = distances[k]!;
    accepted++;
  });
  return { attempted, accepted, simulations: movers.length };
}

/** Replaces the population by N systematic draws from it, with equal weights. */
function resample(population: Population, rng: Mulberry32): void {
  const indices = systematicResample(population.weight, rng);
  const n = indices.length;
  population.z = indices.map((i) => population.z[i]!);
  population.distance = indices.map((i) => population.distance[i]!);
  population.weight = new Array<number>(n).fill(1 / n);
}

/**
 * One SMC generation after the prior sample: the next tolerance, reweighting, resampling if the
 * ESS is low, then `mcmcSteps` MH sweeps. Returns its schedule entry, or null if stalled.
 */
async function generationStep(
  priors: readonly AbcPrior[],
  distance: AbcDistance,
  settings: Settings,
  population: Population,
  previous: number,
  generation: number,
  rng: Mulberry32,
): Promise<AbcGeneration | null> {
  const targetEss = settings.alpha * effectiveSampleSize(population.weight);
  const next = nextTolerance(population.distance, population.weight, targetEss, previous);
  if (next === null) return null;
  const epsilon = Math.max(next, settings.targetTolerance);
  population.weight = population.weight.map((w, i) => (population.distance[i]! <= epsilon ? w : 0));
  const ess = effectiveSampleSize(population.weight);
  const resampled = ess < settings.particles * settings.resampleThreshold;
  if (resampled) resample(population, rng);
  let attempted = 0;
  let accepted = 0;
  let simulations = 0;
  for (let step = 0; step < settings.mcmcSteps; step++) {
    const covariance = weightedCovariance(population.z, population.weight, priors.length);
    const factor = proposalFactor(covariance, settings.proposalScale);
    const sweep = await mhSweep(priors, distance, population, factor, epsilon, generation, rng);
    attempted += sweep.attempted;
    accepted += sweep.accepted;
    simulations += sweep.simulations;
  }
  const acceptance = accepted / attempted;
  return { generation, epsilon, ess, resampled, acceptance, simulations };
}

/**
 * Fits parameters by adaptive ABC-SMC (Del Moral, Doucet & Jasra 2012, one simulation per
 * particle). Generation 0 draws N particles from the prior (weights 1/N, ε0 = the largest
 * distance). Each later generation lowers ε to the particle distance at which the ESS of the
 * weights w · 1{d ≤ ε} is `alpha` × the previous ESS (never below `targetTolerance`), resamples
 * systematically when the ESS falls below `resampleThreshold` × N, and moves each particle of
 * positive weight by `mcmcSteps` Metropolis–Hastings steps targeting the ABC posterior at ε.
 *
 * The walk runs in an unbounded transformed space: each parameter's position u in its prior range
 * (in logarithms for 'log' priors) is mapped to z = logit(u), so no proposal leaves the prior's
 * support. The MH step is done in z, with the prior density transformed to z (the Jacobian
 * σ(z)σ(−z) of each coordinate, see {@link logPriorDensity}) and a symmetric Gaussian proposal of
 * covariance 2 × the weighted covariance of the particles' z (Cholesky factor, diagonal jitter if
 * needed). Each sweep's covariance is computed from the current weighted particles.
 *
 * Stops when ε reaches `targetTolerance`, when a generation's acceptance rate is below
 * `minAcceptance`, after `maxGenerations` generations, or when ε cannot be lowered; checked in that
 * order after each generation. Deterministic: one mulberry32 stream seeded by `seed`.
 * @param priors one prior per parameter; the thetas handed to `distance` follow their order.
 * @param distance the caller's batch simulator and distance (see {@link AbcDistance}).
 * @throws RangeError on invalid priors or options, or a distance function returning the wrong
 * number of values, NaN or a negative number.
 */
export async function abcSmc(
  priors: readonly AbcPrior[],
  distance: AbcDistance,
  options: AbcOptions,
): Promise<AbcResult> {
  const settings = resolveOptions(priors, options);
  const rng = new Mulberry32(settings.seed);
  const population = await priorSample(priors, distance, settings.particles, rng);
  let epsilon = population.distance.reduce((max, d) => Math.max(max, d), 0);
  const schedule: AbcGeneration[] = [
    {
      generation: 0,
      epsilon,
      ess: settings.particles,
      resampled: false,
      acceptance: 1,
      simulations: settings.particles,
    },
  ];
  let stopped: AbcStop | null = epsilon <= settings.targetTolerance ? 'tolerance' : null;
  for (let generation = 1; stopped === null; generation++) {
    const entry = await generationStep(
      priors,
      distance,
      settings,
      population,
      epsilon,
      generation,
      rng,
    );
    if (entry === null) {
      stopped = 'stalled';
      break;
    }
    schedule.push(entry);
    epsilon = entry.epsilon;
    if (epsilon <= settings.targetTolerance) stopped = 'tolerance';
    else if (entry.acceptance < settings.minAcceptance) stopped = 'acceptance';
    else if (generation >= settings.maxGenerations) stopped = 'generations';
  }
  return summarise(priors, population, epsilon, schedule, stopped);
}

function summarise(
  priors: readonly AbcPrior[],
  population: Population,
  epsilon: number,
  schedule: AbcGeneration[],
  stopped: AbcStop,
): AbcResult {
  let total = 0;
  for (const w of population.weight) total += w;
  const particles: AbcParticle[] = [];
  population.z.forEach((z, i) => {
    const w = population.weight[i]!;
    if (!(w > 0)) return;
    const theta = z.map((zj, j) => toNatural(priors[j]!, zj));
    particles.push({ theta, weight: w / total, distance: population.distance[i]! });
  });
  return {
    params: priors.map((prior) => prior.id),
    particles,
    ess: effectiveSampleSize(population.weight),
    epsilon,
    schedule,
    simulations: schedule.reduce((acc, entry) => acc + entry.simulations, 0),
    stopped,
  };
}
