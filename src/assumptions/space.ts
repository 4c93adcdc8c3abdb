/**
 * A scenario and its designs at a point of the assumption space: the registered assumptions set
 * to given values (by register id; a name shared by several places sets them all; a design's own
 * numbers reach only that design; a structural choice's value is the index of the alternative put
 * at its paths), validated and compiled. Studies build one such point per sample; runs that draw
 * their numbers from a posterior build one per sample drawn.
 */
import { produce } from 'immer';
import { InputError } from '../scenario/errors.js';
import { parseDesign, parseScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { resolveExtends } from '../scenario/extend.js';
import { designDirectory, resolveDesignFiles } from '../scenario/catalog.js';
import { resolveDesignExtends } from '../scenario/designExtend.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { applyAlternative, applyOverride } from '../scenario/paths.js';
import { compileModel, type Model } from '../model/compile.js';
import type { Design, Scenario } from '../scenario/schema.js';

/** What is varied: the scenario (its bases merged in) and designs as data, and their register. */
export interface AssumptionSpace {
  readonly scenarioFile: string;
  /** The scenario's data with the files it extends merged in (a point varies shared numbers too). */
  readonly scenarioData: unknown;
  readonly designs: ReadonlyArray<{
    readonly id: string;
    readonly file: string;
    readonly data: unknown;
  }>;
  /** The register of the scenario and these designs, sorted by id. */
  readonly register: readonly Assumption[];
}

const DESIGN_PATH = /^designs\[([^\]]+)\]\.(.+)$/;

/** Reads a scenario and designs (`all`, or ids separated by commas) into the space of their assumptions. */
export function assumptionSpace(scenarioFile: string, designSpec: string): AssumptionSpace {
  const scenarioData = resolveExtends(
    parseYaml(readInputFile(scenarioFile), scenarioFile),
    scenarioFile,
  ).data;
  const { scenario } = parseScenario(scenarioData, scenarioFile, { checkAlternatives: true });
  const catalog = designDirectory(scenarioFile);
  const designs = resolveDesignFiles(scenarioFile, designSpec).map((file) => {
    const text = parseYaml(readInputFile(file), file);
    const { design } = parseDesign(text, file, scenario, { checkAlternatives: true, catalog });
    // the data a point varies: with the designs it extends merged in
    const data = resolveDesignExtends(text, file, catalog).data;
    return { id: design.id, file, data, design };
  });
  const register = assumptionRegister(
    scenario,
    designs.map((d) => ({ id: d.id, data: d.design })),
  );
  return {
    scenarioFile,
    scenarioData,
    designs: designs.map(({ id, file, data }) => ({ id, file, data })),
    register,
  };
}

/**
 * The compiled models of every design of the space with `values` (register id → value; durations
 * in minutes) in place of the files' values. An unknown id, or a value that makes a file invalid,
 * is an {@link InputError} naming the assumption.
 */
export function modelsAt(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
  options: AtOptions = {},
): Model[] {
  const { scenario, designs } = filesAt(space, values, options);
  return designs.map((d) => compileModel(scenario, d));
}

/** How values are put into the files. */
export interface AtOptions {
  /**
   * Take a number outside its registered range as it is (a flip search beyond the range) instead
   * of holding it at the nearer bound; the files' own checks still refuse what they cannot hold.
   */
  readonly beyondRanges?: boolean;
}

/**
 * One value to put in a file: a registered number, or a structural choice's alternative (its value
 * as written; `null` removes the key).
 */
export interface Setting {
  readonly path: string;
  readonly value: unknown;
  readonly choice: boolean;
}

/** Where each value goes: settings of the scenario, and per design id of its data. */
export interface Overrides {
  readonly scenario: readonly Setting[];
  readonly designs: ReadonlyMap<string, readonly Setting[]>;
}

/**
 * A file's settings in the order they apply: a choice switched away from the file's value replaces
 * what is at its path, so the values registered inside that value (stated by the file's own
 * alternative) are dropped, and choices go first.
 */
function inOrder(settings: readonly Setting[]): Setting[] {
  const switched = settings.filter((s) => s.choice).map((s) => s.path);
  const inside = (path: string) =>
    switched.some((q) => path.startsWith(`${q}.`) || path.startsWith(`${q}[`));
  return settings
    .filter((s) => !inside(s.path))
    .sort((a, b) => Number(b.choice) - Number(a.choice));
}

/** The places of `values` (each within its range, whole if a count); an unknown id is an {@link InputError}. */
export function overridesOf(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
  options: AtOptions,
): Overrides {
  const byId = new Map(space.register.map((a) => [a.id, a]));
  const scenario: Setting[] = [];
  const designs = new Map<string, Setting[]>();
  for (const [id, value] of values) {
    const assumption = byId.get(id);
    if (!assumption)
      throw new InputError([
        {
          file: '--set',
          path: id,
          message: 'not an assumption of the register (npm run assumptions lists them)',
        },
      ]);
    // within its range (a log scale's exp(log(low)) may miss low by a rounding error); whole if a count
    const within =
      options.beyondRanges && assumption.kind !== 'choice'
        ? value
        : Math.min(assumption.high, Math.max(assumption.low, value));
    const v = assumption.integer ? Math.round(within) : within;
    // a choice at its default leaves the files as they are (and the values inside it settable)
    if (assumption.kind === 'choice' && v === assumption.value) continue;
    const put =
      assumption.kind === 'choice'
        ? { value: assumption.alternatives[v]!.value, choice: true }
        : { value: v, choice: false };
    for (const path of assumption.paths) {
      const design = DESIGN_PATH.exec(path);
      if (!design) scenario.push({ path, ...put });
      else {
        let sets = designs.get(design[1]!);
        if (!sets) designs.set(design[1]!, (sets = []));
        sets.push({ path: design[2]!, ...put });
      }
    }
  }
  return {
    scenario: inOrder(scenario),
    designs: new Map([...designs].map(([id, sets]) => [id, inOrder(sets)])),
  };
}

/** Puts one setting into a draft of a file's data. */
function apply(draft: unknown, setting: Setting, file: string): void {
  if (!setting.choice) return applyOverride(draft, setting.path, setting.value, file);
  // a copy: the register's alternative must not be frozen or shared with the file's data
  applyAlternative(draft, setting.path, structuredClone(setting.value), file);
}

const beyond = (options: AtOptions) => (options.beyondRanges ? { beyondRanges: true } : {});

/**
 * The same error, each issue saying the assumptions were set to a point of their ranges (a point
 * beyond them on purpose is the caller's to name).
 */
function atPoint(error: unknown, options: AtOptions): unknown {
  return error instanceof InputError && !options.beyondRanges
    ? new InputError(
        error.issues.map((i) => ({
          ...i,
          message: `${i.message} (with the assumptions set to a point of their ranges)`,
        })),
      )
    : error;
}

/** The scenario of the space, validated, with `values` in place of the files' values (see {@link modelsAt}). */
export function scenarioAt(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
  options: AtOptions = {},
): Scenario {
  const sets = overridesOf(space, values, options).scenario;
  try {
    const data = produce(space.scenarioData, (draft) => {
      for (const setting of sets) apply(draft, setting, space.scenarioFile);
    });
    return parseScenario(data, space.scenarioFile, beyond(options)).scenario;
  } catch (error) {
    throw atPoint(error, options);
  }
}

/**
 * Design `id` of the space, validated against `scenario` (the space's {@link scenarioAt} the same
 * values), with `values` in place of its file's values.
 */
export function designAt(
  space: AssumptionSpace,
  scenario: Scenario,
  values: ReadonlyMap<string, number>,
  id: string,
  options: AtOptions = {},
): Design {
  const d = space.designs.find((x) => x.id === id);
  if (!d) throw new Error(`design ${id} is not in the assumption space`);
  const sets = overridesOf(space, values, options).designs.get(id) ?? [];
  try {
    const data = produce(d.data, (draft) => {
      for (const setting of sets) apply(draft, setting, d.file);
    });
    return parseDesign(data, d.file, scenario, beyond(options)).design;
  } catch (error) {
    throw atPoint(error, options);
  }
}

/**
 * The scenario and designs of the space, validated, with `values` in place of the files' values
 * (see {@link modelsAt}).
 */
export function filesAt(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
  options: AtOptions = {},
): { scenario: Scenario; designs: Design[] } {
  const scenario = scenarioAt(space, values, options);
  return {
    scenario,
    designs: space.designs.map((d) => designAt(space, scenario, values, d.id, options)),
  };
}
