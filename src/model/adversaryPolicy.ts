/**
 * The adversary's policy at each choice (docs/sources.md: [SenkakuPress], [CIGS2020]; deterrence as in [Storch2016]): on every rung the
 * scenario gives the chance to advance and to step down; the alliance posture in force (the
 * signed weights of the decisions in force) moves it. A positive posture deters: advancing is
 * scaled down and the holding share shifts towards stepping down. A negative posture provokes
 * ([GlobalSecurityFDO]: flexible deterrent options "can rapidly and unexpectedly escalate";
 * [Schoff2022]: the switch to contingency authority "could escalate a situation"): stepping down
 * is scaled down and the holding share shifts towards advancing, by the same law.
 */
import type { Model } from './model.js';

export type Move = 'advance' | 'hold' | 'stepDown';

/** The moves open on a rung: no advancing from the top, no stepping down from the bottom. */
export function openMoves(rung: number, top: number): Move[] {
  return (['advance', 'hold', 'stepDown'] as const).filter(
    (o) => !(o === 'advance' && rung >= top) && !(o === 'stepDown' && rung <= 0),
  );
}

/** The alliance posture the adversary reads: the weights of the decisions in force. */
export function posture(model: Model, inForce: ReadonlySet<string>): number {
  let p = 0;
  for (const [d, w] of model.adversary.posture) if (inForce.has(d)) p += w;
  return p;
}

/** The policy's move on `rung` given the posture, for a uniform draw `u`. */
export function policyMove(model: Model, rung: number, currentPosture: number, u: number): Move {
  const top = model.adversary.rungs.length - 1;
  const policy = model.adversary.rungs[rung]!;
  const f = Math.exp(-model.adversary.deterrence * currentPosture);
  const hold = 1 - policy.advance - policy.stepDown;
  // f <= 1 deters; f > 1 provokes, as deterrence would with the roles of advancing and stepping down swapped
  const pAdvance =
    rung >= top ? 0 : f <= 1 ? policy.advance * f : policy.advance + hold * (1 - 1 / f);
  const pDown = rung <= 0 ? 0 : f <= 1 ? policy.stepDown + hold * (1 - f) : policy.stepDown / f;
  return u < pAdvance ? 'advance' : u < pAdvance + pDown ? 'stepDown' : 'hold';
}

/** The rung a move leads to. */
export function rungAfter(rung: number, move: string): number {
  return move === 'advance' ? rung + 1 : move === 'stepDown' ? rung - 1 : rung;
}
