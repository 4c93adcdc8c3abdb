/**
 * Seats of a live game and what each owns. A seat is named by a side (`japan`, `unitedStates`:
 * the approvals of that side's decisions; `adversary`: the adversary's moves; `alliance`: the
 * approvals of the alliance's decisions as joint decisions, which the national seats answer
 * together (`joint.ts`), so it needs both of them and has no page of its own) or by a pattern of
 * decision ids (`jp.*`, `us.fdo`), which takes precedence over a side. A Diet's votes belong to the
 * control cell unless a seat names the Diet's organisation. Points no seat owns are played by the
 * engine's policy. The control cell (`control`) may answer for any seat.
 */
import type { Model } from '../model/model.js';
import { InputError } from '../scenario/errors.js';
import { NATIONS } from '../scenario/primitives.js';

export const CONTROL = 'control';
/** The joint seat: the alliance's decisions, answered by the national seats together. */
export const ALLIANCE = 'alliance';
const SIDE_SEATS = new Set<string>([...NATIONS, 'adversary', ALLIANCE]);
const ADVERSARY_OWNER = 'adversary.move';

/** Who answers each kind of decision point of a game. */
export interface SeatPlan {
  /** The seats in the order given, then `control`. */
  readonly seats: readonly string[];
  /** Owner of a decision point (a decision id, a Diet's organisation, `adversary.move`) → its seat. */
  readonly ownerSeat: ReadonlyMap<string, string>;
}

const globToRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/**
 * Plans the seats of a game of `model`; an unknown side or a pattern that matches nothing is an
 * {@link InputError} naming `option`.
 */
export function planSeats(model: Model, specs: readonly string[], option = '--seats'): SeatPlan {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec === CONTROL)
      problems.push(`"${CONTROL}" is the control cell, always present; name player seats only`);
    if (seen.has(spec)) problems.push(`seat "${spec}" is named twice`);
    seen.add(spec);
  }
  const missing = NATIONS.filter((n) => !specs.includes(n));
  if (specs.includes(ALLIANCE) && missing.length > 0)
    problems.push(
      `"${ALLIANCE}" is played jointly by the seats ${NATIONS.join(' and ')}: name ${missing.join(' and ')} too`,
    );
  const dietOrgs = new Set(model.decisions.flatMap((d) => (d.diet ? [d.diet.org] : [])));
  const owners: Array<{ owner: string; side: string; diet: boolean }> = [
    ...model.decisions.map((d) => ({ owner: d.id, side: d.side as string, diet: false })),
    ...[...dietOrgs].map((org) => ({
      owner: org,
      side: model.organisations.get(org)?.side ?? 'japan',
      diet: true,
    })),
    { owner: ADVERSARY_OWNER, side: 'adversary', diet: false },
  ];
  const ownerSeat = new Map<string, string>();
  const patterns = specs.filter((s) => !SIDE_SEATS.has(s));
  for (const spec of patterns) {
    if (!/^[A-Za-z][\w.*-]*$/.test(spec)) {
      problems.push(
        `"${spec}" is neither a side (japan, unitedStates, adversary, alliance) nor a pattern of decision ids such as jp.*`,
      );
      continue;
    }
    const re = globToRegExp(spec);
    const matched = owners.filter((o) => re.test(o.owner));
    if (matched.length === 0)
      problems.push(
        `"${spec}" matches no decision (decision ids: ${model.decisions.map((d) => d.id).join(', ')})`,
      );
    for (const o of matched) {
      const other = ownerSeat.get(o.owner);
      if (other !== undefined)
        problems.push(`${o.owner} would belong to both "${other}" and "${spec}"`);
      else ownerSeat.set(o.owner, spec);
    }
  }
  for (const spec of specs.filter((s) => SIDE_SEATS.has(s))) {
    for (const o of owners)
      if (o.side === spec && !o.diet && !ownerSeat.has(o.owner)) ownerSeat.set(o.owner, spec);
  }
  for (const org of dietOrgs) if (!ownerSeat.has(org)) ownerSeat.set(org, CONTROL);
  if (problems.length > 0)
    throw new InputError(problems.map((message) => ({ file: option, path: '', message })));
  return { seats: [...specs, CONTROL], ownerSeat };
}

/** The seats that have a page and a token of their own: every seat but the joint one. */
export function seatsWithPages(plan: SeatPlan): readonly string[] {
  return plan.seats.filter((s) => s !== ALLIANCE);
}

/** The owners a person answers for (the simulation's `people`). */
export function peopleOf(plan: SeatPlan): ReadonlySet<string> {
  return new Set(plan.ownerSeat.keys());
}
