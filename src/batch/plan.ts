/**
 * The plan of a batch: every (design × sweep point × seed) run, numbered in one canonical order
 * that does not depend on how the user wrote the seeds, the designs or the sweep:
 * designs by id, then sweep points (axes sorted by path, values as given), then seeds ascending
 * (`runNumbers.ts`); results files list runs in exactly this order.
 * Every sweep point (`sweep.ts`) is validated as a scenario of its own, and every design against
 * every point. With a posterior, each seed's runs draw the fitted numbers (`posteriorPlan.ts`).
 */
import { InputError } from '../scenario/errors.js';
import {
  parseDesign,
  parseScenario,
  parseYaml,
  readInputFile,
  type LoadedScenario,
} from '../scenario/load.js';
import { designDirectory, resolveDesignFiles } from '../scenario/catalog.js';
import { resolveDesignExtends } from '../scenario/designExtend.js';
import { withOptions, type DesignOption } from '../scenario/variants.js';
import { contentHash } from '../scenario/hash.js';
import type { Design, Scenario } from '../scenario/schema.js';
import { LIMITS } from './limits.js';
import { checkSeeds, seedIndex } from './seeds.js';
import { runNumber, runPlace, type RunShape } from './runNumbers.js';
import { readAxes, sweepPointsOf, withPoint, type SweepAxis, type SweepPoint } from './sweep.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import { planPosterior, type PlannedPosterior } from './posteriorPlan.js';
import { checkedOverrides } from './sweepOverrides.js';
import type { OverrideRecord } from '../assumptions/setOption.js';

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

/**
 * The design a planned design runs at a sweep point: its file's data with the point's overrides,
 * with its options switched on.
 */
export function plannedDesign(
  d: Pick<PlannedDesign, 'base' | 'file' | 'data' | 'options'>,
  designData: Readonly<Record<string, unknown>>,
  scenario: Scenario,
  beyondRanges = false,
): Design {
  const design = parseDesign(
    designData[d.base] ?? d.data,
    d.file,
    scenario,
    beyondRanges ? { beyondRanges } : {},
  ).design;
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
  /** The posterior each seed draws the fitted numbers from (`--posterior`), or null. */
  readonly posterior: PlannedPosterior | null;
  /** Whether swept values may lie outside their registered ranges (`--outside-range`). */
  readonly outsideRange: boolean;
  /** Every `--set`, checked against the register, as the outputs record it; empty without. */
  readonly overrides: readonly OverrideRecord[];
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
  /** A posterior each seed draws the fitted numbers from, the same for every design and sweep point. */
  readonly posterior?: LoadedPosterior;
  /** Take swept values outside their registered ranges (`--outside-range`); the manifest records it. */
  readonly outsideRange?: boolean;
}

/** One run of a plan. */
export interface PlannedRun {
  readonly design: number;
  readonly point: number;
  readonly seedIndex: number;
  readonly seed: number;
}

/** Refuses a batch of more than {@link LIMITS.runs} runs before anything is read beyond its size. */
function checkRunCount(designs: number, points: number, seeds: number): void {
  const runs = designs * points * seeds;
  if (runs > LIMITS.runs)
    throw new InputError([
      {
        file: '--seeds',
        path: '',
        message: `${designs} designs × ${points} sweep points × ${seeds.toLocaleString('en-US')} seeds = ${runs.toLocaleString('en-US')} runs; a batch holds at most ${LIMITS.runs.toLocaleString('en-US')}`,
      },
    ]);
}

/**
 * The designs of a batch in canonical order (by id), each checked against every sweep point with
 * the point's own overrides of its numbers, each followed by its variants (the same file with one
 * option on, hashed with it). Two designs of one id are an {@link InputError}.
 */
function planDesigns(
  files: ReadonlyArray<{ file: string; data: unknown; id: string; hash: string }>,
  points: readonly SweepPoint[],
  variants: readonly DesignOption[],
  beyondRanges: boolean,
): PlannedDesign[] {
  const designs = files
    .map(({ file, data, id, hash }) => {
      for (const p of points) {
        try {
          parseDesign(
            p.designData[id] ?? data,
            file,
            p.scenario.scenario,
            beyondRanges ? { beyondRanges } : {},
          );
        } catch (error) {
          throw withPoint(error, p.label);
        }
      }
      return { id, file, hash, data, base: id, options: [] as DesignOption[] };
    })
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
  return designs;
}

/**
 * Builds the plan: loads the scenario, applies each sweep point and validates it, resolves and
 * validates the designs against every point, and orders everything canonically. Bad input is an
 * {@link InputError}.
 */
export function createPlan(input: PlanInput): BatchPlan {
  const { scenarioFile } = input;
  const base = parseYaml(readInputFile(scenarioFile), scenarioFile);
  const scenario = parseScenario(base, scenarioFile, { checkAlternatives: true });
  const axes = readAxes(input.sets ?? []);
  const pointCount = axes.reduce((n, a) => n * a.values.length, 1);
  const files = resolveDesignFiles(scenarioFile, input.designs);
  const variants = [...(input.variants ?? [])];
  checkRunCount(files.length * (1 + variants.length), pointCount, input.seeds.length);
  const seeds = checkSeeds(input.seeds);
  const catalog = designDirectory(scenarioFile);
  const designFiles = files.map((file) => {
    const text = parseYaml(readInputFile(file), file);
    const loaded = parseDesign(text, file, scenario.scenario, { checkAlternatives: true, catalog });
    // the data a sweep varies: with the designs it extends merged in
    const data = resolveDesignExtends(text, file, catalog).data;
    return { file, data, id: loaded.design.id, hash: loaded.hash };
  });
  const beyondRanges = input.outsideRange ?? false;
  const overrides = checkedOverrides(input.sets ?? [], scenario, designFiles, beyondRanges);
  const points = sweepPointsOf(axes, base, scenario, designFiles, { beyondRanges });
  const designs = planDesigns(designFiles, points, variants, beyondRanges);
  return {
    scenarioFile,
    scenario,
    sweep: axes,
    points,
    designs,
    variants,
    seeds,
    size: designs.length * points.length * seeds.length,
    outsideRange: beyondRanges,
    overrides,
    posterior: input.posterior
      ? planPosterior(input.posterior, scenario, designFiles, axes, points)
      : null,
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
function shapeOf(plan: Pick<BatchPlan, 'seeds' | 'points'>): RunShape {
  return { points: plan.points.length, seeds: plan.seeds.length };
}
