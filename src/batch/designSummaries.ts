/**
 * The designs' summaries of a finished batch, from the run pool's workers and the thread that
 * summarised designs while the runs went on (`earlySummaries.ts`): each design's latency
 * distributions (for the report's charts) and its summaries, seed outcomes and restricted-mean
 * replicates (for summary.json and its bottom line),
 * collected by design, whichever thread made them.
 */
import type { DecisionReplicates, DesignSummary } from '../report/summary.js';
import type { SeedOutcomes } from '../report/bottomLine.js';
import type { DesignDistributions } from '../report/distribution.js';
import type { WorkerPool } from './pool.js';
import { summaryRequests, type SummarisedDesign, type SummaryTerms } from './earlySummaries.js';
import type { WorkerInit, WorkerRequest, WorkerResult } from './batchTask.js';

/** Every design's distributions and summaries, by design index, as they come in. */
export class DesignResults {
  readonly distributions: DesignDistributions[][] = [];
  readonly byDesign: DesignSummary[][] = [];
  readonly outcomes: Array<readonly SeedOutcomes[]> = [];
  readonly replicates: Array<readonly DecisionReplicates[]> = [];
  private received = 0;

  /** `onDistributions` is called once, when every design's distributions are in. */
  constructor(
    private readonly designs: number,
    private readonly onDistributions: () => void,
  ) {}

  /** Whether design `d` has its summary. */
  has(d: number): boolean {
    return this.byDesign[d] !== undefined;
  }

  /** Takes one design's distributions or summary. */
  take(d: number, result: SummarisedDesign[keyof SummarisedDesign]): void {
    if (result.type === 'summary') {
      this.byDesign[d] = [...result.summaries];
      this.outcomes[d] = result.outcomes;
      this.replicates[d] = result.replicates;
      return;
    }
    if (this.distributions[d] !== undefined) return;
    this.distributions[d] = [...result.distributions];
    if (++this.received === this.designs) this.onDistributions();
  }
}

/**
 * Summarises `designs` (indices; the cheapest, the baseline's, best last) on the run pool: each
 * worker reads a design's rows and reduces its distributions, then summarises the designs it read
 * (it kept their rows), then any left. A worker's next request waits in its queue while this
 * thread writes files or draws.
 */
export function summariseOnPool(
  pool: WorkerPool<WorkerInit, WorkerRequest, WorkerResult>,
  terms: SummaryTerms,
  designs: readonly number[],
  results: DesignResults,
  signal?: AbortSignal,
): Promise<void> {
  const readBy = new Map<number, number>();
  const toSummarise = [...designs];
  return pool.run(
    (worker): WorkerRequest | null => {
      const read = designs[readBy.size];
      if (read !== undefined) {
        readBy.set(read, worker);
        return summaryRequests(terms, read)[0]!;
      }
      const mine = toSummarise.findIndex((d) => readBy.get(d) === worker);
      const [d] = toSummarise.splice(mine >= 0 ? mine : 0, 1);
      return d === undefined ? null : summaryRequests(terms, d)[1]!;
    },
    (result) => {
      if (result.type === 'distributions' || result.type === 'summary')
        results.take(terms.designs.indexOf(result.design), result);
    },
    signal,
    2,
  );
}
