/**
 * A discrete-event scheduler on simulated minutes. Events are ordered by time, then by the
 * sequence number they were scheduled with, so two events at the same minute always run in the
 * order they were scheduled. It implements xstate's `Clock`, so an actor created with
 * `createActor(machine, { clock })` runs its `after` delays on simulated time.
 */
import type { ActorOptions, AnyActorLogic } from 'xstate';

/** xstate's clock interface (not exported by name from the package root). */
type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** One scheduled entry: `payload` is whatever the owner wants delivered at `time`. */
export interface ScheduledEntry<T> {
  readonly time: number;
  readonly seq: number;
  readonly payload: T;
}

/** A binary min-heap ordered by (time, seq); cancelled entries are skipped lazily. */
export class Scheduler<T> {
  private heap: ScheduledEntry<T>[] = [];
  private cancelled = new Set<number>();
  private nextSeq = 0;
  /** Simulated minutes since scenario start of the last entry taken. */
  now = 0;

  /** Schedules `payload` at `time` (never earlier than now) and returns its sequence number. */
  schedule(time: number, payload: T): number {
    const seq = this.nextSeq++;
    const entry = { time: time < this.now ? this.now : time, seq, payload };
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
    return seq;
  }

  /** Cancels a scheduled entry by its sequence number. */
  cancel(seq: number): void {
    this.cancelled.add(seq);
  }

  /** The next live entry without removing it. */
  peek(): ScheduledEntry<T> | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Removes and returns the next live entry, advancing `now` to its time. */
  pop(): ScheduledEntry<T> | undefined {
    this.dropCancelled();
    const top = this.takeTop();
    if (top) this.now = top.time;
    return top;
  }

  get size(): number {
    return this.heap.length - this.cancelled.size;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.seq)) {
      this.cancelled.delete(this.heap[0]!.seq);
      this.takeTop();
    }
  }

  private takeTop(): ScheduledEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before<T>(a: ScheduledEntry<T>, b: ScheduledEntry<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * xstate `Clock` backed by a {@link Scheduler}: `setTimeout(fn, minutes)` runs `fn` when the
 * scheduler reaches that simulated minute through {@link SimulatedClock.runUntil}.
 */
export class SimulatedClock implements Clock {
  readonly scheduler = new Scheduler<() => void>();

  // the signature of xstate's Clock
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  setTimeout(fn: (...args: any[]) => void, timeout: number): number {
    return this.scheduler.schedule(this.scheduler.now + timeout, fn);
  }

  clearTimeout(id: unknown): void {
    this.scheduler.cancel(id as number);
  }

  /** Simulated minutes since start. */
  get now(): number {
    return this.scheduler.now;
  }

  /** Runs every callback due up to and including `time`, in (time, sequence) order. */
  runUntil(time: number): void {
    for (
      let next = this.scheduler.peek();
      next && next.time <= time;
      next = this.scheduler.peek()
    ) {
      this.scheduler.pop()!.payload();
    }
    if (this.scheduler.now < time) this.scheduler.now = time;
  }
}
