/**
 * Designs summarised while a batch's runs go on. The runs go design by design, the baseline's
 * first ({@link baselineFirst}), so most designs have every run stored long before the batch's
 * last run. A thread of its own (the batch task, as the run pool's workers) then reads such a
 * design's rows back off its partial file and reduces its latency distributions and its summary
 * against the baseline's, with the same requests the run pool's workers answer at the end: the
 * same task on the same rows, so the same bytes. A batch starts it only with fewer workers than
 * cores: it uses a core the runs leave idle (on two cores, a one-worker batch then ends with only
 * its last design to summarise); with a worker on every core it would only take their time.
 * What this thread has not summarised when the runs end is left to the run pool. It is only a
 * head start: if it fails (out of memory, an unreadable row), its designs are summarised at the
 * end as before, where the same error is told as before.
 */
import { WorkerPool } from './pool.js';
import {
  BATCH_TASK,
  type DistributionsResult,
  type SummaryResult,
  type WorkerInit,
  type WorkerRequest,
  type WorkerResult,
} from './batchTask.js';

/** What the run pool's workers would answer for one design at the end. */
export interface SummarisedDesign {
  readonly distributions: DistributionsResult;
  readonly summary: SummaryResult;
}

/** What a batch's summaries are asked with. */
export interface SummaryTerms {
  /** The designs' ids, by index. */
  readonly designs: readonly string[];
  /** The baseline's index. */
  readonly baseline: number;
  readonly decisions: readonly string[];
  readonly rungs: readonly string[];
  /** Runs of each design (sweep points × seeds): a design's run numbers are one block of this size. */
  readonly block: number;
  /** Whether each design's summary sends back its restricted-mean replicates (for the bottom line). */
  readonly replicates: boolean;
}

/**
 * `order` (run numbers in the order they would run) with the baseline's runs moved to the front,
 * each design's runs keeping their order: every other design can be summarised as soon as its own
 * runs are stored.
 */
export function baselineFirst(
  order: ArrayLike<number>,
  baseline: number,
  block: number,
): Uint32Array {
  const sorted = new Uint32Array(order.length);
  let at = 0;
  const isBaseline = (run: number) => Math.floor(run / block) === baseline;
  for (let i = 0; i < order.length; i++) if (isBaseline(order[i]!)) sorted[at++] = order[i]!;
  for (let i = 0; i < order.length; i++) if (!isBaseline(order[i]!)) sorted[at++] = order[i]!;
  return sorted;
}

/** Counts the lines of a chunk's part: one per run. */
export function linesIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The two requests that summarise a design: its distributions, then (its rows kept) its summary. */
export function summaryRequests(terms: SummaryTerms, design: number): WorkerRequest[] {
  const { designs, baseline, decisions, rungs, replicates } = terms;
  const common = { design: designs[design]!, baseline: designs[baseline]!, decisions };
  return [
    { type: 'distributions', ...common },
    { type: 'summary', ...common, rungs, replicates },
  ];
}

/** The thread that summarises designs while the runs go on (see the module comment). */
export class EarlySummaries {
  private readonly pool: WorkerPool<WorkerInit, WorkerRequest, WorkerResult>;
  private terms: SummaryTerms | null = null;
  /** Runs of each design still to be stored. */
  private left: Float64Array = new Float64Array(0);
  private readonly done = new Map<number, SummarisedDesign>();
  private working: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The design being summarised, if any. */
  private current: number | null = null;
  private signal: AbortSignal | undefined;
  /** Each design's distributions, as soon as made. */
  private readonly distributed = new Map<number, DistributionsResult>();
  private onDistributions: ((design: number, result: DistributionsResult) => void) | null = null;

  /** Starts the thread (it loads while the caller goes on) with the batch's worker data. */
  constructor(init: WorkerInit) {
    this.pool = new WorkerPool(BATCH_TASK, 1, { init });
  }

  /**
   * Starts watching the runs: `todo` are the run numbers still to be stored (the others are);
   * every design whose runs, and the baseline's, are all stored is summarised at once.
   */
  watch(terms: SummaryTerms, todo: ArrayLike<number>, signal?: AbortSignal): void {
    this.terms = terms;
    this.signal = signal;
    this.left = new Float64Array(terms.designs.length);
    for (let i = 0; i < todo.length; i++) this.left[Math.floor(todo[i]! / terms.block)]!++;
    if (this.left[terms.baseline] === 0) this.completed(terms.baseline);
  }

  /** Told that `runs` more runs of design `design` are stored. */
  stored(design: number, runs: number): void {
    if (this.terms === null || runs === 0 || this.left[design] === 0) return;
    this.left[design] = Math.max(0, this.left[design]! - runs);
    if (this.left[design] === 0) this.completed(design);
  }

  /** A design's runs are all stored: it is summarised next, or with the baseline once the baseline's are. */
  private completed(design: number): void {
    const { baseline, designs } = this.terms!;
    if (this.left[baseline] !== 0) return;
    if (design !== baseline) return this.enqueue(design);
    this.enqueue(baseline);
    for (let d = 0; d < designs.length; d++)
      if (d !== baseline && this.left[d] === 0) this.enqueue(d);
  }

  private enqueue(design: number): void {
    this.working = this.working.then(() => this.summarise(design));
  }

  private async summarise(design: number): Promise<void> {
    if (this.stopped) return;
    this.current = design;
    try {
      const requests = summaryRequests(this.terms!, design);
      let distributions: DistributionsResult | undefined;
      let summary: SummaryResult | undefined;
      await this.pool.run(
        () => requests.shift() ?? null,
        (result) => {
          if (result.type === 'summary') summary = result;
          if (result.type !== 'distributions') return;
          distributions = result;
          this.distributed.set(design, result);
          this.onDistributions?.(design, result);
        },
        this.signal,
      );
      this.done.set(design, { distributions: distributions!, summary: summary! });
    } catch {
      // a head start only: what it did not summarise, the run pool summarises at the end
      this.stopped = true;
    } finally {
      this.current = null;
    }
  }

  /** Resolves once every design ready so far is summarised (or the thread has failed). */
  idle(): Promise<void> {
    return this.working;
  }

  /**
   * Stops taking designs (the runs are done): `taken` are the designs summarised or being
   * summarised, and `results` gives those it summarised once the one in hand is done and the
   * thread has ended (a design it failed on is missing there). `onDistributions` is given every
   * design's distributions made so far at once, and the one in hand's as soon as they are made,
   * before its summary: the report's charts need no more.
   */
  stop(onDistributions?: (design: number, result: DistributionsResult) => void): {
    readonly taken: ReadonlySet<number>;
    readonly results: Promise<ReadonlyMap<number, SummarisedDesign>>;
  } {
    this.stopped = true;
    if (onDistributions) {
      for (const [design, result] of this.distributed) onDistributions(design, result);
      this.onDistributions = onDistributions;
    }
    const taken = new Set(this.done.keys());
    if (this.current !== null) taken.add(this.current);
    const results = this.working.then(() => this.pool.close()).then(() => this.done);
    return { taken, results };
  }

  /** Ends the thread (the batch failed or was stopped). */
  close(): Promise<void> {
    this.stopped = true;
    return this.pool.close();
  }
}
