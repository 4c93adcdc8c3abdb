/**
 * `rungs merge SHARD_DIR... --out DIR`: the shards of a batch (`batch --shard i/N`) put back
 * together into one batch folder, byte-identical to the batch run on one machine, or those of a
 * robustness study (`sensitivity --shard i/N`) into the study's files. A thin layer over
 * `mergeShards` (src/batch/merge.ts) and `mergeStudyShards` (src/analysis/studyShards.ts).
 */
import { availableParallelism } from 'node:os';
import { commandArgs, intOption, requiredOption } from './args.js';
import { checkOutFolder } from '../batch/outFolder.js';
import { batchFilesLine } from './batch.js';
import { runCli, UsageError } from './run.js';
import { leaseClockOf } from './lease.js';

const HELP = `usage: rungs merge SHARD_DIR... --out DIR [--workers N]
       (npm run merge -- … is the same)

The shards of a batch (batch --shard) or of a robustness study (sensitivity --shard, whose folders
hold shard.json). Checks that the folders are one batch's (or study's) complete set of shards
(the same plan and shard count, every index once, each complete) and writes DIR with every file
the batch (or study) writes on one machine, byte-identical to it. A batch shard killed part-way is
finished first with its batch command and --resume; a study shard is run again. Each batch shard's
rows are checked against the digest it recorded when it completed: a shard whose rows changed since
is refused, naming the file. A merge killed part-way is finished by running the same command again.

  --out DIR      the merged batch's folder (new or empty, or holding this merge killed part-way)
  --workers N    worker threads for the summaries, 1 to 64 (default: available parallelism)

exit codes: 0 merged, 2 bad arguments, or shards that are not one batch's complete set (each
problem named)`;

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), { out: 'value', workers: 'value' }, HELP);
  if (!args) return 0;
  // loaded once the arguments are known: --help needs none of it
  const [{ mergeShards }, { isStudyShard, mergeStudyShards }, { writeStudyFiles, STUDY_FILES }] =
    await Promise.all([
      import('../batch/merge.js'),
      import('../analysis/studyShards.js'),
      import('../analysis/studyFiles.js'),
    ]);
  const out = checkOutFolder(requiredOption(args, 'out', '--out runs/study/all'), {
    cwd: process.cwd(),
  });
  if (args.positional.length === 0) throw new UsageError(`give the shard folders\n\n${HELP}`);
  const started = performance.now();
  const workers = args.options.has('workers')
    ? intOption(args, 'workers', 1, { min: 1, max: 64 })
    : undefined;
  if (isStudyShard(args.positional[0]!)) {
    checkOutFolder(out, { cwd: process.cwd(), own: STUDY_FILES });
    const study = await mergeStudyShards(args.positional, {
      workers: workers ?? availableParallelism(),
    });
    await writeStudyFiles(out, study);
    console.log(
      `merged ${args.positional.length} study shards into ${out}/ — report.md, report.html, study.json and salib/, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  }
  const result = await mergeShards(args.positional, {
    out,
    lease: leaseClockOf(process.env),
    ...(workers ? { workers } : {}),
    onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
  });
  const m = result.manifest;
  if (result.alreadyComplete) {
    console.log(`${out} already holds this merge, complete (${m.runs} runs); nothing to do`);
    return 0;
  }
  console.log(
    `merged ${args.positional.length} shards into ${out}/ — ${m.runs} runs (${m.designs.length} designs × ${m.seeds.count} seeds${m.points.length > 1 ? ` × ${m.points.length} sweep points` : ''}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(batchFilesLine(m.options.traces));
  return 0;
});
