/**
 * The sweep of a batch, after NetLogo's BehaviorSpace: each `--set path=v1,v2,...` is an axis
 * over one value of the scenario (or of a design, or a name of the assumption register that stands
 * for every place it is stated; a structural choice's values may be its alternatives' names), and
 * the points are the cartesian product of the axes, each validated as a scenario of its own. Axes are sorted by path; values keep the order given.
 */
import { produce } from 'immer';
import { parse as parseYamlValue } from 'yaml';
import { InputError, type InputIssue } from '../scenario/errors.js';
import { parseDesign, parseScenario, type LoadedScenario } from '../scenario/load.js';
import { applyAlternative, applyOverride, parsePath } from '../scenario/paths.js';
import { assumptionRegister, type ChoiceAssumption } from '../scenario/register.js';
import { LIMITS } from './limits.js';
import { splitValues } from '../assumptions/setOption.js';

/** One axis of a sweep: a scenario value and the values it takes, as written. */
export interface SweepAxis {
  /**
   * A path into the scenario data: `adversary.deterrence`, `ladder.rungs[3].jcgLoad`,
   * `organisations[jp.cas].capacity`.
   */
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
  /**
   * Design data with this point's overrides of design numbers applied, by design id (others use the
   * design's own data).
   */
  readonly designData: Readonly<Record<string, unknown>>;
}

/** Reads `path=v1,v2,...` into a sweep axis. */
export function parseSetOption(text: string): SweepAxis {
  const eq = text.indexOf('=');
  const bad = (message: string) => new InputError([{ file: '--set', path: text, message }]);
  if (eq <= 0) throw bad('expected path=value[,value...], e.g. adversary.deterrence=0.1,0.2');
  const path = text.slice(0, eq).trim();
  parsePath(path);
  const values = splitValues(text.slice(eq + 1));
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

/** Where a swept path goes, and the structural choice it names if it names one. */
interface Target {
  readonly design?: string;
  readonly path: string;
  readonly choice?: ChoiceAssumption;
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
): Map<string, Target[]> {
  const register =
    axes.length > 0
      ? assumptionRegister(
          scenario.scenario,
          designs.map((d) => ({
            id: d.id,
            data: parseDesign(d.data, d.file, scenario.scenario).design,
          })),
        )
      : [];
  const targets = new Map<string, Target[]>();
  for (const axis of axes) {
    const named = register.find(
      (a) => a.id === axis.path && (a.paths.length > 1 || a.paths[0] !== a.id),
    );
    const choice = register.find(
      (a): a is ChoiceAssumption => a.kind === 'choice' && a.id === axis.path,
    );
    targets.set(
      axis.path,
      (named ? named.paths : [axis.path]).map((path) => {
        const design = /^designs\[([^\]]+)\]\.(.+)$/.exec(path);
        if (!design) return { path, choice };
        if (!designs.some((d) => d.id === design[1])) {
          throw new InputError([
            {
              file: '--set',
              path: axis.path,
              message: `design "${design[1]}" is not in this batch (its designs: ${designs.map((d) => d.id).join(', ')})`,
            },
          ]);
        }
        return { design: design[1]!, path: design[2]!, choice };
      }),
    );
  }
  return targets;
}

/**
 * The value a swept text puts at a target: a structural choice's alternative when the text is one
 * of its names (a copy, put with {@link applyAlternative}: null removes the key), else the text
 * read as YAML.
 */
function settingOf(target: Target, text: string, axis: string) {
  const alternative = target.choice?.alternatives.find((a) => a.name === text);
  return alternative
    ? { value: structuredClone(alternative.value), alternative: true }
    : { value: readValue(text, axis), alternative: false };
}

/** Puts one swept value into a draft of a file's data. */
function put(
  draft: unknown,
  o: { path: string; value: unknown; alternative: boolean },
  file: string,
): void {
  if (o.alternative) applyAlternative(draft, o.path, o.value, file);
  else applyOverride(draft, o.path, o.value, file);
}

/** Adds the sweep point to every issue, so an override that breaks the scenario names itself. */
export function withPoint(error: unknown, label: string): unknown {
  if (!(error instanceof InputError) || !label) return error;
  return new InputError(
    error.issues.map((i: InputIssue) => ({ ...i, message: `${i.message} (with --set ${label})` })),
  );
}

/**
 * The sweep axes of `--set` texts, sorted by path. A path swept twice, or more sweep points than
 * {@link LIMITS.sweepPoints}, is an {@link InputError} naming `--set`.
 */
export function readAxes(sets: readonly string[]): SweepAxis[] {
  const axes = sets
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
  return axes;
}

/** A design's file as a sweep sees it: its id, and its data as parsed from the file. */
export interface SweptDesign {
  readonly id: string;
  readonly file: string;
  readonly data: unknown;
}

/**
 * Every point of the sweep: the scenario's data (`base`, from `scenarioFile`) with the point's
 * overrides applied and validated, and the designs' data with theirs. An override that breaks the
 * scenario or a design is an {@link InputError} naming the point.
 */
export function sweepPointsOf(
  axes: readonly SweepAxis[],
  base: unknown,
  scenario: LoadedScenario,
  designs: readonly SweptDesign[],
  options: { readonly beyondRanges?: boolean } = {},
): SweepPoint[] {
  const targets = setTargets(axes, scenario, designs);
  return sweepPoints(axes).map((p, index) => {
    try {
      // each point shares what it does not change with the files' data, which stays untouched
      const overrides = p.overrides.flatMap((o) =>
        targets.get(o.path)!.map((t) => ({ ...t, ...settingOf(t, o.text, o.path) })),
      );
      const data = produce(base, (draft) => {
        for (const o of overrides) if (o.design === undefined) put(draft, o, scenario.file);
      });
      const designData: Record<string, unknown> = {};
      for (const d of designs) {
        const own = overrides.filter((o) => o.design === d.id);
        if (own.length > 0) {
          designData[d.id] = produce(d.data, (draft) => {
            for (const o of own) put(draft, o, d.file);
          });
        }
      }
      return {
        index,
        label: p.label,
        data,
        scenario: parseScenario(
          data,
          scenario.file,
          options.beyondRanges ? { beyondRanges: true } : {},
        ),
        designData,
      };
    } catch (error) {
      throw withPoint(error, p.label);
    }
  });
}
