/**
 * The organisations a scenario and a design bring together and the links between them, as a run
 * uses them: each organisation's processing, capacity, meetings, stand-up and the effect of the
 * design's exchange officers; each link's latency, shortened by liaison officers across sides.
 */
import type { Design, Scenario } from '../scenario/schema.js';
import { toSampler, type Sampler } from '../math/distributions.js';
import type { CompiledOrganisation } from './compiled.js';

/** How much the design's exchange officers speed up the staff work of its own bodies. */
function officerFactorOf(scenario: Scenario, design: Design): number {
  const effects = scenario.optionEffects;
  if (!design.options.exchangeOfficers) return 1;
  return design.options.roeMutuallyAccepted
    ? effects.exchangeProcessingFactor
    : effects.exchangeProcessingFactorWithoutRoe;
}

/** The bodies the design stands up when needed, with their kind, time and call-up. */
function standUpsOf(
  scenario: Scenario,
  design: Design,
): ReadonlyMap<string, NonNullable<CompiledOrganisation['standUp']>> {
  return new Map(
    design.mechanism.standUp.flatMap((r) =>
      r.bodies.map(
        (b) =>
          [
            b,
            {
              kind: r.kind,
              time: toSampler(scenario.standUp[r.kind]!.time),
              ...(r.onDecision ? { onDecision: r.onDecision } : {}),
            },
          ] as const,
      ),
    ),
  );
}

/** The organisations of the scenario, then the design's, by id. */
export function compileOrganisations(
  scenario: Scenario,
  design: Design,
): Map<string, CompiledOrganisation> {
  const m = design.mechanism;
  const bodies = new Set(m.bodies);
  const officerFactor = officerFactorOf(scenario, design);
  const consultationBodies = new Set(m.consultation.map((c) => c.via));
  const designOrgs = new Set(design.organisations.map((o) => o.id));
  const standUps = standUpsOf(scenario, design);
  const organisations = new Map<string, CompiledOrganisation>();
  for (const o of [...scenario.organisations, ...design.organisations]) {
    const meets =
      o.meets ??
      (design.options.weeklyInteragency && consultationBodies.has(o.id)
        ? scenario.optionEffects.interagencyMeeting
        : undefined);
    organisations.set(o.id, {
      id: o.id,
      side: o.side,
      label: o.label,
      processing: toSampler(o.processing),
      capacity: o.capacity,
      ...(meets ? { meets: { every: meets.every, processing: toSampler(meets.processing) } } : {}),
      ...(standUps.has(o.id) ? { standUp: standUps.get(o.id)! } : {}),
      // exchange officers work inside the design's own bodies; a national body it uses as a node keeps the scenario's numbers
      officerFactor: bodies.has(o.id) && designOrgs.has(o.id) ? officerFactor : 1,
    });
  }
  return organisations;
}

/**
 * The latency sampler of the link between two organisations (either direction): the design's own
 * link, else the scenario's within-side or cross-side latency; made once per pair.
 */
export function compileLinks(
  scenario: Scenario,
  design: Design,
  organisations: ReadonlyMap<string, CompiledOrganisation>,
): (from: string, to: string) => Sampler {
  const links = new Map<string, Sampler>();
  const liaison = design.options.liaisonOfficers ? scenario.optionEffects.liaisonLatencyFactor : 1;
  const scaled = (s: Sampler, f: number): Sampler => (f === 1 ? s : (u) => s(u) * f);
  // liaison officers relay between the sides: every link that crosses from one side to another is shorter
  const crosses = (a: string, b: string) =>
    organisations.get(a)!.side !== organisations.get(b)!.side;
  for (const l of design.links) {
    const s = scaled(toSampler(l.latency), crosses(l.from, l.to) ? liaison : 1);
    links.set(`${l.from}>${l.to}`, s);
    links.set(`${l.to}>${l.from}`, s);
  }
  const within = toSampler(scenario.links.withinSide);
  const cross = toSampler(scenario.links.crossSide);
  return (from, to) => {
    const key = `${from}>${to}`;
    let s = links.get(key);
    if (!s) {
      s = crosses(from, to) ? scaled(cross, liaison) : within;
      links.set(key, s);
    }
    return s;
  };
}
