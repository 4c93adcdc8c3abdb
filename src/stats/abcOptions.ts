/**
 * The public types of the ABC-SMC fitter (`abcSmc`) and the checking of its priors and
 * options.
 */
/** A parameter's prior: uniform on [low, high], or log-uniform (uniform in log x) for 'log'. */
export interface AbcPrior {
  id: string;
  low: number;
  high: number;
  scale: 'linear' | 'log';
}

/** What the distance function is told besides the parameter vectors. */
export interface AbcContext {
  /** The generation asking (0 for the prior sample). */
  generation: number;
  /** One 32-bit unsigned integer seed per parameter vector, for its stochastic simulation. */
  seeds: readonly number[];
}

/**
 * Simulates each parameter vector (natural units, in the order of the priors) with the seed of the
 * same index and returns its distance to the observed data: one non-negative number per vector, in
 * the same order. Infinity is allowed (the simulation never matches); NaN and negatives are errors.
 */
export type AbcDistance = (
  thetas: readonly (readonly number[])[],
  context: AbcContext,
) => Promise<number[]>;

/** Options of `abcSmc`. */
export interface AbcOptions {
  /** Integer seed of the fitter's stream; the same seed always gives the same fit. */
  seed: number;
  /** Number of particles N (integer >= 1). Default 1000. */
  particles?: number;
  /** Each generation's ESS as a share of the previous one's, in (0, 1). Default 0.9. */
  alpha?: number;
  /** Resample when the ESS falls below this share of N, in [0, 1]. Default 0.5. */
  resampleThreshold?: number;
  /** Metropolis–Hastings steps per particle and generation (integer >= 1). Default 1. */
  mcmcSteps?: number;
  /**
   * The random walk's covariance as a multiple of the weighted empirical covariance (default 2, as
   * Beaumont et al. 2009; 2.38²/d, Roberts, Gelman & Gilks 1997, suits many parameters better).
   */
  proposalScale?: number;
  /** Stop once the tolerance ε reaches this value (>= 0); ε never goes below it. Default 0. */
  targetTolerance?: number;
  /** Stop when a generation's MCMC acceptance rate falls below this, in [0, 1]. Default 0.015. */
  minAcceptance?: number;
  /** Most generations after the prior sample (integer >= 1). Default 20. */
  maxGenerations?: number;
}

/** One particle of the result: natural-unit parameters, normalised weight, simulated distance. */
export interface AbcParticle {
  theta: number[];
  weight: number;
  distance: number;
}

/** One generation of the fit. */
export interface AbcGeneration {
  generation: number;
  /** The tolerance: for generation 0 the largest distance of the prior sample (maybe Infinity). */
  epsilon: number;
  /** Kish's ESS of the reweighted particles, before any resampling. */
  ess: number;
  /** Whether the particles were resampled. */
  resampled: boolean;
  /** Share of the MH proposals accepted (1 for generation 0, which draws from the prior). */
  acceptance: number;
  /** Simulations (distance evaluations) run in the generation. */
  simulations: number;
}

/**
 * Why the fit stopped: the target tolerance was reached, the acceptance rate fell below the
 * minimum, the generations ran out, or ('stalled') no particle's distance was below the current
 * tolerance, so it could not be lowered.
 */
export type AbcStop = 'tolerance' | 'acceptance' | 'generations' | 'stalled';

/** The result of `abcSmc`. */
export interface AbcResult {
  /** The parameter ids, in the order of each particle's theta. */
  params: string[];
  /** The particles of positive weight, weights summing to 1, in particle order. */
  particles: AbcParticle[];
  /** Kish's ESS of the final weights. */
  ess: number;
  /** The final tolerance. */
  epsilon: number;
  schedule: AbcGeneration[];
  /** Total simulations. */
  simulations: number;
  stopped: AbcStop;
}

/** Options with their defaults filled in. */
export interface Settings {
  seed: number;
  particles: number;
  alpha: number;
  resampleThreshold: number;
  mcmcSteps: number;
  proposalScale: number;
  targetTolerance: number;
  minAcceptance: number;
  maxGenerations: number;
}

function checkInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`abcSmc: ${name} must be an integer >= 1, got ${value}`);
}

function checkUnit(value: number, name: string, open: boolean): void {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!ok)
    throw new RangeError(`abcSmc: ${name} must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${value}`);
}

function checkPriors(priors: readonly AbcPrior[]): void {
  if (priors.length === 0) throw new RangeError('abcSmc: at least one prior is required');
  const seen = new Set<string>();
  for (const prior of priors) {
    const { id, low, high, scale } = prior;
    if (typeof id !== 'string' || id === '' || seen.has(id))
      throw new RangeError(`abcSmc: prior ids must be distinct non-empty strings, got '${id}'`);
    seen.add(id);
    if (!(Number.isFinite(low) && Number.isFinite(high) && low < high))
      throw new RangeError(`abcSmc: prior '${id}' needs finite low < high, got [${low}, ${high}]`);
    if (scale !== 'linear' && scale !== 'log')
      throw new RangeError(`abcSmc: prior '${id}' scale must be 'linear' or 'log', got ${scale}`);
    if (scale === 'log' && !(low > 0))
      throw new RangeError(`abcSmc: prior '${id}' on a log scale needs low > 0, got ${low}`);
  }
}

/** Checks the priors and options (RangeError naming the first bad one) and fills in defaults. */
export function resolveOptions(priors: readonly AbcPrior[], options: AbcOptions): Settings {
  checkPriors(priors);
  const settings: Settings = {
    seed: options.seed,
    particles: options.particles ?? 1000,
    alpha: options.alpha ?? 0.9,
    resampleThreshold: options.resampleThreshold ?? 0.5,
    mcmcSteps: options.mcmcSteps ?? 1,
    proposalScale: options.proposalScale ?? 2,
    targetTolerance: options.targetTolerance ?? 0,
    minAcceptance: options.minAcceptance ?? 0.015,
    maxGenerations: options.maxGenerations ?? 20,
  };
  if (!Number.isInteger(settings.seed))
    throw new RangeError(`abcSmc: seed must be an integer, got ${settings.seed}`);
  checkInteger(settings.particles, 'particles');
  checkInteger(settings.mcmcSteps, 'mcmcSteps');
  if (!(settings.proposalScale > 0 && Number.isFinite(settings.proposalScale)))
    throw new RangeError(
      `abcSmc: proposalScale must be a positive number, got ${settings.proposalScale}`,
    );
  checkInteger(settings.maxGenerations, 'maxGenerations');
  checkUnit(settings.alpha, 'alpha', true);
  checkUnit(settings.resampleThreshold, 'resampleThreshold', false);
  checkUnit(settings.minAcceptance, 'minAcceptance', false);
  if (!(settings.targetTolerance >= 0))
    throw new RangeError(`abcSmc: targetTolerance must be >= 0, got ${settings.targetTolerance}`);
  return settings;
}
