/**
 * What every run of a model needs that depends on the model alone, built once per model and kept
 * beside it: each side's actors in delivery order, and the metrics collector's lookups.
 */
import type { Model } from '../model/model.js';
import { SIDES, type Side } from '../scenario/primitives.js';
import { LEGAL_PREFIX, type ActorId } from './actor.js';
import { prepareMetricsSpec, type PreparedMetricsSpec } from './metrics.js';

const sideActorLists = new WeakMap<Model, Record<Side, ActorId[]>>();

/**
 * Each side's actors in delivery order (its decisions as the files list them, then its legal
 * posture), built once per model.
 */
export function sideActorsOf(model: Model): Record<Side, ActorId[]> {
  let lists = sideActorLists.get(model);
  if (!lists) {
    lists = { japan: [], unitedStates: [], alliance: [] };
    for (const d of model.decisions) lists[d.side].push(d.id);
    for (const side of SIDES) lists[side].push(LEGAL_PREFIX + side);
    sideActorLists.set(model, lists);
  }
  return lists;
}

const sceneActorLists = new WeakMap<Model, readonly ActorId[]>();

/** The decisions taken on the scene (`onScene`), built once per model. */
export function sceneActorsOf(model: Model): readonly ActorId[] {
  let list = sceneActorLists.get(model);
  if (!list)
    sceneActorLists.set(model, (list = model.decisions.filter((d) => d.onScene).map((d) => d.id)));
  return list;
}

const metricsSpecs = new WeakMap<Model, PreparedMetricsSpec>();

/** What the metrics collector needs of a model, built once per model. */
export function metricsSpecOf(model: Model): PreparedMetricsSpec {
  let spec = metricsSpecs.get(model);
  if (!spec) {
    spec = prepareMetricsSpec({
      decisions: model.decisions.map((d) => ({ id: d.id, side: d.side })),
      rungs: model.scenario.ladder.rungs.map((r) => r.id),
      objective: model.scenario.ladder.objective,
      responseInPlace: model.responseInPlace,
      horizon: model.horizon,
      useOfForce: model.scenario.outcome.useOfForce.map((f) => ({
        actor: f.nation,
        state: f.state,
      })),
    });
    metricsSpecs.set(model, spec);
  }
  return spec;
}
