/**
 * `rungs/analysis`: studies over the assumption register (sensitivity, ranking robustness, and
 * their shards), calibration against historical incidents and counterfactual reforms.
 */
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
  runStudyShard,
  mergeStudyShards,
  isStudyShard,
  readStudyShards,
  STUDY_SHARD_FILE,
  type StudyShardFile,
} from './studyShards.js';
export type { StudySetup, PointResult } from './studyPoints.js';
export {
  runRanking,
  kendallTauB,
  fractionalRanks,
  type RankingOptions,
  type RankingStudy,
  type RankingOutput,
  type Standing,
  type Agreement,
} from './ranking.js';
export {
  assumptionSpace,
  parseAssumptionSet,
  modelsAt,
  filesAt,
  type AssumptionSpace,
} from './assumptionPoint.js';
export {
  calibrateIncident,
  loadIncident,
  midRankPercentile,
  BAND,
  type IncidentCalibration,
  type IntervalCheck,
} from './calibrate.js';
export {
  counterfactualGain,
  type CounterfactualGain,
  type IntervalGain,
} from './counterfactual.js';
