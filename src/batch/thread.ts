/**
 * The one module every worker thread of a pool starts from: it imports the task module the pool
 * names (`workerData.task`), sets the task up with the first message's data, then answers each
 * request with its result or the error it threw. Anything else that goes wrong (the task module
 * does not load, the thread runs out of memory) ends the thread, and the pool fails the job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  sendError,
  type FromThread,
  type TaskHandler,
  type TaskModule,
  type ToThread,
} from './task.js';

const port = parentPort;
const taskUrl = (workerData as { task?: unknown } | null)?.task;
if (port === null || typeof taskUrl !== 'string')
  throw new Error('thread.js is started by a worker pool, with the task module to run');

const task = (await import(taskUrl)) as TaskModule<unknown, unknown, unknown>;
let handler: Promise<TaskHandler<unknown, unknown>> | null = null;

/** Answers one request; a request that arrives before the task is set up waits for it. */
async function answer(id: number, request: unknown): Promise<FromThread> {
  try {
    if (handler === null)
      throw new Error('a worker thread was sent a request before its task data');
    return { id, result: await (await handler)(request) };
  } catch (error) {
    return { id, error: sendError(error) };
  }
}

port.on('message', (message: ToThread) => {
  if (message.type === 'init') {
    handler = Promise.resolve().then(() => task.createTask(message.init));
    // a failure to set up is each request's answer
    handler.catch(() => undefined);
    return;
  }
  void answer(message.id, message.request).then((reply) => port.postMessage(reply));
});
