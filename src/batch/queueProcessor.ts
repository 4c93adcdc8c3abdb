/**
 * BullMQ's sandboxed processor for shard jobs (queue.ts): the module a queue worker's worker
 * thread loads, compiled like the rest of the package. BullMQ calls its default export.
 */
export { runShardJob as default } from './shardJob.js';
