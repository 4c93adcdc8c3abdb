/**
 * The plan of a batch: every (design × sweep point × seed) run, numbered in one canonical order
 * that does not depend on how the user wrote the seeds, the designs or the sweep:
 * designs by id, then sweep points (axes sorted by path, values as given), then seeds ascending
 * (`runNumbers.ts`); results files list runs in exactly this order.
 *
 * Sweeps follow NetLogo's BehaviorSpace: each `--set path=v1,v2,...` is an axis over one value of
 * the scenario, and the points are the cartesian product of the axes. Every point is validated as
 * a scenario of its own, and every design against every point.
 */
import { produce } from 'immer';
import { parse as parseYamlValue } from 'yaml';
import { InputError, type InputIssue } from '../scenario/errors.js';
import {
  parseDesign,
  parseScenario,
  parseYaml,
  readInputFile,
  type LoadedScenario,
} from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { LIMITS } from './limits.js';
import { checkSeeds, seedIndex } from './seeds.js';
import { runNumber, runPlace, type RunShape } from './runNumbers.js';
import { assumptionRegister } from '../scenario/register.js';
import { applyOverride, parsePath } from '../scenario/paths.js';
import { withOptions, type DesignOption } from '../scenario/variants.js';
import { contentHash } from '../scenario/hash.js';
import type { Design, Scenario } from '../scenario/schema.js';

export { applyOverride, parsePath } from '../scenario/paths.js';

/** One axis of a sweep: a scenario value and the values it takes, as written. */
export interface SweepAxis {
  /** A path into the scenario data: `adversary.deterrence`, `ladder.rungs[3].jcgLoad`, `organisations[jp.cas].capacity`. */
  readonly path: string;
  /** The values as written on the command line (each read as YAML: `0.1`, `45m`, `{ lognormal: … }`). */
  readonly values: readonly string[];
}

/** One point of a sweep: the scenario with one value of every axis applied. */
export interface SweepPoint {
  readonly index: number;
  /** `path=value` per axis, joined by `;`; `''` when there is no sweep. Rows carry it as `point`. */
  readonly label: string;
  /** The scenario data (as parsed from the file) with the overrides applied. */
  readonly data: unknown;
  readonly scenario: LoadedScenario;
  /** Design data with this point's overrides of design numbers applied, by design id (others use the design's own data). */
  readonly designData: Readonly<Record<string, unknown>>;
}

/**
 * One design of a batch: its file, id, content hash and the data parsed from its file. A variant
 * (`acm-2015+liaisonOfficers`) is its file's design (`base`) with `options` switched on.
 */
export interface PlannedDesign {
  readonly index: number;
  readonly id: string;
  readonly file: string;
  readonly hash: string;
  readonly data: unknown;
  /** The id its file declares (what `--set designs[<id>]…` names). */
  readonly base: string;
  /** Design options switched on (empty for the file's design as it is). */
  readonly options: readonly DesignOption[];
}

/** The design a planned design runs at a sweep point: its file's data with the point's overrides, with its options switched on. */
export function plannedDesign(
  d: Pick<PlannedDesign, 'base' | 'file' | 'data' | 'options'>,
  designData: Readonly<Record<string, unknown>>,
  scenario: Scenario,
): Design {
  const design = parseDesign(designData[d.base] ?? d.data, d.file, scenario).design;
  return d.options.length > 0 ? withOptions(design, d.options) : design;
}

/** Every run of a batch, by number. Create with {@link createPlan}. */
export interface BatchPlan {
  readonly scenarioFile: string;
  /** The scenario as the file has it (no sweep overrides). */
  readonly scenario: LoadedScenario;
  readonly sweep: readonly SweepAxis[];
  readonly points: readonly SweepPoint[];
  readonly designs: readonly PlannedDesign[];
  /** The design options each design also runs with, one at a time (`--with`). */
  readonly variants: readonly DesignOption[];
  /** Ascending, no repeats. */
  readonly seeds: readonly number[];
  /** Number of runs: designs × points × seeds. */
  readonly size: number;
}

/** What a plan is made from. */
export interface PlanInput {
  readonly scenarioFile: string;
  /** `all`, or comma-separated design names or files (see `resolveDesignFiles`). */
  readonly designs: string;
  /** Seeds in any order; repeats are an error. */
  readonly seeds: readonly number[];
  /** Sweep axes as `path=v1,v2,...` texts. */
  readonly sets?: readonly string[];
  /** Design options to add a variant of every design for, one option each (`--with`). */
  readonly variants?: readonly DesignOption[];
}

/** One run of a plan. */
export interface PlannedRun {
  readonly design: number;
  readonly point: number;
  readonly seedIndex: number;
  readonly seed: number;
}

/** Splits on commas outside brackets, braces and quotes, so a value may be a YAML flow mapping. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** Reads `path=v1,v2,...` into a sweep axis. */
export function parseSetOption(text: string): SweepAxis {
  const eq = text.indexOf('=');
  const bad = (message: string) => new InputError([{ file: '--set', path: text, message }]);
  if (eq <= 0) throw bad('expected path=value[,value...], e.g. adversary.deterrence=0.1,0.2');
  const path = text.slice(0, eq).trim();
  parsePath(path);
  const values = splitTopLevel(text.slice(eq + 1));
  if (values.some((v) => v === '')) throw bad('a value is empty');
  if (values.some((v) => /[\n;]/.test(v))) throw bad('values cannot contain ";" or a line break');
  if (new Set(values).size !== values.length) throw bad('a value is given twice');
  return { path, values };
}

/** Reads one value written on the command line as YAML (numbers, booleans, durations, mappings). */
function readValue(text: string, path: string): unknown {
  try {
    return parseYamlValue(text) as unknown;
  } catch (error) {
    throw new InputError([
      {
        file: '--set',
        path,
        message: `cannot read value "${text}": ${(error as Error).message.split('\n')[0]}`,
      },
    ]);
  }
}

/** The cartesian product of the axes, first axis slowest, as (label, overrides) pairs. */
function sweepPoints(
  axes: readonly SweepAxis[],
): Array<{ label: string; overrides: Array<{ path: string; text: string }> }> {
  let points: Array<{ label: string; overrides: Array<{ path: string; text: string }> }> = [
    { label: '', overrides: [] },
  ];
  for (const axis of axes) {
    const next: typeof points = [];
    for (const p of points) {
      for (const text of axis.values) {
        const overrides = [...p.overrides, { path: axis.path, text }];
        next.push({ label: overrides.map((o) => `${o.path}=${o.text}`).join(';'), overrides });
      }
    }
    points = next;
  }
  return points;
}

/**
 * Where each swept path goes: a path into the scenario, `designs[<id>].<path>` into one design, or
 * a name of the assumption register (`link.withinSide.median`) that stands for every place it is
 * stated. A design the batch does not run is an error.
 */
function setTargets(
  axes: readonly SweepAxis[],
  scenario: LoadedScenario,
  designs: ReadonlyArray<{ id: string; file: string; data: unknown }>,
): Map<string, Array<{ design?: string; path: string }>> {
  const register = axes.some((a) => !a.path.startsWith('designs['))
    ? assumptionRegister(
        scenario.scenario,
        designs.map((d) => ({
          id: d.id,
          data: parseDesign(d.data, d.file, scenario.scenario).design,
        })),
      )
    : [];
  const targets = new Map<string, Array<{ design?: string; path: string }>>();
  for (const axis of axes) {
    const named = register.find(
      (a) => a.id === axis.path && (a.paths.length > 1 || a.paths[0] !== a.id),
    );
    targets.set(
      axis.path,
      (named ? named.paths : [axis.path]).map((path) => {
        const design = /^designs\[([^\]]+)\]\.(.+)$/.exec(path);
        if (!design) return { path };
        if (!designs.some((d) => d.id === design[1])) {
          throw new InputError([
            {
              file: '--set',
              path: axis.path,
              message: `design "${design[1]}" is not in this batch (its designs: ${designs.map((d) => d.id).join(', ')})`,
            },
          ]);
        }
        return { design: design[1]!, path: design[2]! };
      }),
    );
  }
  return targets;
}

/** Adds the sweep point to every issue, so an override that breaks the scenario names itself. */
function withPoint(error: unknown, label: string): unknown {
  if (!(error instanceof InputError) || !label) return error;
  return new InputError(
    error.issues.map((i: InputIssue) => ({ ...i, message: `${i.message} (with --set ${label})` })),
  );
}

/**
 * Builds the plan: loads the scenario, applies each sweep point and validates it, resolves and
 * validates the designs against every point, and orders everything canonically. Bad input is an
 * {@link InputError}.
 */
export function createPlan(input: PlanInput): BatchPlan {
  const { scenarioFile } = input;
  const base = parseYaml(readInputFile(scenarioFile), scenarioFile);
  const scenario = parseScenario(base, scenarioFile);
  const axes = (input.sets ?? [])
    .map(parseSetOption)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < axes.length; i++) {
    if (axes[i]!.path === axes[i - 1]!.path)
      throw new InputError([
        {
          file: '--set',
          path: axes[i]!.path,
          message: 'the same path is swept twice; list all its values in one --set',
        },
      ]);
  }
  const pointCount = axes.reduce((n, a) => n * a.values.length, 1);
  if (pointCount > LIMITS.sweepPoints) {
    throw new InputError([
      {
        file: '--set',
        path: '',
        message: `${axes.map((a) => a.values.length).join(' × ')} = ${pointCount.toLocaleString('en-US')} sweep points; at most ${LIMITS.sweepPoints.toLocaleString('en-US')} are allowed`,
      },
    ]);
  }
  const files = resolveDesignFiles(scenarioFile, input.designs);
  const variants = [...(input.variants ?? [])];
  const designCount = files.length * (1 + variants.length);
  const runs = designCount * pointCount * input.seeds.length;
  if (runs > LIMITS.runs) {
    throw new InputError([
      {
        file: '--seeds',
        path: '',
        message: `${designCount} designs × ${pointCount} sweep points × ${input.seeds.length.toLocaleString('en-US')} seeds = ${runs.toLocaleString('en-US')} runs; a batch holds at most ${LIMITS.runs.toLocaleString('en-US')}`,
      },
    ]);
  }
  const seeds = checkSeeds(input.seeds);

  const designFiles = files.map((file) => {
    const data = parseYaml(readInputFile(file), file);
    const loaded = parseDesign(data, file, scenario.scenario);
    return { file, data, id: loaded.design.id, hash: loaded.hash };
  });
  const targets = setTargets(axes, scenario, designFiles);

  const points: SweepPoint[] = sweepPoints(axes).map((p, index) => {
    try {
      // each point shares what it does not change with the files' data, which stays untouched
      const overrides = p.overrides.flatMap((o) =>
        targets.get(o.path)!.map((t) => ({ ...t, value: readValue(o.text, o.path) })),
      );
      const data = produce(base, (draft) => {
        for (const o of overrides)
          if (o.design === undefined) applyOverride(draft, o.path, o.value, scenarioFile);
      });
      const designData: Record<string, unknown> = {};
      for (const d of designFiles) {
        const own = overrides.filter((o) => o.design === d.id);
        if (own.length > 0) {
          designData[d.id] = produce(d.data, (draft) => {
            for (const o of own) applyOverride(draft, o.path, o.value, d.file);
          });
        }
      }
      return {
        index,
        label: p.label,
        data,
        scenario: parseScenario(data, scenarioFile),
        designData,
      };
    } catch (error) {
      throw withPoint(error, p.label);
    }
  });

  const designs = designFiles
    .map(({ file, data, id, hash }) => {
      // every design is checked against every point, with the point's own overrides of its numbers
      for (const p of points) {
        try {
          parseDesign(p.designData[id] ?? data, file, p.scenario.scenario);
        } catch (error) {
          throw withPoint(error, p.label);
        }
      }
      return { id, file, hash, data, base: id, options: [] as DesignOption[] };
    })
    // each design, then each of its variants: the same file with one option on, hashed with it
    .flatMap((d) => [
      d,
      ...variants.map((o) => ({
        ...d,
        id: `${d.id}+${o}`,
        hash: contentHash({ design: d.hash, options: [o] }),
        options: [o],
      })),
    ])
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((d, index) => ({ ...d, index }));
  for (let i = 1; i < designs.length; i++) {
    if (designs[i]!.id === designs[i - 1]!.id) {
      throw new InputError([
        {
          file: designs[i]!.file,
          path: 'id',
          message: `design id "${designs[i]!.id}" is also the id of ${designs[i - 1]!.file}`,
        },
      ]);
    }
  }

  return {
    scenarioFile,
    scenario,
    sweep: axes,
    points,
    designs,
    variants,
    seeds,
    size: designs.length * points.length * seeds.length,
  };
}

/** The run with number `index` (see `runNumbers.ts`). */
export function runAt(plan: BatchPlan, index: number): PlannedRun {
  const place = runPlace(shapeOf(plan), index);
  return { ...place, seed: plan.seeds[place.seedIndex]! };
}

/** The number of a run, or -1 when the plan holds no such run. */
export function runIndex(
  plan: Pick<BatchPlan, 'seeds' | 'points'>,
  design: number,
  point: number,
  seed: number,
): number {
  const s = seedIndex(plan.seeds, seed);
  if (s < 0 || point < 0 || point >= plan.points.length || design < 0) return -1;
  return runNumber(shapeOf(plan), { design, point, seedIndex: s });
}

/** How many points and seeds each design of a plan runs. */
export function shapeOf(plan: Pick<BatchPlan, 'seeds' | 'points'>): RunShape {
  return { points: plan.points.length, seeds: plan.seeds.length };
}
