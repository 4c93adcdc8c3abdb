/**
 * The escalation ladder: one state per rung (docs/sources.md, the ladder's rungs). The adversary moves it one rung at a
 * time, up or down; entering a rung reports it, and the engine carries the report to each
 * authority after that side's reporting delay.
 */
import { setup } from 'xstate';
import type { Scenario } from '../scenario/schema.js';
import type { ModelEvent } from './types.js';

/** Parameters of the `report` action: the index of the rung entered. */
export interface ReportParams {
  rung: number;
}

/** Builds the ladder machine from the scenario's rungs. */
export function createLadderMachine(scenario: Scenario) {
  const rungs = scenario.ladder.rungs;
  const ladderSetup = setup({
    types: { events: {} as ModelEvent },
    actions: { report: (_, _params: ReportParams) => {} },
  });
  type States = NonNullable<Parameters<typeof ladderSetup.createMachine>[0]['states']>;
  const states: States = { idle: { on: { START: scenario.ladder.start } } };
  rungs.forEach((rung, i) => {
    const moves = [i - 1, i + 1]
      .filter((j) => j >= 0 && j < rungs.length)
      .map((j) => ({
        guard: ({ event }: { event: ModelEvent }) => event.type === 'MOVE' && event.to === j,
        target: rungs[j]!.id,
      }));
    states[rung.id] = { entry: { type: 'report', params: { rung: i } }, on: { MOVE: moves } };
  });
  return ladderSetup.createMachine({ id: 'ladder', initial: 'idle', states });
}

/** The ladder's machine, as {@link createLadderMachine} makes it. */
export type LadderMachine = ReturnType<typeof createLadderMachine>;
