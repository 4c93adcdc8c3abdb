/**
 * The progress display of a long job (a bar on a terminal, a line every ~2 s otherwise): with the
 * command line, the only place that reads the wall clock.
 */
/** A progress display. */
export interface Progress {
  /** Sets the number of runs done so far. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * A progress display on `stream`: a one-line bar redrawn in place when it is a terminal,
 * otherwise a plain line every `intervalMs` (2 s) of wall clock. `initial` runs (already done
 * when a batch resumes) do not count towards the rate.
 */
export function createProgress(options: {
  total: number;
  initial?: number;
  label?: string;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const total = options.total;
  const initial = options.initial ?? 0;
  const label = options.label ?? 'runs';
  const interval = options.intervalMs ?? (tty ? 100 : 2000);
  const started = performance.now();
  let last = tty ? -Infinity : started;
  let done = initial;
  const text = () => {
    const elapsed = performance.now() - started;
    const rate = (done - initial) / Math.max(elapsed, 1);
    const left = rate > 0 ? `, ~${seconds((total - done) / rate)} left` : '';
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
    return { elapsed, left, pct };
  };
  const draw = (final: boolean) => {
    const { elapsed, left, pct } = text();
    if (tty) {
      const width = 30;
      const filled = total > 0 ? Math.round((width * done) / total) : width;
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${pct}%) ${seconds(elapsed)}${final ? '' : left}\x1b[K${final ? '\n' : ''}`,
      );
    } else {
      stream.write(
        `${label}: ${done}/${total} (${pct}%), ${seconds(elapsed)} elapsed${final ? '' : left}\n`,
      );
    }
  };
  return {
    update(n: number) {
      done = n;
      const now = performance.now();
      if (now - last >= interval) {
        last = now;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}
