/**
 * What an authority knows of the world, and conditions compiled into predicates over it. Every
 * authority machine keeps a `Knowledge` in its context; guards read it, never the engine.
 */
import { produce } from 'immer';
import {
  SITUATIONS,
  type Condition,
  type Rung,
  type Scenario,
  type SituationLevel,
} from '../scenario/schema.js';

/** What the Coast Guard and the general police can each handle, in the load units of the rungs. */
export type Capacities = Pick<Scenario, 'jcgCapacity' | 'policeCapacity'>;

/** An authority's picture: the rung it has been told of, what it has recognised and decided. */
export interface Knowledge {
  /** Index of the rung last reported, -1 before any report. */
  rung: number;
  /** Situation level the facts on the reported rung support (index into SITUATIONS). */
  situation: number;
  /** Situation level the Cabinet has recognised (index into SITUATIONS). */
  recognised: number;
  phase: number;
  /** The reported rung asks more of the JCG than its capacity. */
  jcgOverwhelmed: boolean;
  /** The reported rung asks more of the general police than their capacity ([SDFAct] Art. 78). */
  policeOverwhelmed: boolean;
  /** Facts in force, such as `jcgCapacityExceeded`. */
  facts: Record<string, true>;
  /** Decisions in force (own and announced by others). */
  decided: Record<string, true>;
  /** Powers granted by orders in force, such as `useOfForce`. */
  powers: Record<string, true>;
}

/** The fields of `Knowledge` that hold numbers or flags, and those that hold sets of names. */
const SCALAR_FIELDS = [
  'rung',
  'situation',
  'recognised',
  'phase',
  'jcgOverwhelmed',
  'policeOverwhelmed',
] as const satisfies readonly (keyof Knowledge)[];
const SET_FIELDS = ['facts', 'decided', 'powers'] as const satisfies readonly (keyof Knowledge)[];

// The compiler checks that the two lists name every field of `Knowledge`: the store's intern key
// is built from them, so a field left out would make two different values one.
type Listed = (typeof SCALAR_FIELDS)[number] | (typeof SET_FIELDS)[number];
const everyFieldListed: [keyof Knowledge] extends [Listed] ? true : never = true;
void everyFieldListed;

/** The knowledge of an authority before any report. */
export function createKnowledge(): Knowledge {
  return {
    rung: -1,
    situation: 0,
    recognised: 0,
    phase: 0,
    jcgOverwhelmed: false,
    policeOverwhelmed: false,
    facts: {},
    decided: {},
    powers: {},
  };
}

/** Index of a situation level; higher is graver. */
function situationIndex(level: SituationLevel): number {
  return SITUATIONS.indexOf(level);
}

export type Predicate = (k: Knowledge) => boolean;

/** Compiles a condition into a predicate; an empty condition always holds. */
/** A ladder's lookups for conditions: rung ids to indices, and each rung fact to the rungs that hold it. */
export interface LadderIndex {
  readonly rungIndex: ReadonlyMap<string, number>;
  readonly rungFacts: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Builds the lookups of a ladder. */
export function ladderIndex(rungs: readonly Pick<Rung, 'id' | 'facts'>[]): LadderIndex {
  const rungFacts = new Map<string, Set<number>>();
  rungs.forEach((r, i) => {
    for (const f of r.facts) {
      let at = rungFacts.get(f);
      if (!at) rungFacts.set(f, (at = new Set()));
      at.add(i);
    }
  });
  return { rungIndex: new Map(rungs.map((r, i) => [r.id, i])), rungFacts };
}

/**
 * Compiles a condition into a predicate on knowledge. A fact holds when a decision in force (or a
 * procedure) established it, or when the rung the side knows of carries it.
 */
export function compileCondition(c: Condition, ladder: LadderIndex): Predicate {
  const tests: Predicate[] = [];
  const rung = (id: string) => ladder.rungIndex.get(id)!;
  if (c.rungAtLeast !== undefined) {
    const r = rung(c.rungAtLeast);
    tests.push((k) => k.rung >= r);
  }
  if (c.rungBelow !== undefined) {
    const r = rung(c.rungBelow);
    tests.push((k) => k.rung < r);
  }
  if (c.rungIn !== undefined) {
    const rs = new Set(c.rungIn.map(rung));
    tests.push((k) => rs.has(k.rung));
  }
  if (c.phaseAtLeast !== undefined) {
    const p = c.phaseAtLeast;
    tests.push((k) => k.phase >= p);
  }
  if (c.phaseBelow !== undefined) {
    const p = c.phaseBelow;
    tests.push((k) => k.phase < p);
  }
  if (c.recognisedAtLeast !== undefined) {
    const s = situationIndex(c.recognisedAtLeast);
    tests.push((k) => k.recognised >= s);
  }
  if (c.situationAtLeast !== undefined) {
    const s = situationIndex(c.situationAtLeast);
    tests.push((k) => k.situation >= s);
  }
  if (c.situationBelow !== undefined) {
    const s = situationIndex(c.situationBelow);
    tests.push((k) => k.situation < s);
  }
  if (c.jcgOverwhelmed !== undefined) {
    const v = c.jcgOverwhelmed;
    tests.push((k) => k.jcgOverwhelmed === v);
  }
  if (c.policeOverwhelmed !== undefined) {
    const v = c.policeOverwhelmed;
    tests.push((k) => k.policeOverwhelmed === v);
  }
  for (const f of c.facts ?? []) {
    const onRungs = ladder.rungFacts.get(f);
    tests.push(
      onRungs ? (k) => k.facts[f] === true || onRungs.has(k.rung) : (k) => k.facts[f] === true,
    );
  }
  for (const d of c.decided ?? []) tests.push((k) => k.decided[d] === true);
  if (c.decidedAny !== undefined) {
    const any = c.decidedAny;
    tests.push((k) => any.some((d) => k.decided[d] === true));
  }
  for (const d of c.notDecided ?? []) tests.push((k) => k.decided[d] !== true);
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (k) => {
    for (const t of tests) if (!t(k)) return false;
    return true;
  };
}

/** Updates knowledge for a newly reported rung. */
export function withRung(
  k: Knowledge,
  rungs: readonly Rung[],
  index: number,
  capacities: Capacities,
): Knowledge {
  const r = rungs[index]!;
  return {
    ...k,
    rung: index,
    situation: situationIndex(r.situation),
    phase: r.phase,
    jcgOverwhelmed: r.jcgLoad > capacities.jcgCapacity,
    policeOverwhelmed: r.policeLoad > capacities.policeCapacity,
  };
}

/** What a decision in force adds to its side's knowledge. */
export interface DecisionEffects {
  readonly facts: readonly string[];
  readonly powers: readonly string[];
  readonly recognise?: SituationLevel;
}

/**
 * Knowledge after a decision enters (or leaves) force: it is decided, its facts hold and its
 * powers are granted (or no longer). Recognition, once made, is not withdrawn. Parts that do not
 * change keep their identity, which is how machines tell whether news concerns them.
 */
export function withDecision(
  k: Knowledge,
  decision: string,
  inForce: boolean,
  effects?: DecisionEffects,
): Knowledge {
  return produce(k, (draft) => {
    const mark = (set: Record<string, true>, key: string) => {
      if (inForce) set[key] = true;
      else delete set[key];
    };
    mark(draft.decided, decision);
    if (!effects) return;
    for (const f of effects.facts) mark(draft.facts, f);
    for (const p of effects.powers) mark(draft.powers, p);
    if (inForce && effects.recognise)
      draft.recognised = Math.max(draft.recognised, situationIndex(effects.recognise));
  });
}

/** Knowledge with one more fact (such as a consultation waiting for activation). */
export function withFact(k: Knowledge, fact: string): Knowledge {
  return produce(k, (draft) => {
    draft.facts[fact] = true;
  });
}

/** Interned values above this many stop being interned (the store then only computes). */
const STORE_LIMIT = 4_000;

/**
 * A model's knowledge values, interned: equal knowledge is one object (so are equal sets of
 * facts, decisions and powers), and each update of a value is computed once. Every run of the
 * model then shares its knowledge values, which lets the engine reuse machine transitions that
 * read them (`engine/memo.ts`). Past its limit (`STORE_LIMIT` values) the store computes without
 * interning, and the transitions that read such values are computed afresh.
 */
export interface KnowledgeStore {
  /** The knowledge before any report. */
  readonly initial: Knowledge;
  withRung(k: Knowledge, index: number): Knowledge;
  withDecision(
    k: Knowledge,
    decision: string,
    inForce: boolean,
    effects?: DecisionEffects,
  ): Knowledge;
  withFact(k: Knowledge, fact: string): Knowledge;
  /** A small number naming an interned value; undefined for any other object. */
  idOf(value: object): number | undefined;
  /** How many values are interned. */
  readonly size: number;
}

/**
 * Creates the knowledge store of a scenario (its ladder, capacities and procedures in force); past
 * `limit` values it stops interning.
 */
export function createKnowledgeStore(
  rungs: readonly Rung[],
  scenario: Capacities & Partial<Pick<Scenario, 'procedures'>>,
  limit = STORE_LIMIT,
): KnowledgeStore {
  // the procedures in force at the scenario's date are known to every side from the start
  const initialFacts = Object.entries(scenario.procedures ?? {})
    .filter(([, p]) => p.inForce)
    .map(([name]) => name);
  const values = new Map<string, Knowledge>();
  const ids = new WeakMap<object, number>();
  const records = new Map<string, Record<string, true>>();
  const updates = new WeakMap<Knowledge, Map<string, Knowledge>>();
  const effectIds = new WeakMap<DecisionEffects, number>();
  let effectCount = 0;

  const internRecord = (r: Record<string, true>): [Record<string, true>, string] => {
    const key = Object.keys(r).sort().join(',');
    let canonical = records.get(key);
    if (!canonical) records.set(key, (canonical = r));
    return [canonical, key];
  };
  const intern = (k: Knowledge): Knowledge => {
    if (values.size >= limit) return k;
    let key = '';
    for (const field of SCALAR_FIELDS) key += `${Number(k[field])},`;
    const sets = {} as Pick<Knowledge, (typeof SET_FIELDS)[number]>;
    let shared = true;
    for (const field of SET_FIELDS) {
      const [canonical, setKey] = internRecord(k[field]);
      sets[field] = canonical;
      shared &&= canonical === k[field];
      key += `|${setKey}`;
    }
    let value = values.get(key);
    if (!value) {
      value = shared ? k : { ...k, ...sets };
      values.set(key, value);
      ids.set(value, values.size);
    }
    return value;
  };
  const update = (k: Knowledge, key: string, compute: () => Knowledge): Knowledge => {
    if (!ids.has(k)) return compute();
    let byKey = updates.get(k);
    if (!byKey) updates.set(k, (byKey = new Map()));
    let next = byKey.get(key);
    if (!next) {
      next = intern(compute());
      if (ids.has(next)) byKey.set(key, next);
    }
    return next;
  };
  const effectId = (effects: DecisionEffects | undefined): number => {
    if (!effects) return 0;
    let id = effectIds.get(effects);
    if (id === undefined) effectIds.set(effects, (id = ++effectCount));
    return id;
  };
  // the keys of updates, made once: a key made afresh for every update costs more to hash than to find
  const rungKeys = rungs.map((_, index) => `r${index}`);
  const decisionKeys = new Map<string, string[]>();
  const decisionKey = (decision: string, inForce: boolean, effects?: DecisionEffects): string => {
    const id = effectId(effects);
    let keys = decisionKeys.get(decision);
    if (!keys) decisionKeys.set(decision, (keys = []));
    return (keys[2 * id + (inForce ? 1 : 0)] ??= `d${inForce ? '+' : '-'}${id}${decision}`);
  };

  return {
    initial: intern(initialFacts.reduce((k, fact) => withFact(k, fact), createKnowledge())),
    withRung: (k, index) =>
      update(k, rungKeys[index] ?? `r${index}`, () => withRung(k, rungs, index, scenario)),
    withDecision: (k, decision, inForce, effects) =>
      update(k, decisionKey(decision, inForce, effects), () =>
        withDecision(k, decision, inForce, effects),
      ),
    withFact: (k, fact) => update(k, `f${fact}`, () => withFact(k, fact)),
    idOf: (value) => ids.get(value),
    get size() {
      return values.size;
    },
  };
}
