/**
 * `rungs replay DIR [--run design:seed[@point]] [--workers N]`: re-runs a batch from its
 * manifest and verifies every file it holds, or replays one run with its timeline. Exit 0 when
 * everything matches, 1 on any difference (naming the file, the first differing row or field,
 * what changed and where traces diverge), 2 on bad arguments.
 */
import { InterruptedError } from '../batch/pool.js';
import { createProgress, type Progress } from '../batch/progress.js';
import { commandArgs, intOption, stringOption } from './args.js';
import { interruptible } from './batch.js';
import { runCli, UsageError } from './run.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const HELP = `usage: rungs replay DIR [--run DESIGN:SEED[@POINT]] [--workers N]
       rungs replay runs/games/<id>     (a finished live game: replayed from its seed and log; its trace hash,
                                        every line's hash chain, who answered, the recorded times and
                                        probabilities, and review.html checked)
       (npm run replay -- … is the same)

Re-runs the batch in DIR from its manifest.json with the scenario and design files (paths stored
relative to DIR) and the engine as they are now, and compares every row of results.jsonl and
results.csv (every field), summary.json and summary.md (byte for byte) with the replay's, and
the manifest's plan with the rows present (extra, duplicate or missing rows). Names each file's
first difference, what changed since the batch (scenario file, design files, engine version,
Node version) and, when the batch kept --traces, the first trace entry where a run diverges.
A batch that drew from a --posterior is replayed with the posterior file its manifest names; if
that file is gone or its sha256 differs from the manifest's, the replay is refused (exit 2).

  --run acm-2015:17    replay one run and print its timeline, decisions and outcome
                       (in a sweep add @POINT: the point's label, or its number from 0)
  --workers N          worker threads for the whole-batch replay, 1 to 64 (default: available parallelism)

exit codes: 0 everything matches, 1 a difference (or a file that no longer loads), 2 bad arguments`;

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), { run: 'value', workers: 'value' }, HELP);
  if (!args) return 0;
  if (args.positional.length !== 1)
    throw new UsageError(
      `${args.positional.length === 0 ? 'a batch folder is required' : 'give one batch folder'}\n\n${HELP}`,
    );
  const dir = args.positional[0]!.replace(/[\\/]+$/, '');
  // loaded once the arguments are known: --help and a usage error need none of it
  const [{ replay }, { formatReplayReport }, { LOG_FILE }, { verifyGame, verifyReview }] =
    await Promise.all([
      import('../replay/replay.js'),
      import('../replay/format.js'),
      import('../live/gameLog.js'),
      import('../live/verify.js'),
    ]);
  if (existsSync(join(dir, LOG_FILE))) {
    const verification = verifyGame(dir);
    for (const line of verification.lines) console.log(line);
    if (!verification.ok) return 1;
    const review = await verifyReview(dir);
    for (const line of review.lines) console.log(line);
    return review.ok ? 0 : 1;
  }
  const workers = args.options.has('workers') ? intOption(args, 'workers', 1) : undefined;
  const run = stringOption(args, 'run');
  const { signal, arm, dispose } = interruptible();
  let progress: Progress | null = null;
  try {
    const report = await replay({
      dir,
      signal,
      onPlanned: arm,
      ...(run !== undefined ? { run } : {}),
      ...(workers !== undefined ? { workers } : {}),
      onStart: (info) => {
        progress = createProgress({ total: info.total, label: 'replay' });
      },
      onProgress: (done) => (progress as Progress | null)?.update(done),
    });
    (progress as Progress | null)?.finish();
    for (const line of formatReplayReport(report)) console.log(line);
    return report.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    (progress as Progress | null)?.finish();
    process.stderr.write('replay interrupted\n');
    return 130;
  } finally {
    dispose();
  }
});
