/**
 * The knowledge bus: what each side knows, and how news reaches its actors. An actor at rest is
 * told news only when its state's wake (derived from the state's guards) says the news can move
 * it; before any other event reaches an actor, the bus brings the actor up to date. So every
 * guard reads what its side knows at that moment, exactly as if every update were delivered to
 * every actor (`delivery: 'full'`, which tests compare against).
 */
import type { Knowledge, KnowledgeStore } from '../model/knowledge.js';
import { wakesOf, type Wake } from '../model/settle.js';
import type { Side } from '../scenario/schema.js';
import type { ActorId, ActorSnapshot } from './actor.js';

/** How news reaches actors: only those it can move (the default), or every one (to check the first). */
export type Delivery = 'filtered' | 'full';

/** What the bus needs of the kernel. */
export interface BusHost {
  snapshot(actor: ActorId): ActorSnapshot;
  deliver(actor: ActorId, event: { type: 'KNOW'; k: Knowledge }, cause: string): void;
}

/** The wake predicates of each snapshot, read once: snapshots are immutable values. */
const wakesBySnapshot = new WeakMap<ActorSnapshot, Wake[]>();

function wakesOfSnapshot(snapshot: ActorSnapshot): Wake[] {
  let wakes = wakesBySnapshot.get(snapshot);
  if (!wakes) wakesBySnapshot.set(snapshot, (wakes = wakesOf(snapshot.getMeta())));
  return wakes;
}

/** Whether news `k` can move an actor at `snapshot` (one of its state's wakes says so). */
function wakes(snapshot: ActorSnapshot, k: Knowledge): boolean {
  for (const wake of wakesOfSnapshot(snapshot)) if (wake(snapshot.context, k)) return true;
  return false;
}

const sideMaps = new WeakMap<
  Readonly<Record<Side, readonly ActorId[]>>,
  ReadonlyMap<ActorId, Side>
>();

/** Each actor's side, worked out once per model's lists of side actors. */
function sidesOf(
  sideActors: Readonly<Record<Side, readonly ActorId[]>>,
): ReadonlyMap<ActorId, Side> {
  let map = sideMaps.get(sideActors);
  if (!map) {
    const sides = new Map<ActorId, Side>();
    for (const side of Object.keys(sideActors) as Side[])
      for (const actor of sideActors[side]) sides.set(actor, side);
    sideMaps.set(sideActors, (map = sides));
  }
  return map;
}

export class KnowledgeBus {
  private readonly pictures: Record<Side, Knowledge>;
  /** A version per side that grows with every change of its picture. */
  private readonly versions: Record<Side, number> = { japan: 0, unitedStates: 0, alliance: 0 };
  /** The picture version each actor was last given. */
  private readonly given = new Map<ActorId, number>();
  private readonly sideOf: ReadonlyMap<ActorId, Side>;

  /** What Japan's organisations on the scene see: Japan's picture with the rung as it happens there. */
  private readonly scene: { rung: number | undefined; picture: Knowledge; version: number };
  private readonly sceneActors: ReadonlySet<ActorId>;

  /**
   * `sideActors`: each side's actors in delivery order; `sceneActors`: Japan's actors that decide
   * on the scene, whose picture is Japan's with the rung the scene sees ({@link learnScene}).
   */
  constructor(
    private readonly host: BusHost,
    private readonly store: KnowledgeStore,
    private readonly sideActors: Readonly<Record<Side, readonly ActorId[]>>,
    private readonly delivery: Delivery = 'filtered',
    sceneActors: readonly ActorId[] = [],
  ) {
    this.pictures = { japan: store.initial, unitedStates: store.initial, alliance: store.initial };
    this.sideOf = sidesOf(sideActors);
    this.sceneActors = new Set(sceneActors);
    this.scene = { rung: undefined, picture: store.initial, version: 0 };
  }

  /** The scene sees the ladder reach `rung` (once identified), before any capital is told. */
  learnScene(rung: number, cause: string): void {
    this.scene.rung = rung;
    this.updateScene(cause);
  }

  private updateScene(cause: string): void {
    if (this.sceneActors.size === 0) return;
    const { rung } = this.scene;
    const k =
      rung === undefined ? this.pictures.japan : this.store.withRung(this.pictures.japan, rung);
    if (k === this.scene.picture) return;
    this.scene.picture = k;
    const version = ++this.scene.version;
    for (const actor of this.sceneActors) {
      if (this.scene.version !== version) return;
      this.offer(actor, k, version, cause);
    }
  }

  /** Tells an actor of a picture (of `version`) unless it has it, or (filtered) the news cannot move it. */
  private offer(actor: ActorId, k: Knowledge, version: number, cause: string): void {
    if ((this.given.get(actor) ?? 0) >= version) return;
    if (this.delivery === 'filtered') {
      const snapshot = this.host.snapshot(actor);
      if (!wakes(snapshot, k)) return;
    }
    this.given.set(actor, version);
    this.host.deliver(actor, { type: 'KNOW', k }, cause);
  }

  /** What a side knows now. */
  picture(side: Side): Knowledge {
    return this.pictures[side];
  }

  /**
   * The side's picture (the scene's, for an actor on it), handed to an actor with an event that
   * carries it (START, ISSUE, APPROVAL).
   */
  carry(actor: ActorId, side: Side): Knowledge {
    if (this.sceneActors.has(actor)) {
      this.given.set(actor, this.scene.version);
      return this.scene.picture;
    }
    this.given.set(actor, this.versions[side]);
    return this.pictures[side];
  }

  /** Updates what a side knows and tells the side's actors that the news can move. */
  learn(side: Side, k: Knowledge, cause: string): void {
    if (k === this.pictures[side]) return;
    this.pictures[side] = k;
    const version = ++this.versions[side];
    for (const actor of this.sideActors[side]) {
      if (this.versions[side] !== version) return; // a newer picture was shared while this one was
      if (!this.sceneActors.has(actor)) this.offer(actor, k, version, cause);
    }
    if (side === 'japan') this.updateScene(cause);
  }

  /** Brings an actor up to date before an event reaches it, so its guards read the present. */
  sync(actor: ActorId): void {
    if (this.sceneActors.has(actor)) {
      if ((this.given.get(actor) ?? 0) >= this.scene.version) return;
      this.given.set(actor, this.scene.version);
      this.host.deliver(actor, { type: 'KNOW', k: this.scene.picture }, 'news');
      return;
    }
    const side = this.sideOf.get(actor);
    if (side === undefined) return;
    const version = this.versions[side];
    if ((this.given.get(actor) ?? 0) >= version) return;
    this.given.set(actor, version);
    this.host.deliver(actor, { type: 'KNOW', k: this.pictures[side] }, 'news');
  }
}
