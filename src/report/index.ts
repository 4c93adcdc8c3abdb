/**
 * `rungs/report`: the writers of what the commands write: timelines, comparison tables and
 * reports, batch rows, columns and report pages, study and ranking files, calibration reports.
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
export {
  compareDesigns,
  reportedDecisions,
  type Comparison,
  type CompareOptions,
} from './compare.js';
export { latencyTables, outcomeTable, LATENCY_DEFINITIONS } from './tables.js';
export { comparisonReportHtml } from './compareReport.js';
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
export { sensitivityMarkdown, sensitivityJson, salibFiles } from './sensitivity.js';
export { sensitivityReportHtml } from './sensitivityReport.js';
export { writeStudyFiles } from './studyFiles.js';
export { rankingMarkdown, rankingJson, rankingCsv } from './ranking.js';
export { calibrationTable, counterfactualTable } from './calibration.js';
export { calibrationReportHtml } from './calibrationReport.js';
export { renderSvg } from './svg.js';
