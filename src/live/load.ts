/**
 * The model a game runs on, from its settings: the scenario and design files it was started with,
 * which must not have changed since (a game replays only on the model it was played on).
 */
import { join } from 'node:path';
import { compileModel, type Model } from '../model/compile.js';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { LOG_FILE, type GameSettings } from './gameLog.js';

/** Loads, checks and compiles the model of the game in `folder` with these settings. */
export function modelOfGame(folder: string, settings: GameSettings): Model {
  const scenario = loadScenario(settings.scenarioFile);
  const design = loadDesign(
    resolveDesignFiles(settings.scenarioFile, settings.design)[0]!,
    scenario.scenario,
  );
  if (scenario.hash !== settings.scenarioHash || design.hash !== settings.designHash) {
    throw new InputError([
      {
        file: join(folder, LOG_FILE),
        path: 'line 1',
        message: `the scenario or design files changed since the game started (hashes ${settings.scenarioHash}/${settings.designHash}, now ${scenario.hash}/${design.hash}): the game cannot be replayed on another model`,
      },
    ]);
  }
  return compileModel(scenario.scenario, design.design);
}
