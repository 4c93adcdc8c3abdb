/**
 * One line across every incident: how many observations fall inside the model's band, which fall
 * outside and why, and whether the observations' percentiles (their probability integral
 * transforms) look uniform, as they should if the model is calibrated: a histogram, and the
 * Kolmogorov–Smirnov test of uniformity at 5%.
 */
import { ksUniform, type KsTest } from '../stats/ks.js';
import type { IncidentCalibration } from './calibrate.js';
import type { Verdict } from './observation.js';

/** The level of the uniformity test. */
export const KS_LEVEL = 0.05;

/** The summary of a calibration across its incidents. */
export interface CalibrationSummary {
  readonly observations: number;
  readonly inside: number;
  readonly outside: ReadonlyArray<{ scenario: string; id: string; verdict: Verdict }>;
  /** Counts of the observations' PITs in ten bins of 0–0.1, 0.1–0.2, … 0.9–1. */
  readonly pitHistogram: readonly number[];
  /** The uniformity test of the PITs; `rejected` when p < {@link KS_LEVEL}. */
  readonly ks: KsTest & { readonly rejected: boolean };
}

/** Summarises the observations of `incidents` (see the module comment). */
export function summariseCalibration(
  incidents: readonly IncidentCalibration[],
): CalibrationSummary {
  const checks = incidents.flatMap((r) =>
    r.intervals.map((check) => ({ scenario: r.scenario, check })),
  );
  const pits = checks.map(({ check }) => check.pit);
  const pitHistogram = new Array<number>(10).fill(0);
  for (const pit of pits) pitHistogram[Math.min(9, Math.floor(pit * 10))]!++;
  const ks = ksUniform(pits);
  return {
    observations: checks.length,
    inside: checks.filter(({ check }) => check.inBand).length,
    outside: checks
      .filter(({ check }) => !check.inBand)
      .map(({ scenario, check }) => ({ scenario, id: check.id, verdict: check.verdict })),
    pitHistogram,
    ks: { ...ks, rejected: ks.p < KS_LEVEL },
  };
}

/** The summary in words, for the terminal and the reports. */
export function summaryLines(summary: CalibrationSummary): string[] {
  const { ks } = summary;
  return [
    `${summary.inside} of ${summary.observations} observations inside the model's 10–90% band` +
      (summary.outside.length === 0
        ? ''
        : `; outside: ${summary.outside.map((o) => `${o.scenario} ${o.id} (${o.verdict})`).join(', ')}`),
    `PIT histogram (0–0.1 … 0.9–1): ${summary.pitHistogram.join(' ')}; ` +
      `Kolmogorov–Smirnov D = ${ks.d.toFixed(3)}, p = ${ks.p.toFixed(3)} (n = ${ks.n}): ` +
      (ks.rejected
        ? `uniformity rejected at ${KS_LEVEL * 100}%: the model is not calibrated to the record`
        : `uniformity not rejected at ${KS_LEVEL * 100}%`),
  ];
}
