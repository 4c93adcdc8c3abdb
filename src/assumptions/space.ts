/**
 * A scenario and its designs at a point of the assumption space: the registered assumptions set
 * to given values (by register id; a name shared by several places sets them all; a design's own
 * numbers reach only that design), validated and compiled. Studies build one such point per
 * sample; runs that draw their numbers from a posterior build one per sample drawn.
 */
import { produce } from 'immer';
import { InputError } from '../scenario/errors.js';
import { parseDesign, parseScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { resolveExtends } from '../scenario/extend.js';
import { designDirectory, resolveDesignFiles } from '../scenario/catalog.js';
import { readDesignData } from '../scenario/designExtend.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { applyOverride } from '../scenario/paths.js';
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
  const { scenario } = parseScenario(scenarioData, scenarioFile);
  const designs = resolveDesignFiles(scenarioFile, designSpec).map((file) => {
    const data = readDesignData(file, designDirectory(scenarioFile));
    const { design } = parseDesign(data, file, scenario);
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
export function modelsAt(space: AssumptionSpace, values: ReadonlyMap<string, number>): Model[] {
  const { scenario, designs } = filesAt(space, values);
  return designs.map((d) => compileModel(scenario, d));
}

/** Where each value goes: `[path, value]` pairs into the scenario, and per design id into its data. */
interface Overrides {
  readonly scenario: ReadonlyArray<readonly [string, number]>;
  readonly designs: ReadonlyMap<string, ReadonlyArray<readonly [string, number]>>;
}

/** The places of `values` (each within its range, whole if a count); an unknown id is an {@link InputError}. */
function overridesOf(space: AssumptionSpace, values: ReadonlyMap<string, number>): Overrides {
  const byId = new Map(space.register.map((a) => [a.id, a]));
  const scenario: Array<[string, number]> = [];
  const designs = new Map<string, Array<[string, number]>>();
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
    const within = Math.min(assumption.high, Math.max(assumption.low, value));
    const v = assumption.integer ? Math.round(within) : within;
    for (const path of assumption.paths) {
      const design = DESIGN_PATH.exec(path);
      if (!design) scenario.push([path, v]);
      else {
        let sets = designs.get(design[1]!);
        if (!sets) designs.set(design[1]!, (sets = []));
        sets.push([design[2]!, v]);
      }
    }
  }
  return { scenario, designs };
}

/** The same error, each issue saying the assumptions were set to a point of their ranges. */
function atPoint(error: unknown): unknown {
  return error instanceof InputError
    ? new InputError(
        error.issues.map((i) => ({
          ...i,
          message: `${i.message} (with the assumptions set to a point of their ranges)`,
        })),
      )
    : error;
}

/** The scenario of the space, validated, with `values` in place of the files' values (see {@link modelsAt}). */
export function scenarioAt(space: AssumptionSpace, values: ReadonlyMap<string, number>): Scenario {
  const sets = overridesOf(space, values).scenario;
  try {
    const data = produce(space.scenarioData, (draft) => {
      for (const [path, v] of sets) applyOverride(draft, path, v, space.scenarioFile);
    });
    return parseScenario(data, space.scenarioFile).scenario;
  } catch (error) {
    throw atPoint(error);
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
): Design {
  const d = space.designs.find((x) => x.id === id);
  if (!d) throw new Error(`design ${id} is not in the assumption space`);
  const sets = overridesOf(space, values).designs.get(id) ?? [];
  try {
    const data = produce(d.data, (draft) => {
      for (const [path, v] of sets) applyOverride(draft, path, v, d.file);
    });
    return parseDesign(data, d.file, scenario).design;
  } catch (error) {
    throw atPoint(error);
  }
}

/**
 * The scenario and designs of the space, validated, with `values` in place of the files' values
 * (see {@link modelsAt}).
 */
export function filesAt(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
): { scenario: Scenario; designs: Design[] } {
  const scenario = scenarioAt(space, values);
  return { scenario, designs: space.designs.map((d) => designAt(space, scenario, values, d.id)) };
}
