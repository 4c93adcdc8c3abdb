/**
 * Leave-one-incident-out validation of the fit: each historical incident is predicted from a fit
 * to the others only, its runs drawing their numbers from that posterior seed by seed, and its
 * observations placed in that prediction. An incident inside its band here is evidence the shared
 * numbers carry over between incidents; the fit to all incidents cannot show that.
 */
import { calibrateFiles, type CalibrationOptions, type IncidentCalibration } from './calibrate.js';
import { fitIncidents, type FitOptions } from './fit.js';
import type { Posterior } from '../assumptions/posterior.js';

/** One incident held out: its calibration under the fit that did not see it, and that fit's intervals. */
export interface HeldOut {
  readonly file: string;
  readonly calibration: IncidentCalibration;
  readonly fittedTo: readonly string[];
  readonly posterior: Pick<Posterior, 'intervals' | 'ess' | 'stopped' | 'simulations'>;
}

/**
 * For each of the historical incident `files`, fits the others (`fit` options) and calibrates the
 * held-out one on `seeds` under that posterior. Needs at least two incidents.
 */
export async function crossValidate(
  files: readonly string[],
  seeds: readonly number[],
  options: { fit?: FitOptions; calibration?: CalibrationOptions } = {},
): Promise<HeldOut[]> {
  if (files.length < 2)
    throw new RangeError('leave-one-out validation needs at least two historical incidents');
  const results: HeldOut[] = [];
  for (const file of files) {
    const others = files.filter((f) => f !== file);
    const posterior = await fitIncidents(others, options.fit);
    const { incidents } = await calibrateFiles([file], seeds, {
      ...options.calibration,
      posterior,
    });
    results.push({
      file,
      calibration: incidents[0]!,
      fittedTo: posterior.data.map((d) => d.scenario),
      posterior: {
        intervals: posterior.intervals,
        ess: posterior.ess,
        stopped: posterior.stopped,
        simulations: posterior.simulations,
      },
    });
  }
  return results;
}
