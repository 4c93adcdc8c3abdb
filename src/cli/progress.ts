/**
 * Progress of a long command on stderr, through the batch's progress helper: a bar on a terminal,
 * a line every few seconds otherwise. Work that ends before the first line leaves no trace, so
 * quick runs (and tests reading stderr) see nothing.
 */
import { createProgress, type Progress } from '../batch/progress.js';

/**
 * A progress display over `total` steps named `label`, on `stream` (stderr); when it is not a
 * terminal, a line every `intervalMs`, and `finish` prints only if a line was due by then.
 */
export function quietProgress(
  total: number,
  label: string,
  options: { stream?: NodeJS.WriteStream; intervalMs?: number } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const intervalMs = options.intervalMs ?? (tty ? 100 : 2000);
  const started = performance.now();
  const progress = createProgress({ total, label, stream, intervalMs });
  return {
    update: (done) => progress.update(done),
    finish: () => {
      if (tty || performance.now() - started >= intervalMs) progress.finish();
    },
  };
}
