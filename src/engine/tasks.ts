/**
 * Steps of staffing as continuations: a task calls `done` once when it has finished, so tasks
 * compose in parallel and in sequence on the run's own clock, with no promises in between.
 */

/** A step of staffing: calls `done` once when it has finished. */
export type Task = (done: () => void) => void;

/** Runs tasks in parallel and calls `done` once when all have finished. */
export function all(tasks: readonly Task[], done: () => void): void {
  let left = tasks.length;
  if (left === 0) return done();
  for (const task of tasks)
    task(() => {
      if (--left === 0) done();
    });
}

/** Runs tasks one after another. */
export function sequence(tasks: readonly Task[], done: () => void): void {
  const next = (i: number): void => (i === tasks.length ? done() : tasks[i]!(() => next(i + 1)));
  next(0);
}
