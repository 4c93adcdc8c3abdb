/** Shared test setup: the reference scenario and its bundled designs, compiled once per file. */
import { readFileSync } from 'node:fs';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { listDesignFiles, designDirectory } from '../src/scenario/catalog.js';
import { compileModel, type Model } from '../src/model/compile.js';
import type { TraceEntry } from '../src/engine/trace.js';
import { simulate } from '../src/engine/simulation.js';
import type { GameSettings } from '../src/live/gameLog.js';

export const REFERENCE = 'scenarios/senkaku-gray-zone.yaml';

/** The real clocks a served game reads (the command line gives the same ones). */
export const REAL_CLOCK = { now: () => Date.now(), monotonic: () => performance.now() };

export const reference = loadScenario(REFERENCE);

const models = new Map<string, Model>();

/** The compiled model of a bundled design on the reference scenario. */
export function referenceModel(design: string): Model {
  let m = models.get(design);
  if (!m) {
    const file = listDesignFiles(designDirectory(REFERENCE)).find((f) =>
      f.endsWith(`/${design}.yaml`),
    );
    if (!file) throw new Error(`no bundled design ${design}`);
    m = compileModel(reference.scenario, loadDesign(file, reference.scenario).design);
    models.set(design, m);
  }
  return m;
}

/** Every bundled design's name. */
export function bundledDesigns(): string[] {
  return listDesignFiles(designDirectory(REFERENCE)).map((f) =>
    f.replace(/^.*\//, '').replace(/\.yaml$/, ''),
  );
}

/** Seeds 1..n. */
export function seeds(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Time of the first entry matching a predicate, or undefined. */
export function firstTime(
  trace: readonly TraceEntry[],
  match: (e: TraceEntry) => boolean,
): number | undefined {
  return trace.find(match)?.t;
}

/** Whether a state entry puts `region` into force. */
export function entersForce(region: string) {
  return (e: TraceEntry) =>
    e.kind === 'state' &&
    e.to.startsWith(`${region}/inForce`) &&
    !e.from.startsWith(`${region}/inForce`);
}

/** A seed whose crisis asks both capitals early (within two days) under `model`, so short live games have points to answer. */
export function earlySeed(model: Model): number {
  return seeds(200).find((seed) => {
    const d = simulate(model, { seed }).decisions;
    return ['jp.mso', 'us.fdo'].every(
      (id) => (d.find((x) => x.id === id)!.triggeredAt ?? Infinity) < 2 * 1440,
    );
  })!;
}

/** The text of the library example in docs/library.md, which the README links to. */
export function libraryExample(): string {
  const page = readFileSync('docs/library.md', 'utf8');
  const code = /<!-- example: library -->\n```js\n([\s\S]*?)```/.exec(page)?.[1];
  if (code === undefined) throw new Error('docs/library.md has no library example');
  return code;
}

/**
 * A live game's settings for the tests: the reference scenario's acm-2015 at `seed` with `seats`,
 * with `other` settings in place of those defaults.
 */
export function gameSettings(
  id: string,
  seed: number,
  seats: GameSettings['seats'],
  other: Partial<GameSettings> = {},
): GameSettings {
  return {
    kind: 'game',
    version: 1,
    id,
    scenarioFile: REFERENCE,
    design: 'acm-2015',
    seed,
    seats,
    scenarioHash: 'x',
    designHash: 'y',
    wall: 'w',
    ...other,
  };
}
