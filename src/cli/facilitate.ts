/**
 * `rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary`:
 * starts a live game on a local server and prints one link per seat and one for the control cell.
 * `--resume runs/games/<id>` restores a game from its log (after a crash or a kill) with the same
 * links, its clock paused. The server (`src/server/`) is a thin layer over `src/live/`.
 */
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { LiveGame } from '../live/game.js';
import { readGameLog } from '../live/gameLog.js';
import { SeatTokens } from '../server/tokens.js';
import { createGameApp } from '../server/app.js';
import { modelOfGame } from '../live/load.js';
import { startPacer } from '../live/pace.js';
import { compileModel } from '../model/compile.js';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { commandArgs, intOption, stringOption } from './args.js';
import { designOption, resolveDesigns, singleDesign } from './designs.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary [options]
       rungs facilitate --resume runs/games/<id> [--host H] [--port P]
       (npm run facilitate -- … is the same)

  --seats LIST   player seats: sides (japan, unitedStates, adversary) or patterns of decision ids (jp.*);
                 the engine's policy plays every decision no seat owns; the Diet belongs to the control cell
  --host H       address to listen on (default 127.0.0.1)
  --port P       port (default 8080; 0 picks a free one)
  --out DIR      the game's folder (default runs/games/<scenario>-<design>-<seed>-<time>)
  --resume DIR   restore the game in DIR from its log`;

const wall = () => new Date().toISOString();

runCli(async () => {
  const args = commandArgs(
    process.argv.slice(2),
    {
      scenario: 'value',
      design: 'value',
      seed: 'value',
      seats: 'value',
      host: 'value',
      port: 'value',
      out: 'value',
      resume: 'value',
    },
    HELP,
  );
  if (!args) return 0;
  if (args.positional.length > 0)
    throw new UsageError(`unexpected argument ${args.positional[0]}\n${HELP}`);
  const host = stringOption(args, 'host', '127.0.0.1')!;
  const port = intOption(args, 'port', 8080, { min: 0, max: 65535 });
  const resumeDir = stringOption(args, 'resume');
  let game: LiveGame;
  let folder: string;
  if (resumeDir) {
    folder = resumeDir;
    game = LiveGame.resume({
      model: modelOfGame(folder, readGameLog(folder).settings),
      folder,
      wall,
    });
  } else {
    const scenarioFile = stringOption(args, 'scenario');
    const designId = designOption(args);
    const seats = stringOption(args, 'seats');
    if (!scenarioFile || !designId || !seats || !args.options.has('seed'))
      throw new UsageError(
        `--scenario, --design, --seed and --seats are required to start a game\n${HELP}`,
      );
    const seed = intOption(args, 'seed', 0, { min: 0, max: 2 ** 32 - 1 });
    const scenario = loadScenario(scenarioFile);
    const design = loadDesign(
      resolveDesigns(
        scenarioFile,
        singleDesign(args, designId, 'a game is played under one design'),
      )[0]!,
      scenario.scenario,
    );
    const id = `${scenario.scenario.id}-${design.design.id}-${seed}-${wall().replace(/[:.]/g, '-')}`;
    folder = stringOption(args, 'out', join('runs', 'games', id))!;
    game = LiveGame.start({
      model: compileModel(scenario.scenario, design.design),
      settings: {
        kind: 'game',
        version: 1,
        id,
        scenarioFile,
        design: design.design.id,
        seed,
        seats: seats
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        scenarioHash: scenario.hash,
        designHash: design.hash,
        wall: wall(),
      },
      folder,
      wall,
    });
  }
  const tokens = SeatTokens.load(folder, game.plan.seats);
  const app = createGameApp(game, tokens);
  // the clock the control cell sets running moves with real time
  const stopPacer = startPacer(game, {
    now: () => performance.now(),
    onError: (error) =>
      console.error(
        `error: the game clock could not move: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  await new Promise<void>((done, fail) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const base = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      console.log(`game ${game.settings.id} in ${resolve(folder)}${resumeDir ? ' (resumed)' : ''}`);
      for (const seat of game.plan.seats)
        console.log(`${seat.padEnd(14)} ${base}/?token=${tokens.tokenOf(seat)}`);
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      stopPacer();
      game.close();
      fail(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new UsageError(
              `cannot listen on ${host}:${port} (${error.code === 'EADDRINUSE' ? 'in use' : 'permission denied'}); choose another --port, or 0 for a free one`,
              '--port',
            )
          : error,
      );
    });
    const stop = () => {
      stopPacer();
      server.close();
      game.close();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
});
