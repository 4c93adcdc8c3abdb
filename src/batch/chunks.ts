/**
 * A batch's runs handed out in chunks: contiguous ranges of run numbers per request, shrinking
 * towards the end (guided scheduling) so the workers finish together. Which worker runs which
 * chunk never changes a result: a run depends only on (point, design, seed), and results are put
 * in canonical order at the end.
 */
import type { WorkerPool } from './pool.js';
import type { ChunkResult, WorkerInit, WorkerRequest, WorkerResult } from './batchTask.js';

/** Compresses ascending run numbers into flat `[start, end)` pairs. */
function toRanges(todo: ArrayLike<number>, from: number, to: number): number[] {
  const ranges: number[] = [];
  for (let i = from; i < to;) {
    let j = i;
    while (j + 1 < to && todo[j + 1] === todo[j]! + 1) j++;
    ranges.push(todo[i]!, todo[j]! + 1);
    i = j + 1;
  }
  return ranges;
}

/**
 * Chunking with affinity: the runs are split into one contiguous share per worker, and each
 * worker takes guided chunks (about a third of what is left of its share, between a floor of
 * ~50 runs and a ceiling of 200) from the front of its own share. A worker whose share is done
 * takes chunks from the back of the largest share left. Runs are ordered design by design, so a
 * worker meets few designs and compiles and warms up only their models; chunks are large while
 * much remains and small at the end, so workers finish together.
 */
export function createChunker(
  todo: ArrayLike<number>,
  workers: number,
  fixed?: number,
): (worker: number) => number[] | null {
  const n = todo.length;
  const count = Math.max(1, workers);
  const shares = Array.from({ length: count }, (_, i) => ({
    front: Math.floor((i * n) / count),
    back: Math.floor(((i + 1) * n) / count),
  }));
  const floor = Math.max(1, Math.min(50, Math.floor(n / (count * 4))));
  const size = (remaining: number) =>
    fixed ?? Math.min(200, Math.max(floor, Math.ceil(remaining / 3)));
  return (worker) => {
    const own = shares[worker % count]!;
    if (own.back > own.front) {
      const end = Math.min(own.back, own.front + size(own.back - own.front));
      const ranges = toRanges(todo, own.front, end);
      own.front = end;
      return ranges;
    }
    let largest = own;
    for (const share of shares)
      if (share.back - share.front > largest.back - largest.front) largest = share;
    const remaining = largest.back - largest.front;
    if (remaining <= 0) return null;
    const start = largest.back - Math.min(remaining, size(remaining));
    const ranges = toRanges(todo, start, largest.back);
    largest.back = start;
    return ranges;
  };
}

/** Runs every chunk of `todo` (ascending run numbers) on the pool; `onResult` gets each chunk's rows. */
export function runChunks(
  pool: WorkerPool<WorkerInit, WorkerRequest, WorkerResult>,
  todo: ArrayLike<number>,
  onResult: (result: ChunkResult) => void,
  options: { chunkSize?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const next = createChunker(todo, pool.size, options.chunkSize);
  return pool.run(
    (worker) => {
      const ranges = next(worker);
      return ranges === null ? null : { type: 'chunk', ranges };
    },
    (result) => onResult(result as ChunkResult),
    options.signal,
    // a worker's next chunk waits in its queue while this thread stores the last one's rows
    2,
  );
}
