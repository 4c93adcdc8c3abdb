/**
 * `rungs/analysis`: studies over many runs, each run on the worker pool: comparing designs seed by
 * seed, calibrating against the historical incidents, sensitivity (Morris, Sobol') and ranking
 * studies over the assumption register, split into shards when large; and their reports.
 *
 * @packageDocumentation
 */
export {
  compareDesigns,
  comparisonTimeline,
  type Comparison,
  type CompareOptions,
} from './compare.js';
export {
  calibrateFiles,
  calibrateIncident,
  counterfactualGain,
  loadIncident,
  BAND,
  type Calibration,
  type CalibrationOptions,
  type IncidentCalibration,
  type IntervalCheck,
} from './calibrate.js';
export type { CounterfactualGain, IntervalGain } from './counterfactual.js';
export { calibrationTable, counterfactualTable } from './calibrationTables.js';
export { calibrationReportHtml } from './calibrationReport.js';
export {
  runStudy,
  studySampleSize,
  type StudyOptions,
  type Study,
  type OutputStudy,
  type Influence,
  type BreakEven,
} from './robustness.js';
export {
  runRanking,
  type RankingOptions,
  type RankingStudy,
  type RankingOutput,
  type Standing,
  type Agreement,
} from './ranking.js';
export {
  runStudyShard,
  mergeStudyShards,
  isStudyShard,
  readStudyShards,
  STUDY_SHARD_FILE,
  type StudyShardFile,
} from './studyShards.js';
export { assumptionSpace, parseAssumptionSet, type AssumptionSpace } from './assumptionPoint.js';
export { writeStudyFiles } from './studyFiles.js';
export { sensitivityMarkdown, sensitivityJson, salibFiles } from './studyReport.js';
export { sensitivityReportHtml } from './studyReportHtml.js';
export { rankingMarkdown, rankingJson, rankingCsv } from './rankingReport.js';
