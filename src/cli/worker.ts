/**
 * `rungs worker --redis redis://host:6379 --queue rungs`: takes shard jobs of batches from a
 * BullMQ queue on Redis and runs each into its shard folder (on the file system the enqueuing
 * machine shares), until stopped with Ctrl-C or SIGTERM. A thin layer over `startQueueWorker`.
 */
import { commandArgs, intOption, noPositional, requiredOption, stringOption } from './args.js';
import { runCli } from './run.js';
import { leaseClockOf } from './lease.js';

const HELP = `usage: rungs worker --redis redis://host:6379 [--queue rungs] [options]
       (npm run worker -- … is the same)

Takes shard jobs from the queue (enqueued by rungs batch … --queue redis://host:6379/rungs) and
runs each, on worker threads, into its shard folder, which must be on a file system this machine
shares with the one that enqueued it. Runs until Ctrl-C or SIGTERM. A worker that dies loses no
work: after --lock-seconds another worker takes its shard over and finishes it (--resume).

  --redis URL          the Redis server (redis://[user:password@]host[:port])
  --queue NAME         the queue (default rungs)
  --concurrency N      shards at once (default 1; one shard already uses --threads threads)
  --threads N          worker threads per shard (default: available parallelism)
  --lock-seconds S     how long a shard stays with a worker that stops answering (default 30)

exit codes: 0 stopped, 2 bad arguments`;

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    {
      redis: 'value',
      queue: 'value',
      concurrency: 'value',
      threads: 'value',
      'lock-seconds': 'value',
    },
    HELP,
  );
  if (!args) return 0;
  noPositional(args);
  // loaded once the arguments are known: --help and a usage error need none of it
  const { parseQueueAddress, startQueueWorker } = await import('../batch/queue.js');
  const address = parseQueueAddress(
    requiredOption(args, 'redis', '--redis redis://127.0.0.1:6379'),
    '--redis',
    stringOption(args, 'queue', 'rungs'),
  );
  const threads = args.options.has('threads')
    ? intOption(args, 'threads', 1, { min: 1, max: 64 })
    : undefined;
  const { now: _now, ...leaseSettings } = leaseClockOf(process.env);
  const worker = await startQueueWorker(address, {
    concurrency: intOption(args, 'concurrency', 1, { min: 1, max: 64 }),
    lockSeconds: intOption(args, 'lock-seconds', 30, { min: 2, max: 86_400 }),
    ...(threads ? { threads } : {}),
    lease: leaseSettings,
    onError: (message) => process.stderr.write(`error: ${message}\n`),
    onShard: (event, job) =>
      console.log(
        `${event === 'started' ? 'started' : 'done   '} shard ${job.shard.index}/${job.shard.count} → ${job.batch.out}`,
      ),
  });
  await worker.waitUntilReady();
  console.log(
    `worker on ${address.connection.host}:${address.connection.port}, queue ${address.name}: waiting for shards`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void worker.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
});
