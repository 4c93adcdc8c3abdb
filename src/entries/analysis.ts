/**
 * `rungs/analysis`: studies over many runs, each run on the worker pool: comparing designs seed by
 * seed, calibrating against the historical incidents, sensitivity (Morris, Sobol') and ranking
 * studies over the assumption register, split into shards when large; and their reports.
 *
 *
 * @example
 * ```ts
 * import { parseSeeds } from 'rungs';
 * import { calibrateFiles, calibrationTable } from 'rungs/analysis';
 *
 * const calibration = await calibrateFiles(
 *   ['node_modules/rungs/scenarios/incidents/noto-1999.yaml'],
 *   parseSeeds('1..500'),
 * );
 * console.log(calibrationTable(calibration.incidents).join('\n'));
 * ```
 * @packageDocumentation
 */
export {
  compareDesigns,
  comparisonTimeline,
  type Comparison,
  type CompareOptions,
} from '../analysis/compare.js';
export {
  calibrateFiles,
  calibrateIncident,
  counterfactualGain,
  loadIncident,
  incidentSpace,
  type Calibration,
  type CalibrationOptions,
  type IncidentCalibration,
} from '../analysis/calibrate.js';
export {
  BAND,
  placeObservation,
  type Observation,
  type ObservationCheck,
  type Verdict,
} from '../analysis/observation.js';
export {
  summariseCalibration,
  summaryLines,
  KS_LEVEL,
  type CalibrationSummary,
} from '../analysis/calibrationSummary.js';
export { ksUniform, kolmogorovCdf, type KsTest } from '../stats/ks.js';
export { fitIncidents, type FitOptions } from '../analysis/fit.js';
export { crossValidate, type HeldOut } from '../analysis/crossValidate.js';
export { posteriorTable, heldOutTable } from '../analysis/fitTables.js';
export { loadPosterior, type Posterior, type LoadedPosterior } from '../assumptions/posterior.js';
export type { PosteriorDraw } from '../assumptions/draws.js';
export {
  abcSmc,
  posteriorIntervals,
  type AbcPrior,
  type AbcOptions,
  type AbcResult,
  type AbcDistance,
  type AbcContext,
  type AbcParticle,
  type AbcGeneration,
  type AbcStop,
  type PosteriorInterval,
} from '../stats/abc.js';
export type { CounterfactualGain, IntervalGain } from '../analysis/counterfactual.js';
export { calibrationTable, counterfactualTable } from '../analysis/calibrationTables.js';
export { calibrationReportHtml } from '../analysis/calibrationReport.js';
export {
  runStudy,
  studySampleSize,
  type StudyOptions,
  type Study,
  type OutputStudy,
  type Influence,
} from '../analysis/robustness.js';
export type { Flip, FlipLevel } from '../analysis/studyFlip.js';
export type { NoiseFloor } from '../analysis/studyNoise.js';
export { pilotStudy, planOf, type UnseededOptions } from '../analysis/studyPilot.js';
export {
  chooseSeeds,
  DEFAULT_SEED_TARGET,
  type SeedTarget,
  type SeedChoice,
  type StudyPlan,
} from '../analysis/studySeeds.js';
export { rankingPlan, rankingPilot } from '../analysis/rankingPlan.js';
export { indistinguishableGroups, type PairDifference } from '../analysis/rankingGroups.js';
export {
  runRanking,
  type RankingOptions,
  type RankingStudy,
  type RankingOutput,
  type Standing,
  type Agreement,
} from '../analysis/ranking.js';
export {
  runStudyShard,
  mergeStudyShards,
  isStudyShard,
  readStudyShards,
  STUDY_SHARD_FILE,
  type StudyShardFile,
} from '../analysis/studyShards.js';
export { assumptionSpace, type AssumptionSpace } from '../assumptions/space.js';
export { heldAssumptions, parseAssumptionSet } from '../analysis/assumptionPoint.js';
export type { Provenance } from '../report/provenance.js';
export type { OverrideRecord } from '../assumptions/setOption.js';
export { writeStudyFiles } from '../analysis/studyFiles.js';
export { sensitivityMarkdown, sensitivityJson, salibFiles } from '../analysis/studyReport.js';
export { sensitivityReportHtml } from '../analysis/studyReportHtml.js';
export { rankingMarkdown, rankingJson, rankingCsv } from '../analysis/rankingReport.js';
export type { StudySetup } from '../analysis/studyTask.js';
export type { StoredOptions } from '../analysis/studyShards.js';
export type { Parameter } from '../analysis/sensitivity/parameters.js';
export type { Matrix } from '../analysis/sensitivity/matrix.js';
export type { MorrisIndex } from '../analysis/sensitivity/morris.js';
export type { SobolIndex } from '../analysis/sensitivity/sobol.js';
export type * from './index.js';
export type { DesignDistributions, LatencyDistribution, BatchReportInput } from './report.js';
export type { Bounds, AnalyzeOptions } from '../analysis/sensitivity/bootstrap.js';
export type { ParameterScale } from '../analysis/sensitivity/parameters.js';
