/**
 * The reference model as plain TypeScript reducers, with no xstate: the same states, the same
 * actions in the same order, the same timers. Plugged into the engine in place of the xstate
 * runtime it produces byte-identical traces (the benchmark checks every hash), so the ratio of the
 * two costs is what xstate costs this engine. Used only by `npm run bench`; `test/plain.test.ts` checks it against the machines.
 */
import type { Model } from '../src/model/compile.js';
import { SITUATIONS, type Side } from '../src/scenario/schema.js';
import { SIDES } from '../src/scenario/primitives.js';
import type { Knowledge } from '../src/model/knowledge.js';
import type { ModelEvent } from '../src/model/types.js';
import { drawnRaise } from '../src/engine/runtime.js';
import {
  LEGAL_PREFIX,
  type ActorRuntime,
  type ExecutableAction,
  type Runtimes,
} from '../src/engine/actor.js';
import { cancel, snap } from './plainActions.js';
import { decisionRuntime } from './plainDecision.js';

/** Regions of a legal posture as reducers: `step` reacts to an event, `settle` to knowledge. */
interface LegalRegions {
  initial(): Record<string, string>;
  step(r: Record<string, string>, k: Knowledge, event: ModelEvent): void;
  settle(r: Record<string, string>, k: Knowledge): void;
}

const japanLegal: LegalRegions = {
  initial: () => ({ recognition: 'normal', authority: 'lawEnforcement', engagement: 'none' }),
  step(r, k, e) {
    if (e.type !== 'HOSTILE_ACT' || e.against !== 'japan') return;
    r.engagement = k.powers.useOfForce
      ? 'useOfForce'
      : k.powers.policing
        ? 'policeWeaponsUse'
        : 'coastGuardResponse';
  },
  settle(r, k) {
    const level = SITUATIONS.indexOf(r.recognition as (typeof SITUATIONS)[number]);
    if (k.recognised > level) r.recognition = SITUATIONS[k.recognised]!;
    r.authority = k.powers.useOfForce
      ? 'defense'
      : k.powers.policing
        ? 'policing'
        : 'lawEnforcement';
  },
};

const unitedStatesLegal: LegalRegions = {
  initial: () => ({ unitSelfDefense: 'ready', alliedDefense: 'notAuthorised' }),
  step(r, _k, e) {
    if (e.type !== 'HOSTILE_ACT') return;
    if (e.against === 'unitedStates') r.unitSelfDefense = 'engaged';
    if (e.against === 'japan' && r.alliedDefense !== 'notAuthorised')
      r.alliedDefense = 'defendingAllies';
  },
  settle(r, k) {
    const authorised = k.powers.collectiveDefense === true;
    if (!authorised) r.alliedDefense = 'notAuthorised';
    else if (r.alliedDefense === 'notAuthorised') r.alliedDefense = 'authorised';
  },
};

function allianceLegal(activation?: string, integration?: string): LegalRegions {
  return {
    initial: () => ({
      activation: activation ? 'inactive' : 'standing',
      ...(integration ? { command: 'national' } : {}),
    }),
    step() {},
    settle(r, k) {
      if (activation) r.activation = k.decided[activation] ? 'active' : 'inactive';
      if (integration) r.command = k.decided[integration] ? 'integrated' : 'national';
    },
  };
}

/** News wakes a legal posture when settling with it would move a region. */
function legalWake(regions: LegalRegions) {
  return (c: { k: Knowledge; r: Record<string, string> }, k: Knowledge): boolean => {
    const r = { ...c.r };
    regions.settle(r, k);
    for (const region in r) if (r[region] !== c.r[region]) return true;
    return false;
  };
}

function legalRuntime(regions: LegalRegions): ActorRuntime {
  const meta = { w: { wake: legalWake(regions) } };
  const build = (r: Record<string, string>, k: Knowledge) => snap({ running: r }, { k, r }, meta);
  return {
    initial: snap('idle', { k: null }),
    transition(snapshot, event, _out) {
      if (snapshot.value === 'idle') {
        if (event.type !== 'START') return snapshot;
        const r = regions.initial();
        regions.settle(r, event.k!);
        return build(r, event.k!);
      }
      const r = { ...(snapshot.value as { running: Record<string, string> }).running };
      let k = (snapshot.context as { k: Knowledge }).k;
      if (event.type === 'KNOW') k = event.k;
      else if (event.type === 'HOSTILE_ACT') regions.step(r, k, event);
      else return snapshot;
      regions.settle(r, k);
      return build(r, k);
    },
  };
}

function ladderRuntime(model: Model): ActorRuntime {
  const rungs = model.scenario.ladder.rungs.map((r) => r.id);
  const start = model.rungIndex.get(model.scenario.ladder.start)!;
  const at = (i: number, out: ExecutableAction[]) => {
    out.push({ type: 'report', params: { rung: i } });
    return snap(rungs[i], undefined);
  };
  return {
    initial: snap('idle', undefined),
    transition(snapshot, event, out) {
      if (snapshot.value === 'idle') return event.type === 'START' ? at(start, out) : snapshot;
      const i = model.rungIndex.get(snapshot.value as string)!;
      return event.type === 'MOVE' && Math.abs(event.to - i) === 1 ? at(event.to, out) : snapshot;
    },
  };
}

function adversaryRuntime(model: Model): ActorRuntime {
  const dwellId = 'xstate.after.dwell.adversary.dwelling';
  const dwell = model.adversary.rungs.map((_, i) => ({ stream: 'adversary.dwell', dwellOn: i }));
  const dwelling = (rung: number, out: ExecutableAction[]) => {
    out.push(drawnRaise({ event: { type: dwellId }, id: dwellId }, dwell[rung]!));
    return snap('dwelling', { rung });
  };
  return {
    initial: snap('idle', { rung: model.rungIndex.get(model.scenario.ladder.start)! }),
    transition(snapshot, event, out) {
      const { rung } = snapshot.context as { rung: number };
      if (snapshot.value === 'idle') return event.type === 'START' ? dwelling(rung, out) : snapshot;
      if (snapshot.value === 'dwelling' && (event.type as string) === dwellId) {
        out.push(cancel(dwellId), { type: 'choose' });
        return snap('choosing', { rung });
      }
      if (
        snapshot.value !== 'idle' &&
        event.type === 'CHOSEN' &&
        Math.abs(event.to - rung) <= 1 &&
        event.to >= 0 &&
        event.to < dwell.length
      ) {
        // a move made while dwelling (a live game's inject) ends the dwell first
        if (snapshot.value === 'dwelling') out.push(cancel(dwellId));
        out.push({ type: 'move', params: { to: event.to } });
        return dwelling(event.to, out);
      }
      return snapshot;
    },
  };
}

/** The model's actors as plain reducers (see the module comment). */
export function plainRuntimes(model: Model): Runtimes {
  const m = model.mechanism;
  const legal: Record<Side, LegalRegions> = {
    japan: japanLegal,
    unitedStates: unitedStatesLegal,
    alliance: allianceLegal(m.activationDecision, m.integration?.decision),
  };
  return new Map<string, ActorRuntime>([
    ['ladder', ladderRuntime(model)],
    ['adversary', adversaryRuntime(model)],
    ...model.decisions.map((d): [string, ActorRuntime] => [d.id, decisionRuntime(d)]),
    ...SIDES.map((side): [string, ActorRuntime] => [
      LEGAL_PREFIX + side,
      legalRuntime(legal[side]),
    ]),
  ]);
}
