/**
 * The public API of rungs: load and validate files, compile a model, run it (to the end, or
 * step by step with people answering decisions), compare designs, run batches and replay them.
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
export type {
  Scenario,
  Design,
  Decision,
  Organisation,
  Rung,
  Condition,
} from './scenario/schema.js';
export { EVENT_FIELDS, type ModelEvent } from './model/types.js';
export { compileModel, type Model, type CompiledDecision } from './model/compile.js';
export {
  simulate,
  type SimulationOptions,
  type RunResult,
  type RunStatus,
} from './engine/simulation.js';
export { createRun, createRun as createSimulation, type Run } from './engine/run.js';
export {
  AnswerError,
  type DecisionPoint,
  type RecordedAnswer,
  type Script,
} from './engine/deciders.js';
export { EventBudgetError } from './engine/kernel.js';
export type { Delivery } from './engine/knowledgeBus.js';
export { SimulatedClock, Scheduler } from './engine/clock.js';
export { createRandomStreams, type RandomStreams } from './engine/random.js';
export { toSampler, type Distribution, type Sampler } from './math/distributions.js';
export { normalQuantile } from './math/normal.js';
export { hashTrace, serializeTrace, parseTrace, type TraceEntry } from './engine/trace.js';
export { metricsFromTrace, type DecisionMetric, type Outcome } from './engine/metrics.js';
export { compareDesigns, type Comparison } from './analysis/compare.js';
export { summarizeDesign, type DesignSummary } from './report/summary.js';
export { formatTimeline, formatDecisions, formatOutcome } from './report/timeline.js';
export {
  toRow,
  csvHeader,
  csvLine,
  decisionStatus,
  DECISION_STATUSES,
  type RunRow,
  type RowDecision,
  type DecisionStatus,
} from './report/row.js';
export { batchReportHtml, type BatchReportInput } from './report/batchReport.js';
export { ColumnsBuilder, columnsOf, type RunColumns } from './report/columns.js';
export { runBatch, type BatchOptions, type BatchResult } from './batch/runBatch.js';
export { replay, type ReplayOptions, type ReplayReport } from './replay/replay.js';
export { formatReplayReport } from './replay/format.js';
