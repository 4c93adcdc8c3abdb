/**
 * Opening a live game from files: a new one from a scenario, a design and a seed (its settings
 * and folder made here), or one resumed from its folder's log on the model it was played on.
 */
import { join } from 'node:path';
import { compileModel } from '../model/compile.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { LiveGame } from './game.js';
import { readGameLog } from './gameLog.js';
import { modelOfGame } from './load.js';
import { injectsOfGame, loadInjects } from './msel.js';
import { planSeats } from './seats.js';
import { refuseUsedFolder } from './folder.js';

/** What a new game is started with. */
export interface NewGameOptions {
  /** The scenario file. */
  readonly scenarioFile: string;
  /** The design: a name from the `c2/` folder beside the scenario, or a file. */
  readonly design: string;
  /** The run's seed. */
  readonly seed: number;
  /** Player seats: sides (`japan`, `unitedStates`, `adversary`) or patterns of decision ids (`jp.*`). */
  readonly seats: readonly string[];
  /** An injects list (MSEL, `scenarios/injects/*.yaml`) to schedule; the game records its hash. */
  readonly injects?: string;
  /** The game's folder (default `runs/games/<scenario>-<design>-<seed>-<time>`). */
  readonly folder?: string;
  /** The wall clock, as ISO text: what the log records of when things happened. */
  readonly wall: () => string;
}

/**
 * Starts a new game: loads and compiles the scenario and design, and creates the game's folder
 * and log; a folder holding a previous game's files is refused.
 *
 * @example
 * ```ts
 * const game = startGame({
 *   scenarioFile: 'scenarios/senkaku-gray-zone.yaml',
 *   design: 'acm-2015',
 *   seed: 7,
 *   seats: ['japan', 'unitedStates'],
 *   // the caller supplies the wall clock (the library never reads one); a fixed one replays alike
 *   wall: () => '2026-12-07T09:00:00.000Z',
 * });
 * ```
 */
export function startGame(options: NewGameOptions): LiveGame {
  const scenario = loadScenario(options.scenarioFile);
  const designFile = resolveDesignFiles(options.scenarioFile, options.design)[0]!;
  const design = loadDesign(designFile, scenario.scenario);
  const started = options.wall();
  const id = `${scenario.scenario.id}-${design.design.id}-${options.seed}-${started.replace(/[:.]/g, '-')}`;
  const folder = options.folder ?? join('runs', 'games', id);
  const model = compileModel(scenario.scenario, design.design);
  // checked before the game's folder is made: a bad list leaves nothing behind
  const injects =
    options.injects === undefined
      ? undefined
      : loadInjects(options.injects, { model, seats: planSeats(model, options.seats).seats });
  refuseUsedFolder(folder);
  return LiveGame.start({
    model,
    ...(injects ? { injects: injects.items } : {}),
    settings: {
      kind: 'game',
      version: 1,
      id,
      scenarioFile: options.scenarioFile,
      design: design.design.id,
      seed: options.seed,
      seats: [...options.seats],
      scenarioHash: scenario.hash,
      designHash: design.hash,
      ...(injects ? { injectsFile: injects.file, injectsHash: injects.hash } : {}),
      wall: started,
    },
    folder,
    wall: options.wall,
  });
}

/**
 * Resumes the game in `folder` from its log, on the model it was started with (refused, naming
 * the log, when the scenario, design or injects files changed since).
 */
export function resumeGame(folder: string, wall: () => string): LiveGame {
  const settings = readGameLog(folder).settings;
  const model = modelOfGame(folder, settings);
  const injects = injectsOfGame(folder, settings, {
    model,
    seats: planSeats(model, settings.seats).seats,
  });
  return LiveGame.resume({
    model,
    ...(injects ? { injects: injects.items } : {}),
    folder,
    wall,
  });
}
