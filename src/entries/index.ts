/**
 * `rungs`: load and validate scenario and design files, compile a model, run it (to the end, or
 * step by step with people answering decision points), read its trace and metrics, run batches
 * (in one process, split into shards across machines, or through a queue) and replay them.
 *
 * Studies, calibration and comparisons are in `rungs/analysis`; live games in `rungs/live`;
 * tables, CSV rows and HTML reports in `rungs/report`.
 *
 *
 * @example
 * ```ts
 * import { compileModel, loadDesign, loadScenario, simulate } from 'rungs';
 *
 * const loaded = loadScenario('node_modules/rungs/scenarios/senkaku-gray-zone.yaml');
 * const design = loadDesign('node_modules/rungs/scenarios/c2/acm-2015.yaml', loaded.scenario);
 * const result = simulate(compileModel(loaded.scenario, design.design), { seed: 1 });
 * console.log(result.traceHash, result.outcome);
 * ```
 * @packageDocumentation
 */
export {
  loadScenario,
  loadDesign,
  parseScenario,
  parseDesign,
  type LoadedScenario,
  type LoadedDesign,
  type ParseOptions,
} from '../scenario/load.js';
export { InputError, formatIssue, type InputIssue } from '../scenario/errors.js';
export { readDesignData, type StatedDifference } from '../scenario/designExtend.js';
export {
  checkDifferences,
  designChanges,
  type ChangeKind,
  type DesignChange,
  type DifferenceCoverage,
  type DifferenceReport,
} from '../scenario/designDiff.js';
export { unregisteredChanges } from '../scenario/designChoices.js';
export {
  resolveDesignFiles,
  listDesignFiles,
  designDirectory,
  defaultBaseline,
} from '../scenario/catalog.js';
export { toJsonSchemas } from '../scenario/jsonSchema.js';
export {
  collectAssumptions,
  assumptionRegister,
  structuralChoices,
  type Assumption,
  type NumberAssumption,
  type ChoiceAssumption,
  type RegisteredAssumption,
  type Alternative,
} from '../scenario/register.js';
export type {
  Scenario,
  Design,
  Decision,
  Organisation,
  Rung,
  Condition,
  Side,
  Nation,
  SituationLevel,
  ConsultationRule,
} from '../scenario/schema.js';
export { Situation } from '../scenario/primitives.js';
export { ScenarioSchema, DesignSchema } from '../scenario/schema.js';
export { ConsultationRuleSchema } from '../scenario/designSchema.js';
export { ConditionSchema, DecisionSchema } from '../scenario/decisionSchema.js';
export { OrganisationSchema } from '../scenario/organisationSchema.js';
export { RungSchema } from '../scenario/scenarioSchema.js';
export { SIDES, NATIONS } from '../scenario/primitives.js';
export { DESIGN_OPTIONS, type DesignOption } from '../scenario/variants.js';
export { EVENT_FIELDS, type ModelEvent } from '../model/types.js';
export { compileModel, type Model, type CompiledDecision } from '../model/compile.js';
export type {
  CompiledStep,
  CompiledOrganisation,
  CompiledMechanism,
  AdversaryRungPolicy,
  CompiledConsensus,
  CompiledConsultation,
  CompiledIntegrationCosts,
  DecisionStructure,
} from '../model/compiled.js';
export type { Knowledge, KnowledgeStore, Predicate, DecisionEffects } from '../model/knowledge.js';
export { createLadderMachine, type LadderMachine, type ReportParams } from '../model/ladder.js';
export {
  createAdversaryMachine,
  type AdversaryMachine,
  type AdversaryContext,
  type MoveParams,
} from '../model/adversary.js';
export { createDecisionMachine, type DecisionMachine } from '../model/decision.js';
export { createLegalMachine, type LegalMachine, type LegalRole } from '../model/legal.js';
export type { DecisionContext, LegalContext } from '../model/types.js';
export type { Sampler } from '../math/distributions.js';
export {
  simulate,
  type SimulationOptions,
  type RunResult,
  type RunStatus,
} from '../engine/simulation.js';
export { createRun, type Run } from '../engine/run.js';
export type {
  Runtimes,
  ActorRuntime,
  ActorSnapshot,
  ActorId,
  ExecutableAction,
} from '../engine/actor.js';
export type { OrganisationChange } from '../engine/organisations.js';
export {
  AnswerError,
  type DecisionPoint,
  type RecordedAnswer,
  type Script,
} from '../engine/deciders.js';
export { EventBudgetError } from '../engine/kernel.js';
export type { Delivery } from '../engine/knowledgeBus.js';
export {
  hashTrace,
  serializeTrace,
  parseTrace,
  type TraceEntry,
  type TraceKind,
} from '../engine/trace.js';
export {
  metricsFromTrace,
  type DecisionMetric,
  type Outcome,
  type MetricsSpec,
} from '../engine/metrics.js';
export { runBatch, type BatchOptions, type BatchResult } from '../batch/runBatch.js';
export type { FinishPhase } from '../batch/execute.js';
export { LockLostError, type LeaseClock } from '../batch/lock.js';
export { MANIFEST_FORMAT, type BatchManifest, type RowsDigest } from '../batch/manifest.js';
export type { SweepAxis } from '../batch/sweep.js';
export type { BatchSummary, PointSummary } from '../batch/summaryFiles.js';
export type { CurvePoint } from '../report/decidedCurve.js';
export { SUMMARY_SCHEMA, SUMMARY_SCHEMA_VERSION, SUMMARY_UNITS } from '../batch/summarySchema.js';
export type { PosteriorRecord } from '../assumptions/posterior.js';
export type { Provenance } from '../report/provenance.js';
export {
  readSetOption,
  readSetOptions,
  overrideRecords,
  heldValues,
  type SetRules,
  type SetOverride,
  type OverrideRecord,
} from '../assumptions/setOption.js';
export type {
  DesignSummary,
  LatencySummary,
  PairedSummary,
  RateSummary,
  DecisionCounts,
  LatencyQuantiles,
  PairedDifference,
} from '../report/summary.js';
export type { TimeToDecision } from '../report/timeToDecision.js';
export type {
  BottomLine,
  DecisionBottomLine,
  FaitAccompliComparison,
} from '../report/bottomLine.js';
export type { PairDifference } from '../stats/indistinguishable.js';
export type { Interval } from '../stats/intervals.js';
export type { RestrictedMean, RmstDifference } from '../stats/survival.js';
export { parseSeeds, type SeedSource } from '../batch/seeds.js';
export { parseShard, type Shard } from '../batch/shard.js';
export { mergeShards, type MergeOptions } from '../batch/merge.js';
export {
  runQueuedBatch,
  startQueueWorker,
  parseQueueAddress,
  type QueueAddress,
  type ShardJob,
  type QueuedBatchOptions,
  type WorkerOptions,
} from '../batch/queue.js';
export { InterruptedError } from '../batch/pool.js';
export { replay, type ReplayOptions, type ReplayReport } from '../replay/replay.js';
export type { RunMismatch, Divergence, SingleRun } from '../replay/report.js';
export type { FileCheck } from '../replay/verify.js';
export { formatReplayReport } from '../replay/format.js';
export type { TimelineOptions } from '../report/timeline.js';
