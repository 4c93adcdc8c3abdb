/**
 * The kernel of a run: the event queue on simulated minutes, delivery of events to actors (one
 * pure transition each), the timers that `after` delays become, and the budget of events a run
 * may process. Everything else (knowledge, deciders, the trace, the domain's actions) plugs in
 * through {@link KernelHooks}.
 */
import type { ModelEvent } from '../model/types.js';
import type { DrawnDelay } from '../model/draws.js';
import type { ActorId, ActorSnapshot, ExecutableAction, Runtimes } from './actor.js';
import { Scheduler } from './clock.js';
import { RUN_RETENTION, retentionMessage } from './retention.js';

export type { ActorId } from './actor.js';

/** What the kernel asks of the run around it. */
export interface KernelHooks {
  /** Called before any event reaches an actor (the knowledge bus brings the actor up to date). */
  beforeDeliver(actor: ActorId): void;
  /** An actor moved from one snapshot to another because of an event. */
  changed(
    actor: ActorId,
    before: ActorSnapshot,
    after: ActorSnapshot,
    event: ModelEvent,
    cause: string,
  ): void;
  /** An action of the model's own (xstate's raise and cancel the kernel carries out itself). */
  perform(actor: ActorId, action: ExecutableAction): void;
  /** A machine's drawn delay, drawn from its stream through the model's sampler, in minutes. */
  drawDelay(delay: DrawnDelay): number;
}

/** Thrown when a run processes more events than its budget allows: most likely a loop in zero time. */
export class EventBudgetError extends Error {
  override name = 'EventBudgetError';
}

export class Kernel {
  private readonly queue = new Scheduler<() => void>();
  private readonly snapshots = new Map<ActorId, ActorSnapshot>();
  private readonly timers = new Map<string, number>();
  /** One actions buffer per depth of nested deliveries (an action may deliver an event in turn). */
  private readonly actionBuffers: ExecutableAction[][] = [];
  private depth = 0;
  /** Events processed so far; starting the actors counts as the first. */
  completed = 0;

  constructor(
    private readonly runtimes: Runtimes,
    private readonly hooks: KernelHooks,
    private readonly budget: { readonly events: number; readonly describe: () => string },
  ) {
    for (const [actor, runtime] of runtimes) this.snapshots.set(actor, runtime.initial);
  }

  /** Simulated minutes since scenario start. */
  get now(): number {
    return this.queue.now;
  }

  /** The current snapshot of an actor. */
  snapshot(actor: ActorId): ActorSnapshot {
    return this.snapshots.get(actor)!;
  }

  /** Schedules `fn` after `delay` minutes; returns its sequence number. */
  at(delay: number, fn: () => void): number {
    return this.queue.schedule(this.queue.now + delay, fn);
  }

  /** Schedules `fn` at an absolute time (never earlier than now). */
  schedule(time: number, fn: () => void): number {
    return this.queue.schedule(time, fn);
  }

  /** Delivers an event to an actor now: one pure transition, its changes, its actions. */
  deliver(actor: ActorId, event: ModelEvent, cause: string): void {
    this.hooks.beforeDeliver(actor);
    const actions = (this.actionBuffers[this.depth] ??= []);
    actions.length = 0;
    this.depth++;
    try {
      const before = this.snapshots.get(actor)!;
      const after = this.runtimes.get(actor)!.transition(before, event, actions);
      if (after !== before) {
        this.snapshots.set(actor, after);
        this.hooks.changed(actor, before, after, event, cause);
      }
      for (const action of actions) this.carryOut(actor, action);
    } finally {
      this.depth--;
    }
  }

  private carryOut(actor: ActorId, action: ExecutableAction): void {
    const p = action.params;
    if (action.type === 'xstate.raise') {
      const delay = p.drawn ? this.hooks.drawDelay(p.drawn) : p.delay;
      if (typeof delay !== 'number') return;
      const key = `${actor}:${p.id}`;
      const event = p.event as ModelEvent;
      this.timers.set(
        key,
        this.at(delay, () => {
          this.timers.delete(key);
          this.deliver(actor, event, 'timer');
        }),
      );
    } else if (action.type === 'xstate.cancel') {
      const key = `${actor}:${p.sendId}`;
      const seq = this.timers.get(key);
      if (seq !== undefined) {
        this.queue.cancel(seq);
        this.timers.delete(key);
      }
    } else this.hooks.perform(actor, action);
  }

  /** The time of the next queued event, if any. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /**
   * Processes the next queued event if it is due no later than `limit`; false when none is.
   * Throws {@link EventBudgetError} when the run has processed more events than its budget, or
   * holds more events waiting than {@link RUN_RETENTION} allows.
   */
  step(limit: number): boolean {
    const next = this.queue.peek();
    if (!next || next.time > limit) return false;
    this.queue.pop()!.payload();
    if (++this.completed > this.budget.events) {
      throw new EventBudgetError(
        `${this.budget.describe()}: the run processed more than ${this.budget.events} events by simulated minute ${Math.round(this.now)} ` +
          '(most likely a loop in zero simulated time); if the run is genuine, raise limits.eventsPerRun in the scenario',
      );
    }
    // a loop that schedules as it goes (a rung report at every move) would fill memory before the budget
    if (this.queue.size > RUN_RETENTION.queuedEvents) this.overQueued();
    return true;
  }

  private overQueued(): never {
    const { describe } = this.budget;
    const limit = RUN_RETENTION.queuedEvents;
    throw new EventBudgetError(retentionMessage(describe(), 'queued events', limit, this.now));
  }

  /** Moves the clock forward to `time` with nothing processed (a paused live game). */
  advanceTo(time: number): void {
    if (time > this.queue.now) this.queue.now = time;
  }
}
