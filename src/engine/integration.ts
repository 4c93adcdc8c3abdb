/**
 * An integrated command: once the decision that integrates is in force, it takes over decisions
 * of its categories (a nation's own formations stay national). It answers to both nations: a
 * decision that only one nation's chain staffs also needs the other nation's guidance, asked
 * from the command, and a reluctant nation holds it back until it reconsiders ([Hornung2015]).
 */
import type { CompiledDecision } from '../model/compiled.js';
import { NATIONS, type Nation } from '../scenario/primitives.js';
import type { StaffingContext } from './staffingContext.js';
import { all, sequence, type Task } from './tasks.js';

/** The integrated command of one run's staffing. */
export interface Integration {
  /** Whether an integrated command has taken over this decision now. */
  integrated(d: CompiledDecision): boolean;
  /** The guidance the command needs of the nations whose chains do not staff `d`. */
  guidance(d: CompiledDecision, command: string, stream: string, round: number): Task;
}

/** The integrated command of one run's staffing, if its design has one. */
export function createIntegration(ctx: StaffingContext): Integration {
  const { sim, travel, roundOf } = ctx;
  const processAt = ctx.orgs.process;
  const mech = ctx.model.mechanism;
  return {
    integrated(d) {
      const integration = mech.integration;
      return (
        integration !== undefined &&
        !d.national &&
        integration.categories.has(d.category) &&
        sim.isInForce(integration.decision)
      );
    },
    guidance(d, command, stream, round) {
      const costs = mech.integration!.costs;
      const others = costs ? NATIONS.filter((n) => !d.chains.some((c) => c.nation === n)) : [];
      const ask = (nation: Nation, given: () => void): void => {
        const org = costs!.guidance[nation];
        sequence(
          [
            travel(command, org, stream),
            processAt(org, stream, d.id),
            travel(org, command, stream),
          ],
          () => {
            if (roundOf(d) !== round) return;
            const point = sim.joined(d.id, '.reluctance');
            if (sim.uniform(point) >= costs!.reluctance[nation]) {
              sim.record('consult', org, d.id, 'guidance', 'given', nation);
              return given();
            }
            sim.record('consult', org, d.id, 'guidance', 'reluctant', nation);
            sim.at(sim.draw(point, costs!.reconsider), () => ask(nation, given));
          },
        );
      };
      return (done) =>
        all(
          others.map((nation) => (given: () => void) => ask(nation, given)),
          done,
        );
    },
  };
}
