// Starts a study worker when the main process runs TypeScript sources (through tsx or vitest):
// a worker thread does not inherit its parent's loader, so register tsx here, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./studyWorker.ts');
