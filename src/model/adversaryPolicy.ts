/**
 * The adversary's policy at each choice (docs/sources.md: [SenkakuPress], [CIGS2020]; deterrence as in [Storch2016]): on every rung the
 * scenario gives the chance to advance and to step down; the alliance posture in force (the
 * weights of the decisions in force) deters, scaling advancing down and shifting the holding
 * share towards stepping down.
 */
import type { Model } from './compile.js';

export type Move = 'advance' | 'hold' | 'stepDown';

/** The moves open on a rung: no advancing from the top, no stepping down from the bottom. */
export function openMoves(rung: number, top: number): Move[] {
  return (['advance', 'hold', 'stepDown'] as const).filter((o) => !(o === 'advance' && rung >= top) && !(o === 'stepDown' && rung <= 0));
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
  const pAdvance = rung >= top ? 0 : policy.advance * f;
  const pDown = rung <= 0 ? 0 : policy.stepDown + (1 - policy.advance - policy.stepDown) * (1 - f);
  return u < pAdvance ? 'advance' : u < pAdvance + pDown ? 'stepDown' : 'hold';
}

/** The rung a move leads to. */
export function rungAfter(rung: number, move: string): number {
  return move === 'advance' ? rung + 1 : move === 'stepDown' ? rung - 1 : rung;
}
