/**
 * A study's cost before it starts: its runs and an estimated time from the pilot's measured rate,
 * printed to stderr; on a terminal the user confirms (Enter or y), `--yes` skips the question, and
 * without a terminal (scripts, CI) the study starts after printing the estimate.
 */
import { createInterface } from 'node:readline/promises';
import type { StudyPlan } from '../analysis/studySeeds.js';
import { formatDuration } from '../report/timeline.js';

const count = (n: number) => n.toLocaleString('en-US');

/** The plan in words: runs, and the time at `runsPerSecond` per worker on `workers` workers. */
export function planText(plan: StudyPlan, runsPerSecond: number, workers: number): string {
  const seconds = plan.total / (runsPerSecond * workers);
  return (
    `This study makes about ${count(plan.total)} runs: ${count(plan.points)} points × ${plan.seeds} seeds × ${plan.designs} designs ` +
    `(${count(plan.runs.sample)}), the noise floor (${count(plan.runs.noise)})` +
    (plan.runs.flipsAtMost > 0
      ? ` and at most ${count(plan.runs.flipsAtMost)} for the flip searches. `
      : '. ') +
    `At the pilot's ${Math.round(runsPerSecond)} runs a second per worker (a warm point) on ${workers} worker${workers === 1 ? '' : 's'}: about ${formatDuration(Math.max(1, Math.ceil(seconds / 60)))}.`
  );
}

/**
 * Prints the plan and asks to go on where a person can answer; true to start. `yes` (`--yes`)
 * starts without asking.
 */
export async function confirmPlan(text: string, yes: boolean): Promise<boolean> {
  process.stderr.write(`${text}\n`);
  if (yes || !process.stdin.isTTY || !process.stderr.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question('Start it? [Y/n] ')).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}
