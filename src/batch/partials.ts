/**
 * The partial files of a batch folder: one per design (`partial/<design>.jsonl`), one line per
 * stored run (the row's JSON, a tab, its CSV line), and how a line is found in the plan's layout.
 */
import { join } from 'node:path';
import type { RunRow } from '../report/row.js';
import { rowFromJson } from '../report/jsonRow.js';
import { runNumber } from './runNumbers.js';
import { seedIndex } from './seeds.js';

export const PARTIAL_DIR = 'partial';

/** The partial file of one design. */
export function partialFile(dir: string, design: string): string {
  return join(dir, PARTIAL_DIR, `${design}.jsonl`);
}

/** What identifies a run inside one design's partial file. */
export interface StoreLayout {
  /** Sweep point labels by index. */
  readonly points: readonly string[];
  /** Ascending. */
  readonly seeds: readonly number[];
}

/**
 * A row's place in its design's block (its run number were its design the first, `runNumbers.ts`),
 * or -1 if not of this layout.
 */
export function keyOf(
  seeds: readonly number[],
  pointIndex: ReadonlyMap<string, number>,
  design: string,
  row: Pick<RunRow, 'design' | 'seed' | 'point'> | null,
): number {
  if (
    row === null ||
    typeof row !== 'object' ||
    row.design !== design ||
    typeof row.seed !== 'number'
  )
    return -1;
  const p = pointIndex.get(row.point);
  const s = seedIndex(seeds, row.seed);
  if (p === undefined || s < 0) return -1;
  return runNumber(
    { points: pointIndex.size, seeds: seeds.length },
    { design: 0, point: p, seedIndex: s },
  );
}

/** The row of a partial line: the JSON before the tab (the CSV line follows it). */
export function parseRow(text: string): RunRow | null {
  const tab = text.indexOf('\t');
  if (tab < 0) return null;
  try {
    return rowFromJson(JSON.parse(text.slice(0, tab)) as RunRow);
  } catch {
    return null;
  }
}

const PREFIX = /^\{"design":("(?:[^"\\]|\\.)*"),"seed":(\d+),"point":("(?:[^"\\]|\\.)*"),/;

/**
 * The identifying fields of a partial line, read from the row's prefix (toRow's field order)
 * without parsing the whole row, else by {@link parseRow}. For lines that recovery has checked,
 * that this process wrote whole, or that complete shards wrote; recovery itself parses every line.
 */
export function parseKey(text: string): Pick<RunRow, 'design' | 'seed' | 'point'> | null {
  const m = PREFIX.exec(text);
  if (!m || text.indexOf('\t') < 0) return parseRow(text);
  try {
    return {
      design: JSON.parse(m[1]!) as string,
      seed: Number(m[2]),
      point: JSON.parse(m[3]!) as string,
    };
  } catch {
    return null;
  }
}
