/**
 * Who decided each decision point of a live game: a seat (and whether through the bot API), the
 * seats jointly, the control cell answering for a seat, or the engine's policy (because no seat
 * owned the point, or because the control cell handed the seat to the policy). Computed from the
 * run's trace (every point answered, by anyone) matched by point id to the log's answers (the
 * points people answered) and the seats plan.
 */
import type { TraceEntry } from '../engine/trace.js';
import type { Model } from '../model/model.js';
import type { AnswerEntry, GameEntry } from './gameLog.js';
import { NATIONS } from '../scenario/primitives.js';
import { ALLIANCE, CONTROL, type SeatPlan } from './seats.js';
import { parsePoint, seatName } from './reviewNames.js';

/** Who answered a point. */
type Decider =
  | { readonly kind: 'seat'; readonly seat: string; readonly viaApi: boolean }
  | { readonly kind: 'joint'; readonly seats: readonly string[]; readonly viaApi: boolean }
  /** The control cell answered a point that belongs to `forSeat` (the control cell's own when equal). */
  | { readonly kind: 'control'; readonly forSeat: string }
  /** The engine's policy: no seat owned the point, or the control cell had handed `seat` to it. */
  | { readonly kind: 'policy'; readonly handedOver?: string };

/** One point the run answered, and who answered it. */
export interface DecidedPoint {
  readonly point: string;
  /** The decision it is about (for a Diet vote, the decision voted on). */
  readonly decision: string;
  readonly kind: 'approve' | 'diet' | 'move';
  readonly t: number;
  readonly answer: string;
  readonly decider: Decider;
  /** The log's answer, when a person gave it. */
  readonly entry?: AnswerEntry;
}

/** A log entry's field that another part of the game may add (`via`), read without its type. */
const field = (entry: object, name: string): unknown => (entry as Record<string, unknown>)[name];

/** The seat that owns a point under the plan (undefined: no seat, the policy plays it). */
function ownerSeat(model: Model, plan: SeatPlan, pointId: string): string | undefined {
  const { decision, kind } = parsePoint(pointId);
  const owner =
    kind === 'move'
      ? 'adversary.move'
      : kind === 'diet'
        ? model.decisionsById.get(decision)?.diet?.org
        : decision;
  return owner === undefined ? undefined : plan.ownerSeat.get(owner);
}

/**
 * Who gave the logged answers to a point that `owner` owns: one answer names one seat (or, with a
 * `joint` field, the seats); several answers by different seats to one point are a joint answer.
 */
function personDecider(all: readonly AnswerEntry[], owner: string | undefined): Decider {
  const entry = all.at(-1)!;
  const viaApi = all.some((a) => field(a, 'via') === 'api');
  const seats = [...new Set(all.map((a) => a.seat))];
  const joint = entry.joint ?? (seats.length > 1 ? seats : undefined);
  if (joint) return { kind: 'joint', seats: joint, viaApi };
  if (entry.seat === CONTROL) return { kind: 'control', forSeat: owner ?? CONTROL };
  return { kind: 'seat', seat: entry.seat, viaApi };
}

/** Whether handing `seat` to the policy hands it `owner`'s points: a nation takes the joint ones along. */
const handsOver = (seat: string, owner: string) =>
  seat === owner || (owner === ALLIANCE && (NATIONS as readonly string[]).includes(seat));

/** Every point the run answered (overtaken points are not answers), in order, with who answered it. */
export function decidedPoints(
  model: Model,
  plan: SeatPlan,
  trace: readonly TraceEntry[],
  entries: readonly GameEntry[],
): DecidedPoint[] {
  const answers = new Map<string, AnswerEntry[]>();
  for (const e of entries)
    if (e.kind === 'answer') answers.set(e.point, [...(answers.get(e.point) ?? []), e]);
  const handovers = entries.flatMap((e) => (e.kind === 'handover' ? [e] : []));
  return trace.flatMap((e) => {
    if (e.kind !== 'decision' || e.cause === 'closed') return [];
    const { decision, kind } = parsePoint(e.event);
    const owner = ownerSeat(model, plan, e.event);
    const given = answers.get(e.event);
    const entry = given?.at(-1);
    const handover =
      owner === undefined
        ? undefined
        : handovers.find((h) => handsOver(h.to, owner) && h.time <= e.t);
    const decider: Decider = entry
      ? personDecider(given!, owner)
      : handover
        ? { kind: 'policy', handedOver: handover.to }
        : { kind: 'policy' };
    return [
      {
        point: e.event,
        decision,
        kind,
        t: e.t,
        answer: e.to,
        decider,
        ...(entry ? { entry } : {}),
      },
    ];
  });
}

const api = (viaApi: boolean) => (viaApi ? ' (through the bot API)' : '');

/** Who decided, in words: "Japan", "Japan and United States jointly", "engine's policy (…)". */
export function deciderWords(d: Decider): string {
  switch (d.kind) {
    case 'seat':
      return `${seatName(d.seat)}${api(d.viaApi)}`;
    case 'joint': {
      // the seats that concurred; none when the consultation broke down
      const who =
        d.seats.length === 0
          ? 'the national seats, without consensus'
          : `${d.seats.map(seatName).join(' and ')} jointly`;
      return `${who}${api(d.viaApi)}`;
    }
    case 'control':
      return d.forSeat === CONTROL
        ? 'Control cell'
        : `Control cell (for the ${seatName(d.forSeat)} seat)`;
    case 'policy':
      return d.handedOver === undefined
        ? "engine's policy (no seat owns it)"
        : `engine's policy (${seatName(d.handedOver)} seat handed over)`;
  }
}

/** A key decision and who decided it. */
export interface KeyDecider {
  readonly id: string;
  /** Its approval points, in order. */
  readonly points: readonly DecidedPoint[];
  /** The point whose answer decided it: the approval, else the last answer; undefined if never asked. */
  readonly decisive?: DecidedPoint;
  /** When it entered force; undefined if it never did. */
  readonly inForceAt?: number;
}

/** Who decided each of `decisions` in a run whose answered points are `points`. */
export function keyDeciders(
  decisions: readonly string[],
  points: readonly DecidedPoint[],
  trace: readonly TraceEntry[],
): KeyDecider[] {
  return decisions.map((id) => {
    const mine = points.filter((p) => p.decision === id && p.kind === 'approve');
    const decisive = mine.find((p) => p.answer === 'approve') ?? mine.at(-1);
    const inForceAt = trace.find(
      (e) =>
        e.kind === 'state' &&
        e.to.startsWith(`${id}/inForce`) &&
        !e.from.startsWith(`${id}/inForce`),
    )?.t;
    return {
      id,
      points: mine,
      ...(decisive ? { decisive } : {}),
      ...(inForceAt !== undefined ? { inForceAt } : {}),
    };
  });
}
