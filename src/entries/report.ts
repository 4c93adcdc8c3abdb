/**
 * `rungs/report`: what the commands write, as text: timelines, batch rows (CSV and JSON lines),
 * their columns and data dictionary, design summaries and latency tables, and the HTML reports
 * of batches and comparisons with their charts. Study, ranking and calibration reports are in
 * `rungs/analysis`, beside the studies.
 *
 *
 * @example
 * ```ts
 * import { compileModel, loadDesign, loadScenario, simulate } from 'rungs';
 * import { formatDecisions, formatTimeline, timelineOptionsOf } from 'rungs/report';
 *
 * const loaded = loadScenario('node_modules/rungs/scenarios/senkaku-gray-zone.yaml');
 * const model = compileModel(
 *   loaded.scenario,
 *   loadDesign('node_modules/rungs/scenarios/c2/parallel.yaml', loaded.scenario).design,
 * );
 * const result = simulate(model, { seed: 3, keepTrace: true });
 * console.log(formatTimeline(result.trace!, timelineOptionsOf(model)).join('\n'));
 * console.log(formatDecisions(result.decisions).join('\n'));
 * ```
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
} from '../report/timeline.js';
export { latencyTables, outcomeTable, LATENCY_DEFINITIONS } from '../report/tables.js';
export { comparisonReportHtml, type Comparison } from '../report/compareReport.js';
export type {
  BottomLine,
  DecisionBottomLine,
  FaitAccompliComparison,
} from '../report/bottomLine.js';
export type { PairDifference } from '../stats/indistinguishable.js';
export { overriddenTitle, provenanceNote, type Provenance } from '../report/provenance.js';
export type { OverrideRecord } from '../assumptions/setOption.js';
export { summarizeDesign, type DesignSummary, type SummaryOptions } from '../report/summary.js';
export {
  latencyDistribution,
  latencyDistributions,
  type LatencyDistribution,
  type DesignDistributions,
} from '../report/distribution.js';
export {
  toRow,
  csvHeader,
  csvLine,
  decisionStatus,
  DECISION_STATUSES,
  type RunRow,
  type RowDecision,
  type DecisionStatus,
} from '../report/row.js';
export { ColumnsBuilder, columnsOf, type RunColumns, type ColumnRow } from '../report/columns.js';
export { dataDictionary, type DictionaryInput } from '../report/dataDictionary.js';
export { batchReportHtml, type BatchReportInput } from '../report/batchReport.js';
export { renderSvg, Figures } from '../report/svg.js';
export type * from './index.js';
