/**
 * `rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary`:
 * starts a live game on a local server and prints one link per seat and one for the control cell.
 * `--resume runs/games/<id>` restores a game from its log (after a crash or a kill) with the same
 * links, its clock paused. The server (`src/server/`) is a thin layer over `src/live/`.
 */
import { resolve } from 'node:path';
import type { LiveGame } from '../live/game.js';
import { resumeGame, startGame } from '../live/open.js';
import { ListenError, serveGame } from '../server/serveGame.js';
import { commandArgs, intOption, stringOption, type ParsedArgs } from './args.js';
import { designOption, resolveDesigns, singleDesign } from './designs.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary [options]
       rungs facilitate --resume runs/games/<id> [--host H] [--port P]
       (npm run facilitate -- … is the same)

  --seats LIST   player seats: sides (japan, unitedStates, adversary) or patterns of decision ids (jp.*);
                 the engine's policy plays every decision no seat owns; the Diet belongs to the control cell;
                 alliance: the alliance's decisions, answered jointly by the seats japan and unitedStates
  --host H       address to listen on (default 127.0.0.1)
  --port P       port (default 8080; 0 picks a free one)
  --out DIR      the game's folder (default runs/games/<scenario>-<design>-<seed>-<time>)
  --resume DIR   restore the game in DIR from its log`;

const wall = () => new Date().toISOString();

const OPTIONS = {
  scenario: 'value',
  design: 'value',
  seed: 'value',
  seats: 'value',
  host: 'value',
  port: 'value',
  out: 'value',
  resume: 'value',
} as const;

/** The game the options start (or, with --resume, restore). */
function openGame(args: ParsedArgs): LiveGame {
  const resumeDir = stringOption(args, 'resume');
  if (resumeDir) return resumeGame(resumeDir, wall);
  const scenarioFile = stringOption(args, 'scenario');
  const designId = designOption(args);
  const seats = stringOption(args, 'seats');
  if (!scenarioFile || !designId || !seats || !args.options.has('seed'))
    throw new UsageError(
      `--scenario, --design, --seed and --seats are required to start a game\n${HELP}`,
    );
  const seed = intOption(args, 'seed', 0, { min: 0, max: 2 ** 32 - 1 });
  const folder = stringOption(args, 'out');
  return startGame({
    scenarioFile,
    design: resolveDesigns(
      scenarioFile,
      singleDesign(args, designId, 'a game is played under one design'),
    )[0]!,
    seed,
    seats: seats
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(folder !== undefined ? { folder } : {}),
    wall,
  });
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  if (args.positional.length > 0)
    throw new UsageError(`unexpected argument ${args.positional[0]}\n${HELP}`);
  const host = stringOption(args, 'host', '127.0.0.1')!;
  const port = intOption(args, 'port', 8080, { min: 0, max: 65535 });
  const game = openGame(args);
  const served = await serveGame(game, {
    host,
    port,
    onClockError: (error) =>
      console.error(
        `error: the game clock could not move: ${error instanceof Error ? error.message : String(error)}`,
      ),
  }).catch((error: unknown) => {
    if (error instanceof ListenError && (error.code === 'EADDRINUSE' || error.code === 'EACCES'))
      throw new UsageError(
        `${error.message}; choose another --port, or 0 for a free one`,
        '--port',
      );
    throw error;
  });
  const resumed = args.options.has('resume') ? ' (resumed)' : '';
  console.log(`game ${game.settings.id} in ${resolve(game.folder)}${resumed}`);
  for (const [seat, link] of served.links) console.log(`${seat.padEnd(14)} ${link}`);
  await new Promise<void>((done) => {
    const stop = () => {
      served.close();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
});
