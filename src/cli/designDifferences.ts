/**
 * What `rungs validate` says of a design that extends another: the paths it changes relative to
 * its parent (added, changed, removed), grouped under the differences it states, and as problems
 * every change no stated difference covers, every stated path that names no change, every stated
 * path that is not one, and every change that is neither what the design is made of nor a
 * registered choice or number (`designChoices.ts`).
 */
import type { InputIssue } from '../scenario/errors.js';
import {
  checkDifferences,
  type DesignChange,
  type DifferenceReport,
} from '../scenario/designDiff.js';
import { unregisteredChanges } from '../scenario/designChoices.js';
import type { LoadedDesign } from '../scenario/load.js';

const line = (c: DesignChange) => `      ${c.kind.padEnd(8)} ${c.path}`;

/** The lines that show a design's changes relative to its parent under its stated differences. */
function reportLines(report: DifferenceReport, parent: LoadedDesign): string[] {
  const lines = [
    `    differs from ${parent.design.id} (${parent.file}): ${report.changes.length} changed path${report.changes.length === 1 ? '' : 's'} under ${report.stated.length} stated difference${report.stated.length === 1 ? '' : 's'}`,
  ];
  for (const s of report.stated) {
    lines.push(`    - ${s.difference.what.replace(/\s+/g, ' ').trim()}`);
    lines.push(...s.changes.map(line));
    if (s.changes.length === 0) lines.push('      (no change under its paths)');
  }
  if (report.uncovered.length > 0) {
    lines.push('    - not covered by any stated difference:');
    lines.push(...report.uncovered.map(line));
  }
  return lines;
}

/** The problems with a design's stated differences: uncovered changes, stale and malformed paths. */
function differenceIssues(report: DifferenceReport, file: string, id: string): InputIssue[] {
  return [
    ...report.uncovered.map((c) => ({
      file,
      path: 'differences',
      message: `${c.kind} ${c.path} relative to ${id}, which no stated difference covers: add the path to the difference it belongs to, or state a new one`,
    })),
    ...report.stale.map((s) => ({
      file,
      path: s.at,
      message: `"${s.path}" names nothing this design changes relative to ${id} (a stale claim): correct the path, or drop it`,
    })),
    ...report.badPaths.map((b) => ({
      file,
      path: b.at,
      message: `"${b.path}" is not a path (expected such as organisations[acm.bocc].capacity or mechanism.consultation[].members: [] any item, * any key)`,
    })),
  ];
}

/**
 * A design's changes relative to its parent as lines to print, and the problems with its stated
 * differences (each naming the design's file and the path inside it).
 */
export function designDifferences(
  design: LoadedDesign,
  parent: LoadedDesign,
): { lines: string[]; issues: InputIssue[] } {
  const report = checkDifferences(design.design, parent.design, design.differences);
  const unregistered = unregisteredChanges(design.design, parent.design).map((c) => ({
    file: design.file,
    path: 'differences',
    message: `${c.kind} ${c.path} relative to ${parent.design.id} is a structural change no registered assumption covers: register it where it is written (choices: with its alternatives, or ranges: for a number), so that a design differs from another only by what it is made of and by registered assumptions`,
  }));
  return {
    lines: reportLines(report, parent),
    issues: [...differenceIssues(report, design.file, parent.design.id), ...unregistered],
  };
}
