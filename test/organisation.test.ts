/**
 * What the designs' organisations do besides processing: bodies that stand up when needed, a
 * flexing body whose members concur in the room, and an integrated command that answers to both
 * nations (their guidance, and one nation's reluctance holding the other back).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadDesign, parseDesign, parseScenario } from '../src/scenario/load.js';
import { compileModel, type Model } from '../src/model/compile.js';
import { simulate } from '../src/engine/simulation.js';
import type { TraceEntry } from '../src/engine/trace.js';
import { REFERENCE, reference, referenceModel, seeds } from './helpers.js';
import { readDesignData } from '../src/scenario/designExtend.js';

/** A bundled design on the reference, with the scenario's and the design's data changed first. */
function modelWith(design: string, change: (scenario: any, design: any) => void): Model {
  const s = parse(readFileSync(REFERENCE, 'utf8'));
  const d = readDesignData(`scenarios/c2/${design}.yaml`) as any;
  change(s, d);
  const { scenario } = parseScenario(s, 'changed.yaml');
  return compileModel(scenario, parseDesign(d, `${design}.yaml`, scenario).design);
}

const trace = (model: Model, seed: number): readonly TraceEntry[] =>
  simulate(model, { seed, keepTrace: true }).trace!;
const standUps = (t: readonly TraceEntry[], org: string) =>
  t.filter((e) => e.kind === 'step' && e.actor === org && e.event === 'standUp');

describe('a body that stands up when needed', () => {
  it('stands up once, at its first item, and handles nothing before it is manned', () => {
    const model = referenceModel('acm-2015');
    let used = 0;
    for (const seed of seeds(200)) {
      const t = trace(model, seed);
      const steps = t.filter(
        (e) => e.kind === 'step' && e.actor === 'acm.bocc' && e.event !== 'standUp',
      );
      const up = standUps(t, 'acm.bocc');
      if (steps.length === 0) {
        // never needed: never stood up (or still standing up at the horizon)
        expect(up.filter((e) => e.to === 'done').length, `seed ${seed}`).toBe(0);
        continue;
      }
      used++;
      expect(
        up.map((e) => e.to),
        `seed ${seed}`,
      ).toEqual(['started', 'done']);
      // the first consultation that reaches the BOCC is what starts it
      const firstConsult = t.find(
        (e) => e.kind === 'consult' && e.actor === 'acm.bocc' && e.to === 'started',
      )!;
      expect(up[0]!.t).toBeGreaterThanOrEqual(firstConsult.t);
      expect(steps[0]!.t, `seed ${seed}`).toBeGreaterThanOrEqual(up[1]!.t);
    }
    expect(used).toBeGreaterThan(100);
  });

  it('takes the time the scenario gives its kind (the median of a lognormal of median 6h)', () => {
    const model = referenceModel('acm-2015');
    const median = reference.scenario.standUp.coordinationCenter!.time;
    expect(median).toMatchObject({ lognormal: { median: 360 } });
    const durations: number[] = [];
    for (const seed of seeds(400)) {
      const up = standUps(trace(model, seed), 'acm.bocc');
      if (up.length === 2) durations.push(up[1]!.t - up[0]!.t);
    }
    durations.sort((a, b) => a - b);
    const sample = durations[Math.floor(durations.length / 2)]!;
    // the sample median of n lognormal draws: within about 3 standard errors of log-median (σ = ln(4)/1.2816)
    const se = (Math.log(4) / 1.2816) * Math.sqrt(Math.PI / 2 / durations.length);
    expect(Math.abs(Math.log(sample / 360))).toBeLessThan(3 * se);
  });

  it('called up by a decision, starts standing up when that decision comes into force', () => {
    const model = referenceModel('bcm-1997');
    let activated = 0;
    for (const seed of seeds(200)) {
      const result = simulate(model, { seed, keepTrace: true });
      const at = result.decisions.find((d) => d.id === 'alliance.bcm.activate')!.decidedAt;
      const up = standUps(result.trace!, 'bcm.bcc');
      if (at === undefined) continue;
      activated++;
      expect(up[0]?.t, `seed ${seed}`).toBe(at);
    }
    expect(activated).toBeGreaterThan(10);
  });
});

describe('a flexing body', () => {
  /** acm-flexing with no objections and no referral, its members present from `phase`. */
  const flexing = (phase: number) =>
    modelWith('acm-flexing', (s, d) => {
      s.consensus.objection.probability = 0;
      for (const rule of d.mechanism.consultation) {
        // the register's alternatives are to the file's values, which this changes
        delete rule.choices;
        delete rule.referral;
        rule.members[0].when = { phaseAtLeast: phase };
        rule.members[0].ranges = {};
        delete rule.members[0].inference;
      }
    });

  it('settles a consultation in the room when the concurring authorities sit in it: no round trip after the body', () => {
    const inRoom = flexing(0);
    const byTrip = flexing(99);
    let compared = 0;
    for (const seed of seeds(40)) {
      for (const [model, room] of [
        [inRoom, true],
        [byTrip, false],
      ] as const) {
        const t = trace(model, seed);
        for (const settled of t.filter((e) => e.kind === 'consult' && e.to === 'settled')) {
          const bodyDone = t
            .filter(
              (e) =>
                e.kind === 'step' &&
                e.actor === settled.actor &&
                e.event === settled.event &&
                e.t <= settled.t,
            )
            .at(-1)!;
          if (room) expect(settled.t, `seed ${seed} ${settled.event}`).toBe(bodyDone.t);
          else expect(settled.t, `seed ${seed} ${settled.event}`).toBeGreaterThan(bodyDone.t);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('with members who never join is the same design without members (the same runs)', () => {
    const never = flexing(99);
    const without = modelWith('acm-flexing', (s, d) => {
      s.consensus.objection.probability = 0;
      for (const rule of d.mechanism.consultation) {
        delete rule.choices;
        delete rule.referral;
        rule.members = [];
      }
    });
    for (const seed of seeds(30))
      expect(simulate(never, { seed }).traceHash).toBe(simulate(without, { seed }).traceHash);
  });
});

describe('an integrated command', () => {
  const guidanceEntries = (t: readonly TraceEntry[]) =>
    t.filter((e) => e.kind === 'consult' && e.from === 'guidance');

  it("asks the other nation's guidance for a decision only one nation staffs, never for the nations' own formations", () => {
    const model = referenceModel('combined-staff');
    let asked = 0;
    for (const seed of seeds(300)) {
      const t = trace(model, seed);
      for (const g of guidanceEntries(t)) {
        const d = model.decisionsById.get(g.event)!;
        asked++;
        expect(d.national, g.event).toBe(false);
        expect(
          d.chains.map((c) => c.nation),
          g.event,
        ).not.toContain(g.cause);
        expect(g.actor).toBe(
          reference.scenario.integration!.guidance[g.cause as 'japan' | 'unitedStates'],
        );
      }
      // a U.S. joint task force is formed in the national chain, integrated or not
      expect(
        t.some((e) => e.kind === 'step' && e.actor === 'cs.staff' && e.event === 'us.jtf'),
        `seed ${seed}`,
      ).toBe(false);
    }
    expect(asked).toBeGreaterThan(20);
  });

  it('is held back by a reluctant nation about as often as its reluctance says', () => {
    const p = 0.4;
    const model = modelWith('combined-staff', (s) => {
      s.integration.reluctance.unitedStates = p;
      s.integration.reluctance.japan = p;
      s.integration.ranges = {};
      delete s.integration.inference;
    });
    let reluctant = 0;
    let answers = 0;
    for (const seed of seeds(300)) {
      const g = guidanceEntries(trace(model, seed));
      reluctant += g.filter((e) => e.to === 'reluctant').length;
      answers += g.length;
    }
    expect(answers).toBeGreaterThan(50);
    expect(Math.abs(reluctant / answers - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / answers));
  });

  it('under a nation that is always reluctant, decides none of the decisions that need its guidance', () => {
    const model = modelWith('combined-staff', (s) => {
      s.integration.reluctance.unitedStates = 1;
      s.integration.reluctance.japan = 1;
      s.integration.ranges = {};
      delete s.integration.inference;
    });
    let held = 0;
    for (const seed of seeds(200)) {
      const result = simulate(model, { seed, keepTrace: true });
      for (const g of guidanceEntries(result.trace!)) {
        expect(g.to).toBe('reluctant');
        const d = result.decisions.find((x) => x.id === g.event)!;
        // a staffing round that asked for guidance never ends in the order
        expect(d.decidedAt === undefined || d.decidedAt < g.t, `seed ${seed} ${g.event}`).toBe(
          true,
        );
        held++;
      }
    }
    expect(held).toBeGreaterThan(20);
  });

  it('is handed command under sliding integration only once a U.S. joint task force exists, and is then manned first', () => {
    const model = referenceModel('sliding-integration');
    let handed = 0;
    for (const seed of seeds(400)) {
      const result = simulate(model, { seed, keepTrace: true });
      const at = (id: string) => result.decisions.find((d) => d.id === id)!.decidedAt;
      const handover = at('alliance.integration.handover');
      if (handover === undefined) continue;
      handed++;
      expect(at('us.jtf'), `seed ${seed}`).toBeLessThanOrEqual(handover);
      expect(standUps(result.trace!, 'si.command')[0]?.t, `seed ${seed}`).toBe(handover);
    }
    expect(handed).toBeGreaterThan(5);
  });
});

it('a design names only kinds of stand-up the scenario defines', () => {
  const d = readDesignData('scenarios/c2/acm-2015.yaml') as any;
  d.mechanism.standUp[0].kind = 'fieldHospital';
  expect(() => parseDesign(d, 'acm.yaml', reference.scenario)).toThrow(
    /mechanism\.standUp\[0\]\.kind: unknown kind of body of the scenario's standUp "fieldHospital"/,
  );
  expect(
    loadDesign('scenarios/c2/acm-2015.yaml', reference.scenario).design.mechanism.standUp[0]!.kind,
  ).toBe('coordinationCenter');
});
