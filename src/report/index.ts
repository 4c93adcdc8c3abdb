/**
 * `rungs/report`: what the commands write, as text: timelines, batch rows (CSV and JSON lines),
 * their columns and data dictionary, design summaries and latency tables, and the HTML reports
 * of batches and comparisons with their charts. Study, ranking and calibration reports are in
 * `rungs/analysis`, beside the studies.
 *
 * @packageDocumentation
 */
export {
  formatTime,
  formatDuration,
  formatTimeline,
  formatDecisions,
  formatOutcome,
  timelineOptionsOf,
  type TimelineOptions,
} from './timeline.js';
export { latencyTables, outcomeTable, LATENCY_DEFINITIONS } from './tables.js';
export { comparisonReportHtml, type Comparison } from './compareReport.js';
export { summarizeDesign, type DesignSummary, type SummaryOptions } from './summary.js';
export {
  latencyDistribution,
  latencyDistributions,
  type LatencyDistribution,
  type DesignDistributions,
} from './distribution.js';
export {
  toRow,
  csvHeader,
  csvLine,
  decisionStatus,
  DECISION_STATUSES,
  type RunRow,
  type RowDecision,
  type DecisionStatus,
} from './row.js';
export { ColumnsBuilder, columnsOf, type RunColumns } from './columns.js';
export { dataDictionary, type DictionaryInput } from './dataDictionary.js';
export { batchReportHtml, type BatchReportInput } from './batchReport.js';
export { renderSvg } from './svg.js';
