/**
 * The chaos test's seeded schedule: when after a start (or a progress marker) each kill lands
 * and with which signal, drawn from one seedrandom generator, so a failing seed replays the same
 * schedule (`CHAOS_SEED=<seed> npx vitest run test/chaos.test.ts`). It also keeps the log of
 * every kill, which a failure prints with the seed.
 */
import seedrandom from 'seedrandom';

/** The seed the schedule uses unless `CHAOS_SEED` names another. */
export const DEFAULT_CHAOS_SEED = 'rungs-chaos-1';

/** The seed of this run: `CHAOS_SEED` when set, else {@link DEFAULT_CHAOS_SEED}. */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.CHAOS_SEED?.trim();
  return given ? given : DEFAULT_CHAOS_SEED;
}

/** One kill the schedule made: what, after how long, with which signal, and how it ended. */
export interface Kill {
  readonly target: string;
  readonly attempt: number;
  readonly afterMs: number;
  readonly signal: NodeJS.Signals;
  /** What the delay waited for before it started (a share of the rows stored), if anything. */
  readonly waited: string;
  /** What the process had printed last (a progress line), or how it ended before the kill. */
  outcome: string;
}

/**
 * Draws delays and signals, see the module comment: one seeded generator per target (seeded
 * with the seed and the target's name), so targets killed at the same time draw the same
 * schedule whatever order their draws come in.
 */
export class ChaosSchedule {
  readonly kills: Kill[] = [];
  private readonly streams = new Map<string, seedrandom.PRNG>();

  constructor(readonly seed: string) {}

  private random(target: string): number {
    let stream = this.streams.get(target);
    if (!stream) this.streams.set(target, (stream = seedrandom(`${this.seed}/${target}`)));
    return stream();
  }

  /** A whole number of milliseconds for `target`, uniform in [minMs, maxMs]. */
  delayMs(target: string, minMs: number, maxMs: number): number {
    return Math.floor(minMs + this.random(target) * (maxMs - minMs + 1));
  }

  /**
   * How far a run gets before the delay to its kill starts, as a share of its rows: uniform in
   * [-0.15, 1.15), so about one kill in nine starts its delay at once (start-up) and one in nine
   * once every row is stored (while the files are written).
   */
  share(target: string): number {
    return -0.15 + 1.3 * this.random(target);
  }

  /** Mostly SIGKILL (nothing runs after it); some SIGTERM and SIGINT (the process's own stop). */
  signal(target: string): NodeJS.Signals {
    const x = this.random(target);
    return x < 0.7 ? 'SIGKILL' : x < 0.85 ? 'SIGTERM' : 'SIGINT';
  }

  /** Kills that landed on a running process (those that found it ended are not counted). */
  landed(target?: string): number {
    return this.kills.filter(
      (k) => (target === undefined || k.target === target) && !k.outcome.startsWith('ended'),
    ).length;
  }

  /** The seed and every kill, for a failure's message. */
  describe(): string {
    return [
      `chaos seed ${JSON.stringify(this.seed)} (reproduce: CHAOS_SEED='${this.seed}' npx vitest run test/chaos.test.ts)`,
      ...this.kills.map(
        (k) =>
          `  ${k.target} #${k.attempt}: ${k.signal} ${k.waited}after ${k.afterMs} ms — ${k.outcome.trim()}`,
      ),
    ].join('\n');
  }
}
