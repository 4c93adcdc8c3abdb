/**
 * The benchmark's line on limits: what a run holds when it loops in zero simulated time until the
 * default event budget stops it (`loop.yaml`, run as a batch's worker runs it, in a fresh process
 * with the batch Node flags). Its memory must not grow with its events: issue 25 asks for less
 * than 256 MB at the default budget.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BATCH_NODE_FLAGS } from '../src/batch/pool.js';

const run = promisify(execFile);

/** What `budgetChild.ts` reports. */
interface BudgetReport {
  readonly events: number;
  readonly budget: number;
  readonly stopped: string;
  readonly seconds: number;
  readonly peakHeapMB: number;
  readonly peakRssMB: number;
}

/** Measures the looping run and says one line. */
export async function budgetSection(
  stepDone: () => void,
  say: (line: string) => void,
): Promise<void> {
  const { stdout } = await run(
    process.execPath,
    [...BATCH_NODE_FLAGS, '--import', 'tsx', 'bench/budgetChild.ts', 'bench/loop.yaml'],
    { encoding: 'utf8' },
  );
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as BudgetReport;
  stepDone();
  if (!report.stopped) throw new Error('the looping run of bench/loop.yaml was not stopped');
  say('## Limits\n');
  say(
    `a run that hits the event budget: ${report.events.toLocaleString('en')} events ` +
      `(budget ${report.budget.toLocaleString('en')}), peak heap ${report.peakHeapMB.toFixed(0)} MB, ` +
      `peak RSS ${report.peakRssMB.toFixed(0)} MB, ${report.seconds.toFixed(1)} s\n`,
  );
}
