/**
 * A batch that draws the fitted numbers from a posterior (`--posterior FILE`): every run of a seed,
 * of every design and sweep point, runs at the sample that seed draws. The plan keeps what a
 * worker needs to compile a run's model at a sample: the posterior's parameters and samples, where
 * each of its ids is stated (the register), and each sweep point's scenario data with its bases
 * merged in (a posterior sets shared numbers, which a scenario that extends another may not state).
 */
import { resolveExtends } from '../scenario/extend.js';
import { InputError } from '../scenario/errors.js';
import { parseDesign, type LoadedScenario } from '../scenario/load.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { checkPosteriorIds, drawOf, type PosteriorDraw } from '../assumptions/draws.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import type { SweepAxis, SweptDesign } from './sweep.js';

/** What a worker needs of a batch's posterior to compile a run's model at the sample its seed draws. */
export interface PosteriorInit {
  readonly draw: PosteriorDraw;
  /** The register's entries for the posterior's ids: where each is stated. */
  readonly register: readonly Assumption[];
  /** Per sweep point, the scenario's data (the point's overrides applied) with its bases merged in. */
  readonly scenarioData: readonly unknown[];
}

/** A batch's posterior: its file and hash (which the manifest records), and what workers draw from. */
export interface PlannedPosterior extends PosteriorInit {
  readonly file: string;
  readonly hash: string;
}

/**
 * A sweep axis that sets what the posterior draws is an {@link InputError} naming `--set`: the
 * axis names a drawn id, one of the places a drawn id is stated (or an object that holds one), or
 * a name of the register that stands for such a place.
 */
function checkSweep(
  loaded: LoadedPosterior,
  axes: readonly SweepAxis[],
  register: readonly Assumption[],
  drawn: readonly Assumption[],
): void {
  const issues = axes.flatMap((axis) => {
    const named = register.find((a) => a.id === axis.path);
    const places = new Set([axis.path, ...(named?.paths ?? [])]);
    // the place itself, or an object or list that holds it
    const within = (path: string) =>
      [...places].some((q) => path === q || path.startsWith(`${q}.`) || path.startsWith(`${q}[`));
    const hit = drawn.find((a) => a.id === axis.path || a.paths.some(within));
    return hit
      ? [
          {
            file: '--set',
            path: axis.path,
            message: `sets ${hit.id}, which is drawn seed by seed from the posterior ${loaded.file}; --set cannot also sweep it (leave it out of --set, or leave out --posterior)`,
          },
        ]
      : [];
  });
  if (issues.length > 0) throw new InputError(issues);
}

/**
 * The posterior of a batch, checked against the scenario's register (an id it lacks is an
 * {@link InputError} naming the posterior's file) and the sweep (an axis over a drawn number is
 * one naming `--set`).
 */
export function planPosterior(
  loaded: LoadedPosterior,
  scenario: LoadedScenario,
  designs: readonly SweptDesign[],
  axes: readonly SweepAxis[],
  points: ReadonlyArray<{ readonly data: unknown }>,
): PlannedPosterior {
  const register = assumptionRegister(
    scenario.scenario,
    designs.map((d) => ({
      id: d.id,
      data: parseDesign(d.data, d.file, scenario.scenario).design,
    })),
  );
  checkPosteriorIds(loaded, register, scenario.file);
  const ids = new Set(loaded.posterior.parameters.map((p) => p.id));
  const drawn = register.filter((a) => ids.has(a.id));
  checkSweep(loaded, axes, register, drawn);
  return {
    file: loaded.file,
    hash: loaded.hash,
    draw: drawOf(loaded),
    register: drawn,
    scenarioData: points.map((p) => resolveExtends(p.data, scenario.file).data),
  };
}
