/**
 * The models of an assumption space at many points, made fast for points of a structure already
 * seen. {@link modelsAt} validates the files at each point with zod and compiles every machine
 * afresh, so each point's runs start with cold transition memos. Most registered numbers need no
 * check beyond their range, and reach only samplers and values that the engine reads from the model
 * as a run goes (processing and latency distributions, probabilities, capacities, factors): call
 * them *swappable*. Points that agree on everything else (choices, numbers at other places: a
 * condition's phase, a Diet's deadline, a scripted time) have one structure, and share:
 *
 * - the files, validated once at the structure's values (its choices' alternatives in place); a
 *   point's swappable numbers are then set in copies of them (only along the paths they change,
 *   and none inside a choice switched away, as {@link modelsAt} drops them), without zod;
 * - the machines and knowledge store of each design, and with them the engine's transition memos
 *   (`engine/runtime.ts`), shared by every model whose files give the same `structureKey`
 *   (`model/compile.ts`: what machines and store are built from, which holds no number they do
 *   not read) — across structures too, when their choices reach no machine.
 *
 * A model made so is the model {@link modelsAt} makes (test/pointModels.test.ts compares files and
 * runs). A point with a value outside its registered range, or an id not in the register, takes the
 * full path ({@link modelsAt}, which validates it). So does every point of a structure whose
 * swappable numbers, all at their low or all at their high ends, do not make valid files: the
 * ranges are meant to make every combination valid (`scenario/register.ts`), and the two corners
 * check the constraints of single fields and of sums.
 */
import {
  filesAt,
  modelsAt,
  overridesOf,
  type AssumptionSpace,
  type AtOptions,
  type Overrides,
  type Setting,
} from './space.js';
import { parsePath } from '../scenario/paths.js';
import type { Assumption } from '../scenario/register.js';
import type { Design, Scenario } from '../scenario/schema.js';
import {
  compileModelOfStructure,
  structureKey,
  type Model,
  type ModelStructure,
} from '../model/compile.js';

const DISTRIBUTION =
  '(?:\\.fixed|\\.(?:lognormal|triangular|uniform|exponential)\\.(?:median|p90|min|mode|max|mean))';
const ITEM = '\\[[^\\]]+\\]';
const KEY = `(?:\\.\\w+|${ITEM})`;

/**
 * The places (paths relative to the scenario or a design) of numbers that the engine reads from
 * the model as a run goes, and that need no check beyond their range; and the loads and capacities,
 * which reach knowledge only through which rungs overwhelm (in `structureKey`). Numbers elsewhere (a
 * Diet's deadline, a condition's phase, a scripted time…) are structure: the files are validated
 * for each of their values.
 */
const SWAPPABLE: readonly RegExp[] = [
  `organisations${ITEM}\\.(?:processing${DISTRIBUTION}|capacity|meets\\.every|meets\\.processing${DISTRIBUTION})`,
  `links\\.(?:withinSide|crossSide)${DISTRIBUTION}`,
  `links${ITEM}\\.latency${DISTRIBUTION}`,
  `reporting\\.(?:japan|unitedStates|identification)${DISTRIBUTION}`,
  `standUp${KEY}\\.time${DISTRIBUTION}`,
  `optionEffects\\.(?:exchangeProcessingFactor|exchangeProcessingFactorWithoutRoe|liaisonLatencyFactor|interagencyMeeting\\.every|interagencyMeeting\\.processing${DISTRIBUTION})`,
  `consensus\\.(?:objection\\.probability|objection\\.revision${DISTRIBUTION}|breakdown\\.afterRounds|breakdown\\.retry${DISTRIBUTION})`,
  `integration\\.reluctance\\.(?:japan|unitedStates|reconsider${DISTRIBUTION})`,
  `adversary\\.(?:deterrence|posture${KEY}|rungs${KEY}\\.(?:advance|stepDown|dwell${DISTRIBUTION}))`,
  `decisions${ITEM}\\.approve\\.(?:probability|byPhase${KEY}|bySituation${KEY}|byProcedure${KEY}|reconsider${DISTRIBUTION})`,
  `decisions${ITEM}\\.calibration\\.review${DISTRIBUTION}`,
  `decisions${ITEM}\\.diet\\.(?:approveProbability|deliberation${DISTRIBUTION})`,
  `decisions${ITEM}\\.chains\\.\\w+${ITEM}\\.fastPath(?:${ITEM})?\\.processing${DISTRIBUTION}`,
  `mechanism\\.consultation${ITEM}\\.silence\\.(?:window|breakProbability)`,
  `(?:jcgCapacity|policeCapacity|ladder\\.rungs${ITEM}\\.(?:jcgLoad|policeLoad))`,
].map((source) => new RegExp(`^${source}$`));

const DESIGN_PATH = /^designs\[([^\]]+)\]\.(.+)$/;

/** Whether every place of a register entry is swappable; an entry of another kind than a number never is. */
export function isSwappable(a: Assumption): boolean {
  return (
    a.kind === 'number' &&
    a.paths.every((p) => SWAPPABLE.some((re) => re.test(DESIGN_PATH.exec(p)?.[2] ?? p)))
  );
}

/** The places of swappable numbers: in the scenario, and per design id in its data. */
interface SwappablePaths {
  readonly scenario: ReadonlySet<string>;
  readonly designs: ReadonlyMap<string, ReadonlySet<string>>;
}

function swappablePaths(register: readonly Assumption[]): SwappablePaths {
  const scenario = new Set<string>();
  const designs = new Map<string, Set<string>>();
  for (const a of register.filter(isSwappable)) {
    for (const path of a.paths) {
      const design = DESIGN_PATH.exec(path);
      if (!design) scenario.add(path);
      else {
        let paths = designs.get(design[1]!);
        if (!paths) designs.set(design[1]!, (paths = new Set()));
        paths.add(design[2]!);
      }
    }
  }
  return { scenario, designs };
}

/** How a {@link PointModels} made its models. */
export interface PointModelStats {
  /** Points whose models were made from their structure's files (validated once per structure). */
  fast: number;
  /** Points that took the full path (values out of range, unknown ids, unsound structures). */
  full: number;
  /** Structures whose files were validated. */
  files: number;
  /** Machines and knowledge stores built (one per design and structure key). */
  machines: number;
}

/** The files of one structure at its values, validated. */
interface Structure {
  readonly scenario: Scenario;
  readonly designs: readonly Design[];
  /** Whether its swappable numbers at both ends of their ranges make valid files. */
  readonly sound: boolean;
}

/** Structures' files kept at most (a study with choices visits many, each for a stretch of points). */
const MAX_STRUCTURES = 8;

/** Machines and knowledge stores kept at most, each with its memos. */
const MAX_SHARED = 16;

/**
 * The memo budget of models that share machines, whose memos serve every point of a study: the
 * points take paths that a single model's runs seldom do, and with the engine's default budget a
 * Morris study of two designs computed about 8% of its transitions afresh and took ~40% longer per
 * point than with this one (~3,000 transitions remembered per design after 300 points, ~1.6 kB
 * each).
 */
const STRUCTURE_MEMO_BUDGET = 10_000;

/**
 * The models of every design of an assumption space at points of it, in the space's order (as
 * {@link modelsAt}), made fast for points of a structure already seen (see the module comment).
 *
 * @example
 * ```ts
 * const models = new PointModels(assumptionSpace(file, 'parallel,acm-2015'));
 * const [a, b] = models.at(new Map([['jcgCapacity', 5]]));
 * ```
 */
export class PointModels {
  /** How the models were made so far. */
  readonly stats: PointModelStats = { fast: 0, full: 0, files: 0, machines: 0 };
  private readonly byId: ReadonlyMap<string, Assumption>;
  private readonly swappable: readonly Assumption[];
  private readonly swappableIds: ReadonlySet<string>;
  private readonly swappablePaths: SwappablePaths;
  private readonly structures = new Map<string, Structure>();
  private readonly shared = new Map<string, ModelStructure>();

  constructor(private readonly space: AssumptionSpace) {
    this.byId = new Map(space.register.map((a) => [a.id, a]));
    this.swappable = space.register.filter(isSwappable);
    this.swappableIds = new Set(this.swappable.map((a) => a.id));
    this.swappablePaths = swappablePaths(space.register);
  }

  /**
   * The models at `values` (register id → value), as {@link modelsAt} makes them with `options`;
   * an unknown id or a value that makes a file invalid is its {@link InputError}.
   */
  at(values: ReadonlyMap<string, number>, options: AtOptions = {}): Model[] {
    const models = this.fast(values);
    if (models) this.stats.fast++;
    else this.stats.full++;
    return models ?? modelsAt(this.space, values, options);
  }

  /** The models made from the point's structure; undefined when the point must take the full path. */
  private fast(values: ReadonlyMap<string, number>): Model[] | undefined {
    const structural = this.structuralOf(values);
    if (!structural) return undefined;
    let scenario: Scenario;
    let designs: Design[];
    try {
      const structure = this.structureOf(structural);
      if (!structure.sound) return undefined;
      const sets = this.swappableSettings(values);
      scenario = withValues(structure.scenario, sets.scenario);
      designs = structure.designs.map((d) => withValues(d, sets.designs.get(d.id) ?? NO_SETTINGS));
    } catch {
      // the full path reports what is wrong with these values
      return undefined;
    }
    return designs.map((d) => this.modelOf(scenario, d));
  }

  /** The model of a design, with the machines and knowledge store of its structure key. */
  private modelOf(scenario: Scenario, design: Design): Model {
    const key = structureKey(scenario, design);
    const shared = recall(this.shared, key);
    if (shared) return compileModelOfStructure(scenario, design, shared);
    this.stats.machines++;
    const model = compileModelOfStructure(scenario, design, { memoBudget: STRUCTURE_MEMO_BUDGET });
    const { machines, knowledge, memoBudget } = model;
    remember(this.shared, key, { machines, knowledge, memoBudget }, MAX_SHARED);
    return model;
  }

  /**
   * The point's structural values (choices and numbers not swappable), in register order; undefined
   * when a value is outside its range (a choice's: its alternatives) or an id is not in the register.
   */
  private structuralOf(values: ReadonlyMap<string, number>): Map<string, number> | undefined {
    for (const [id, value] of values) {
      const a = this.byId.get(id);
      if (!a || !(value >= a.low && value <= a.high)) return undefined;
    }
    const structural = new Map<string, number>();
    for (const a of this.space.register) {
      const value = values.get(a.id);
      if (value !== undefined && !this.swappableIds.has(a.id)) structural.set(a.id, value);
    }
    return structural;
  }

  /**
   * The settings of the point's swappable numbers, as the full path puts them: none inside a
   * choice switched away from the file's value.
   */
  private swappableSettings(values: ReadonlyMap<string, number>): Overrides {
    const all = overridesOf(this.space, values, {});
    const swappable = (places: ReadonlySet<string> | undefined) => (s: Setting) =>
      !s.choice && places?.has(s.path) === true;
    const { scenario, designs } = this.swappablePaths;
    return {
      scenario: all.scenario.filter(swappable(scenario)),
      designs: new Map(
        [...all.designs].map(([id, sets]) => [id, sets.filter(swappable(designs.get(id)))]),
      ),
    };
  }

  /** The structure of these structural values: its files validated, built on first use. */
  private structureOf(structural: ReadonlyMap<string, number>): Structure {
    const key = JSON.stringify(overridesOf(this.space, structural, {}), (_, v: unknown) =>
      v instanceof Map ? [...(v as Map<unknown, unknown>)] : v,
    );
    let structure = recall(this.structures, key);
    if (!structure) {
      this.stats.files++;
      const { scenario, designs } = filesAt(this.space, structural);
      structure = {
        scenario: deepFreeze(scenario),
        designs: designs.map(deepFreeze),
        sound: this.cornersValid(structural),
      };
      remember(this.structures, key, structure, MAX_STRUCTURES);
    }
    return structure;
  }

  /** Whether the swappable numbers all at their lows, and all at their highs, make valid files. */
  private cornersValid(structural: ReadonlyMap<string, number>): boolean {
    for (const end of ['low', 'high'] as const) {
      const corner = new Map(structural);
      for (const a of this.swappable) corner.set(a.id, a[end]);
      try {
        filesAt(this.space, corner);
      } catch {
        return false;
      }
    }
    return true;
  }
}

const NO_SETTINGS: readonly Setting[] = [];

/** The value under `key`, made the most recent. */
function recall<V>(map: Map<string, V>, key: string): V | undefined {
  const value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
    map.set(key, value);
  }
  return value;
}

/** Keeps `value` under `key`, forgetting the least recent beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

type Container = Record<string | number, unknown>;

/**
 * `base` with each setting's path set to its value (paths and their reading as `scenario/paths.ts`'s
 * `applyOverride` has them), copying only the objects along the paths; `base` is left as it was.
 * A path that names nothing throws.
 */
export function withValues<T>(base: T, sets: readonly Setting[]): T {
  if (sets.length === 0) return base;
  const copies = new Set<unknown>();
  const copyOf = (node: unknown): Container => {
    if (typeof node !== 'object' || node === null) throw new Error('expected an object or a list');
    const copy = (Array.isArray(node) ? [...node] : { ...node }) as Container;
    copies.add(copy);
    return copy;
  };
  const root = copyOf(base);
  for (const { path, value } of sets) {
    const segments = parsePath(path);
    let node = root;
    segments.forEach((segment, k) => {
      const slot = slotOf(node, segment);
      if (k === segments.length - 1) node[slot] = value;
      else {
        const child = node[slot];
        node = copies.has(child) ? (child as Container) : (node[slot] = copyOf(child));
      }
    });
  }
  return root as T;
}

/** Where a path's segment leads in `node`, as `applyOverride` reads it. */
function slotOf(node: Container, segment: ReturnType<typeof parsePath>[number]): string | number {
  const mapping = !Array.isArray(node);
  if ('key' in segment) {
    if (mapping && Object.hasOwn(node, segment.key)) return segment.key;
  } else {
    const key = 'id' in segment ? segment.id : String(segment.index);
    if (mapping && Object.hasOwn(node, key)) return key;
    if (!mapping && 'index' in segment && segment.index < (node as unknown[]).length)
      return segment.index;
    if (!mapping && 'id' in segment) {
      const at = (node as unknown[]).findIndex(
        (e) => typeof e === 'object' && e !== null && (e as { id?: unknown }).id === segment.id,
      );
      if (at >= 0) return at;
    }
  }
  throw new Error(`no ${JSON.stringify(segment)} here`);
}

/** Freezes an object and everything in it: a structure's files are shared by every point's copies. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
