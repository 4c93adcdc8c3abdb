/**
 * The control cell's injects, checked against the game as it stands and carried out on the run:
 * a fact made known to a side, a message to a seat, an adversary move to an adjacent rung, an
 * organisation's capacity or processing time changed. Moves and organisation changes go into the
 * trace (kind `inject`), so a replay that did not make them differs.
 */
import type { Model } from '../model/model.js';
import type { Simulation } from '../engine/simulation.js';
import { SIDES, type Side } from '../scenario/primitives.js';
import { GameInputError } from './errors.js';
import type { Inject } from './gameLog.js';
import { recipientsOf } from './messages.js';
import { CONTROL } from './seats.js';

/** What an inject is checked against: the model, the seats, the true rung and the points waiting for people. */
export interface InjectContext {
  readonly model: Model;
  readonly seats: readonly string[];
  readonly rung: number;
  readonly waiting: ReadonlyArray<{ readonly id: string; readonly kind: string }>;
}

/** The rungs the adversary can move to from `rung`: one down and one up, where they exist. */
export function adjacentRungs(
  model: Model,
  rung: number,
): ReadonlyArray<{ readonly id: string; readonly label: string }> {
  const rungs = model.scenario.ladder.rungs;
  return [rung - 1, rung + 1]
    .filter((i) => i >= 0 && i < rungs.length)
    .map((i) => ({ id: rungs[i]!.id, label: rungs[i]!.label }));
}

/** Refuses an inject that cannot be made now, saying why (a {@link GameInputError}). */
export function checkInject(context: InjectContext, inject: Inject): void {
  const { model } = context;
  if (inject.type === 'message') recipientsOf(inject.to, context.seats, CONTROL);
  if (inject.type === 'move') {
    const adjacent = adjacentRungs(model, context.rung);
    if (!adjacent.some((r) => r.id === inject.to))
      throw new GameInputError(
        `the adversary moves one rung at a time: from ${model.scenario.ladder.rungs[context.rung]?.id ?? 'the start'} to ${adjacent.map((r) => r.id).join(' or ')}, not ${inject.to}`,
        'invalid',
      );
    const move = context.waiting.find((p) => p.kind === 'move');
    if (move)
      throw new GameInputError(
        `the adversary's move ${move.id} waits for an answer: answer it instead`,
        'notNow',
      );
  }
  if (inject.type === 'organisation' && !model.organisations.has(inject.org))
    throw new GameInputError(
      `no organisation "${inject.org}" (organisations: ${[...model.organisations.keys()].join(', ')})`,
      'invalid',
    );
}

/** Carries an inject out on the run now. */
export function applyInject(sim: Simulation, inject: Inject): void {
  const model = sim.model;
  switch (inject.type) {
    case 'fact': {
      const sides: readonly Side[] = inject.side === 'all' ? SIDES : [inject.side];
      for (const side of sides)
        sim.learn(
          side,
          model.knowledge.withFact(sim.picture(side), inject.fact),
          `inject:${inject.fact}`,
        );
      return;
    }
    case 'move':
      return sim.moveAdversary(model.rungIndex.get(inject.to)!);
    case 'organisation':
      return sim.adjustOrganisation(inject.org, {
        ...(inject.capacity === undefined ? {} : { capacity: inject.capacity }),
        ...(inject.delayFactor === undefined ? {} : { delayFactor: inject.delayFactor }),
      });
    case 'message':
      return;
  }
}
