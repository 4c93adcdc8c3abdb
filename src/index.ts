/**
 * `rungs`: load and validate scenario and design files, compile a model, run it (to the end, or
 * step by step with people answering decision points), read its trace and metrics, run batches
 * (in one process, split into shards across machines, or through a queue) and replay them.
 *
 * Studies, calibration and comparisons are in `rungs/analysis`; live games in `rungs/live`;
 * tables, CSV rows and HTML reports in `rungs/report`.
 *
 * @packageDocumentation
 */
export {
  loadScenario,
  loadDesign,
  parseScenario,
  parseDesign,
  type LoadedScenario,
  type LoadedDesign,
} from './scenario/load.js';
export { InputError, formatIssue, type InputIssue } from './scenario/errors.js';
export {
  resolveDesignFiles,
  listDesignFiles,
  designDirectory,
  defaultBaseline,
} from './scenario/catalog.js';
export { toJsonSchemas } from './scenario/jsonSchema.js';
export { collectAssumptions, assumptionRegister, type Assumption } from './scenario/register.js';
export type {
  Scenario,
  Design,
  Decision,
  Organisation,
  Rung,
  Condition,
  Side,
  Nation,
} from './scenario/schema.js';
export { SIDES, NATIONS } from './scenario/primitives.js';
export { EVENT_FIELDS, type ModelEvent } from './model/types.js';
export { compileModel, type Model, type CompiledDecision } from './model/compile.js';
export {
  simulate,
  type SimulationOptions,
  type RunResult,
  type RunStatus,
} from './engine/simulation.js';
export { createRun, type Run } from './engine/run.js';
export {
  AnswerError,
  type DecisionPoint,
  type RecordedAnswer,
  type Script,
} from './engine/deciders.js';
export { EventBudgetError } from './engine/kernel.js';
export type { Delivery } from './engine/knowledgeBus.js';
export { hashTrace, serializeTrace, parseTrace, type TraceEntry } from './engine/trace.js';
export { metricsFromTrace, type DecisionMetric, type Outcome } from './engine/metrics.js';
export { runBatch, type BatchOptions, type BatchResult } from './batch/runBatch.js';
export { parseSeeds } from './batch/seeds.js';
export { parseShard, type Shard } from './batch/shard.js';
export { mergeShards, type MergeOptions } from './batch/merge.js';
export {
  runQueuedBatch,
  startQueueWorker,
  parseQueueAddress,
  type QueueAddress,
  type QueuedBatchOptions,
  type WorkerOptions,
} from './batch/queue.js';
export { InterruptedError } from './batch/pool.js';
export { replay, type ReplayOptions, type ReplayReport } from './replay/replay.js';
export { formatReplayReport } from './replay/format.js';
