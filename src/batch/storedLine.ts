/**
 * Whether a partial line is exactly what a batch writes for its row: the row's JSON, a tab and
 * the row's CSV line, each as the encoders write them. Resuming keeps only such lines, so a line
 * whose JSON reads but whose CSV half was cut short, overwritten (a crash that left zeros or
 * another line's bytes behind) or edited is dropped and its run made again: results.csv is copied
 * from the CSV halves byte for byte and nothing else would notice.
 */
import { rowJson } from '../report/jsonRow.js';
import { csvLine, type RunRow } from '../report/row.js';

/**
 * True when `text` (a partial line without its newline) is `row` encoded whole: its JSON as
 * `rowJson` writes it, a tab, and its CSV line for `columns` and the swept paths `sweep`.
 */
export function isStoredLine(
  text: string,
  row: RunRow,
  columns: readonly string[],
  sweep: readonly string[],
): boolean {
  try {
    return text === `${rowJson(row)}\t${csvLine(row, columns, sweep)}`;
  } catch {
    // fields that are not a row's (an edited line) may fail to encode
    return false;
  }
}
