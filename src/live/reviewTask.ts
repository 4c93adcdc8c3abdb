/**
 * The worker thread that builds one review (`reviewWorker.ts` starts it with a
 * {@link ReviewRequest} as its data): it posts the review's files (its page and tables), or the error that stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reviewFromLog, type ReviewRequest } from './reviewReplay.js';

const port = parentPort;
if (port === null) throw new Error('reviewTask.js is started as a worker thread');
try {
  port.postMessage({ files: await reviewFromLog(workerData as ReviewRequest) });
} catch (error) {
  port.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
