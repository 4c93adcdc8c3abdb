/**
 * A worker thread of a robustness study: builds the assumption space once, then answers points
 * (assumption values) with the paired outcome of the two designs on the study's seeds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluatorFor, type StudySetup } from './studyPoints.js';

if (parentPort) {
  const port = parentPort;
  const evaluate = evaluatorFor(workerData as StudySetup);
  port.on('message', (message: { index: number; values: Array<[string, number]> }) => {
    try {
      port.postMessage({ index: message.index, outputs: evaluate(new Map(message.values)) });
    } catch (error) {
      port.postMessage({
        index: message.index,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
}
