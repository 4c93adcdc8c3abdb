// BullMQ's sandboxed processor for shard jobs: runs in a worker thread of a queue worker, which
// does not inherit the parent's loader, so register tsx here, then run the shard (shardJob.ts).
import { register } from 'tsx/esm/api';

register();
const { runShardJob } = await import('./shardJob.ts');

export default runShardJob;
