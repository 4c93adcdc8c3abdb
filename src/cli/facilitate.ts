/**
 * `rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary`:
 * starts a live game on a local server and prints one link per seat and one for the control cell.
 * `--resume runs/games/<id>` restores a game from its log (after a crash or a kill) with the same
 * links, on the same port, its clock paused. While it serves a game it holds the folder's lock,
 * so a second facilitator on the folder is refused (exit 2). The server (`src/server/`) is a thin
 * layer over `src/live/`.
 */
import { resolve } from 'node:path';
import type { LiveGame } from '../live/game.js';
import { GAME_FILES, lockGame, type GameLock } from '../live/folder.js';
import { checkOutFolder } from '../batch/outFolder.js';
import { readGameLog } from '../live/gameLog.js';
import { CONTROL } from '../live/seats.js';
import { resumeGame, startGame } from '../live/open.js';
import { ListenError, lastServed, serveGame } from '../server/serveGame.js';
import { checkPublicUrl } from '../server/links.js';
import { commandArgs, intOption, stringOption, type ParsedArgs } from './args.js';
import { designOption, resolveDesigns, singleDesign } from './designs.js';
import { runCli, UsageError } from './run.js';
import { leaseClockOf } from './lease.js';

const HELP = `usage: rungs facilitate --scenario FILE --design ID --seed N --seats japan,unitedStates,adversary [options]
       rungs facilitate --resume runs/games/<id> [--host H] [--port P] [--public-url URL]
       (npm run facilitate -- … is the same)

  --seats LIST   player seats: sides (japan, unitedStates, adversary) or patterns of decision ids (jp.*);
                 the engine's policy plays every decision no seat owns; the Diet belongs to the control cell;
                 alliance: the alliance's decisions, answered jointly by the seats japan and unitedStates
  --host H       address to listen on (default 127.0.0.1; a resumed game, the one it was served on)
  --port P       port (default 8080; 0 picks a free one; a resumed game, the port it was served on)
  --public-url URL  the address players open (a proxy, a name, http://10.0.0.5:8080): the links use it;
                 without it, a server bound to 0.0.0.0 or :: links to this machine's own addresses;
                 a resumed game keeps the one it was served with
  --out DIR      the game's folder (default runs/games/<scenario>-<design>-<seed>-<time>)
  --injects FILE an injects list (MSEL, scenarios/injects/*.yaml) scheduled at simulated times;
                 a resumed game loads it again and refuses it if it changed
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
  injects: 'value',
  'public-url': 'value',
} as const;

const notice = (message: string) => console.error(`notice: ${message}`);

/**
 * The game folder's lock as a lease; a server whose lock another takes over stops at once rather
 * than answering beside it and forking the log.
 */
const gameLease = () => ({
  lease: leaseClockOf(process.env),
  onLost: (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(2);
  },
});

/**
 * The game the options start (or, with --resume, restore), its folder locked first when it is
 * known (a new game in a folder of its own making is locked once made).
 */
function openGame(args: ParsedArgs): { game: LiveGame; lock: GameLock } {
  const resumeDir = stringOption(args, 'resume');
  if (resumeDir) {
    if (args.options.has('injects'))
      throw new UsageError(
        'a resumed game loads the injects list it was started with: drop --injects',
        '--injects',
      );
    // a folder without a game is refused before anything is made in it
    readGameLog(resumeDir);
    const lock = lockGame(resumeDir, wall(), notice, gameLease());
    return { game: resumeGame(resumeDir, wall), lock };
  }
  const scenarioFile = stringOption(args, 'scenario');
  const designId = designOption(args);
  const seats = stringOption(args, 'seats');
  if (!scenarioFile || !designId || !seats || !args.options.has('seed'))
    throw new UsageError(
      `--scenario, --design, --seed and --seats are required to start a game\n${HELP}`,
    );
  const seed = intOption(args, 'seed', 0, { min: 0, max: 2 ** 32 - 1 });
  const given = stringOption(args, 'out');
  const folder =
    given === undefined
      ? undefined
      : checkOutFolder(given, { cwd: process.cwd(), own: GAME_FILES });
  const injects = stringOption(args, 'injects');
  const lock = folder === undefined ? undefined : lockGame(folder, wall(), notice, gameLease());
  const game = startGame({
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
    ...(injects !== undefined ? { injects } : {}),
    wall,
  });
  return { game, lock: lock ?? lockGame(game.folder, wall(), notice, gameLease()) };
}

/**
 * Prints the log's fingerprint once the game has ended (and again if lines follow, at the next
 * change), for the facilitator to keep: `npm run replay` checks the log against it.
 */
function printFingerprintAtEnd(game: LiveGame): () => void {
  let printed = '';
  const print = () => {
    if (!game.finished || printed === game.chain.hash) return;
    printed = game.chain.hash;
    console.log(
      `game ${game.settings.id} ended; the log's fingerprint (keep it): ${game.chain.hash} (${game.chain.lines} lines)`,
    );
  };
  // after the input has logged all its lines (a clock run logs where it stopped last)
  game.onChange(() => setImmediate(print));
  return print;
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  if (args.positional.length > 0)
    throw new UsageError(`unexpected argument ${args.positional[0]}\n${HELP}`);
  // a resumed game comes back where it was served (address, port, links) unless told otherwise
  const resumeDir = stringOption(args, 'resume');
  const recorded = resumeDir === undefined ? {} : lastServed(resumeDir);
  const host = stringOption(args, 'host', recorded.host ?? '127.0.0.1')!;
  const publicUrl = stringOption(args, 'public-url') ?? recorded.publicUrl;
  const publicBase = publicUrl === undefined ? undefined : checkPublicUrl(publicUrl);
  const port = intOption(args, 'port', recorded.port ?? 8080, { min: 0, max: 65535 });
  const { game, lock } = openGame(args);
  const served = await serveGame(game, {
    host,
    port,
    clock: { now: () => Date.now(), monotonic: () => performance.now() },
    ...(publicBase !== undefined ? { publicUrl: publicBase } : {}),
    onClockError: (error) =>
      console.error(
        `error: the game clock could not move: ${error instanceof Error ? error.message : String(error)}`,
      ),
  }).catch((error: unknown) => {
    lock.release();
    if (error instanceof ListenError && (error.code === 'EADDRINUSE' || error.code === 'EACCES'))
      throw new UsageError(
        `${error.message}; choose another --port, or 0 for a free one`,
        '--port',
      );
    throw error;
  });
  const resumed = resumeDir !== undefined ? ' (resumed)' : '';
  console.log(`game ${game.settings.id} in ${resolve(game.folder)}${resumed}`);
  if (served.note) console.log(`note: ${served.note}`);
  for (const [seat, link] of served.links) console.log(`${seat.padEnd(14)} ${link}`);
  const control = served.links.get(CONTROL)!;
  console.log(`${'links page'.padEnd(14)} ${control.replace('/?token=', '/links?token=')}`);
  const printFingerprint = printFingerprintAtEnd(game);
  printFingerprint();
  await new Promise<void>((done) => {
    const stop = () => {
      served.close();
      printFingerprint();
      lock.release();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
});
