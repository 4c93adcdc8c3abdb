/**
 * A compiled model: everything a run needs, built once per (scenario, design) by `compile.ts` and
 * shared by every run of it; and where a machine's drawn delay finds its sampler.
 */
import type { Design, Nation, Scenario, Side } from '../scenario/schema.js';
import type { Sampler } from '../math/distributions.js';
import type { KnowledgeStore } from './knowledge.js';
import type {
  AdversaryRungPolicy,
  CompiledDecision,
  CompiledMechanism,
  CompiledOrganisation,
} from './compiled.js';
import type { DecisionMachine } from './decision.js';
import type { LegalMachine } from './legal.js';
import type { LadderMachine } from './ladder.js';
import type { AdversaryMachine } from './adversary.js';
import type { DrawnDelay } from './draws.js';

/** Everything a run needs, built once per (scenario, design). */
export interface Model {
  readonly scenario: Scenario;
  readonly design: Design;
  readonly horizon: number;
  readonly rungIndex: ReadonlyMap<string, number>;
  readonly objectiveRung: number;
  readonly decisions: readonly CompiledDecision[];
  readonly decisionsById: ReadonlyMap<string, CompiledDecision>;
  readonly organisations: ReadonlyMap<string, CompiledOrganisation>;
  readonly mechanism: CompiledMechanism;
  readonly adversary: {
    readonly rungs: readonly AdversaryRungPolicy[];
    readonly posture: ReadonlyMap<string, number>;
    readonly deterrence: number;
    /** A historical incident's moves (minutes, rung index); the adversary then does not choose. */
    readonly script?: ReadonlyArray<{ readonly at: number; readonly to: number }>;
  };
  /** Each nation's reporting delay, and the nation with whose reports the alliance mechanism learns of a rung. */
  readonly reporting: {
    readonly delay: Readonly<Record<Nation, Sampler>>;
    readonly allianceLearnsWith: Nation;
    /** How long a contact takes to be identified, for rungs that need it (`identify`). */
    readonly identification?: Sampler;
  };
  readonly responseInPlace: readonly string[];
  /** Decisions of other authorities whose coming into force each authority's guards read. */
  readonly interests: Readonly<Record<Side, ReadonlySet<string>>>;
  /** Latency sampler of the link between two organisations (either direction). */
  link(from: string, to: string): Sampler;
  /** The knowledge values of this model's runs, interned. */
  readonly knowledge: KnowledgeStore;
  /**
   * How many transitions (and snapshots) the memos of this model's machines may remember together;
   * absent, the engine's default. Models of one structure share machines and memos
   * (`assumptions/pointModels.ts`), which then serve many models and may remember more.
   */
  readonly memoBudget?: number;
  readonly machines: {
    readonly ladder: LadderMachine;
    readonly adversary: AdversaryMachine;
    /** One machine per decision, by decision id, in the order the files list them. */
    readonly decisions: ReadonlyMap<string, DecisionMachine>;
    /** Each side's legal posture. */
    readonly legal: Readonly<Record<Side, LegalMachine>>;
  };
}

/** The sampler of `model` that a machine's drawn delay follows (see `draws.ts`). */
export function delaySampler(model: Model, delay: DrawnDelay): Sampler {
  return 'dwellOn' in delay
    ? model.adversary.rungs[delay.dwellOn]!.dwell
    : model.decisionsById.get(delay.reviewOf)!.calibration!.review;
}
