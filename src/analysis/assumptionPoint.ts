/**
 * A scenario and its designs at a point of the assumption space: the registered assumptions set
 * to given values (by register id; a name shared by several places sets them all; a design's own
 * numbers reach only that design), validated and compiled. The sensitivity analysis builds one
 * such point per sample.
 */
import { produce } from 'immer';
import { InputError } from '../scenario/errors.js';
import { parseDesign, parseScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { resolveExtends } from '../scenario/extend.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { applyOverride } from '../scenario/paths.js';
import { compileModel, type Model } from '../model/compile.js';
import { Duration, type Design, type Scenario } from '../scenario/schema.js';
import type { Parameter } from './sensitivity/index.js';

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
    const data = parseYaml(readInputFile(file), file);
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
 * Reads `ID=VALUE` as `--set` takes it for assumptions: a register id and a number, or a duration
 * such as `2h` (minutes). Bad text is an {@link InputError} naming the option.
 */
export function parseAssumptionSet(text: string): [string, number] {
  const eq = text.indexOf('=');
  const value = text.slice(eq + 1).trim();
  const number = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  const duration = number === undefined ? Duration.safeParse(value) : undefined;
  const minutes = number ?? (duration?.success ? duration.data : undefined);
  if (eq <= 0 || minutes === undefined)
    throw new InputError([
      {
        file: '--set',
        path: text,
        message:
          'expected ID=VALUE with a number or a duration such as 2h (ids from npm run assumptions)',
      },
    ]);
  return [text.slice(0, eq).trim(), minutes];
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

/** The scenario and designs of the space, validated, with `values` in place of the files' values (see {@link modelsAt}). */
export function filesAt(
  space: AssumptionSpace,
  values: ReadonlyMap<string, number>,
): { scenario: Scenario; designs: Design[] } {
  const byId = new Map(space.register.map((a) => [a.id, a]));
  const scenarioSets: Array<[string, number]> = [];
  const designSets = new Map<string, Array<[string, number]>>();
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
      if (!design) scenarioSets.push([path, v]);
      else {
        let sets = designSets.get(design[1]!);
        if (!sets) designSets.set(design[1]!, (sets = []));
        sets.push([design[2]!, v]);
      }
    }
  }
  const named = (error: unknown) =>
    error instanceof InputError
      ? new InputError(
          error.issues.map((i) => ({
            ...i,
            message: `${i.message} (with the assumptions set to a point of their ranges)`,
          })),
        )
      : error;
  try {
    const scenarioData = produce(space.scenarioData, (draft) => {
      for (const [path, v] of scenarioSets) applyOverride(draft, path, v, space.scenarioFile);
    });
    const { scenario } = parseScenario(scenarioData, space.scenarioFile);
    const designs = space.designs.map((d) => {
      const sets = designSets.get(d.id) ?? [];
      const data = produce(d.data, (draft) => {
        for (const [path, v] of sets) applyOverride(draft, path, v, d.file);
      });
      return parseDesign(data, d.file, scenario).design;
    });
    return { scenario, designs };
  } catch (error) {
    throw named(error);
  }
}

/** What a study varies: every assumption of the space not held by `fixed`, and the point of the files' (or the held) values. */
export interface VariedSpace {
  readonly parameters: readonly Parameter[];
  readonly base: ReadonlyMap<string, number>;
  /** The point with the varied parameters at `row`'s values (in the order of `parameters`), the others at `base`. */
  pointAt(row: ArrayLike<number>): Map<string, number>;
}

/** The varied part of a space; a held assumption that is not in the register is an {@link InputError} naming `--set`. */
export function variedSpace(
  space: AssumptionSpace,
  fixed: ReadonlyMap<string, number>,
): VariedSpace {
  const unknown = [...fixed.keys()].filter((id) => !space.register.some((a) => a.id === id));
  if (unknown.length > 0)
    throw new InputError(
      unknown.map((id) => ({
        file: '--set',
        path: id,
        message: 'not an assumption of the register (npm run assumptions lists them)',
      })),
    );
  const parameters: Parameter[] = space.register
    .filter((a) => !fixed.has(a.id))
    .map((a) => ({ name: a.id, low: a.low, high: a.high, scale: a.scale }));
  const base = new Map(space.register.map((a) => [a.id, fixed.get(a.id) ?? a.value]));
  return {
    parameters,
    base,
    pointAt(row) {
      const values = new Map(base);
      parameters.forEach((p, j) => values.set(p.name, row[j]!));
      return values;
    },
  };
}
