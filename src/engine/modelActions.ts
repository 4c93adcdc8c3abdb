/**
 * The model's own actions, carried out in the run: a rung's report reaches each side after its
 * reporting delay (and the side that learns with it); the adversary chooses and makes its moves;
 * a decision's staffing starts or resumes; a decision entering or leaving force is announced to
 * its side and to the sides that read it; a decision closed before it was issued is dropped.
 */
import type { CompiledDecision } from '../model/compiled.js';
import { openMoves, policyMove, posture, rungAfter } from '../model/adversaryPolicy.js';
import { NATIONS, SIDES, type Nation } from '../scenario/primitives.js';
import { LEGAL_PREFIX, type ActorId, type ExecutableAction } from './actor.js';
import type { RunHost } from './host.js';
import { IDENTIFICATION_ACTOR, type Names } from './names.js';
import { sceneActorsOf } from './perModel.js';
import type { Staffing } from './staffing.js';

/** What carrying out the model's actions needs of the run besides what its parts all need. */
export interface ActionsHost extends Omit<RunHost, 'isInForce'> {
  /** Schedules `fn` at an absolute time (never earlier than now). */
  schedule(time: number, fn: () => void): void;
  /** The ladder's rung now, by index (-1 before the start). */
  ladderRung(): number;
  /** Withdraws the decision's pending points: it closed before anyone answered them. */
  withdraw(decision: string): void;
  /** The organisations on the scene see the ladder at `rung`. */
  learnScene(rung: number, cause: string): void;
}

/** Carries out the model's own actions in one run (see the module comment). */
export class ModelActions {
  /** When each nation's latest report arrives: reports reach a capital in the order of the events. */
  private readonly lastReport: Record<Nation, number> = { japan: 0, unitedStates: 0 };
  /** When the scene last saw a rung: it sees them in the order of the events too. */
  private lastScene = 0;
  private readonly inForce = new Set<string>();
  /** Rungs whose contact has been identified (or is being). */
  private readonly identified = new Set<number>();

  /** Whether any decision is taken on the scene, so the scene must be told of each rung. */
  private readonly hasScene: boolean;

  constructor(
    private readonly run: ActionsHost,
    private readonly staffing: Staffing,
    private readonly names: Names,
  ) {
    this.hasScene = sceneActorsOf(run.model).length > 0;
  }

  /** Whether a decision is in force now. */
  isInForce(decision: string): boolean {
    return this.inForce.has(decision);
  }

  /** Carries out one action a transition of `actor` handed back. */
  perform(actor: ActorId, action: ExecutableAction): void {
    const p = action.params;
    const decisions = this.run.model.decisionsById;
    switch (action.type) {
      case 'report':
        return this.report(p.rung as number);
      case 'move':
        if (p.to !== this.run.ladderRung())
          this.run.deliver('ladder', { type: 'MOVE', to: p.to }, 'adversary');
        return;
      case 'choose':
        return this.chooseMove();
      case 'ask':
        return this.staffing.start(decisions.get(actor)!, p.kind);
      case 'announce':
        return this.announce(decisions.get(actor)!, p.inForce);
      case 'close':
        return this.close(decisions.get(actor)!, p.as);
      case 'resume':
        return this.staffing.resume(decisions.get(actor)!);
      default:
        return;
    }
  }

  /**
   * Carries a rung report to each nation after its reporting delay, in order of occurrence; the
   * side that learns with a nation (the scenario's `reporting.allianceLearnsWith`) learns with it.
   * A rung whose contact must first be identified (`identify`) is reported only after the
   * identification delay, the first time it is entered; reports of later rungs wait for it.
   */
  private report(rung: number): void {
    const { model } = this.run;
    const r = model.scenario.ladder.rungs[rung]!;
    const identification = model.reporting.identification;
    let from = this.run.now;
    if (r.identify && identification && !this.identified.has(rung)) {
      this.identified.add(rung);
      from += this.run.draw('identify', identification);
      this.run.schedule(from, () =>
        this.run.record('state', IDENTIFICATION_ACTOR, 'IDENTIFIED', '', r.id, 'identification'),
      );
    }
    // the scene sees the rung as soon as it is identified (and after what it saw before), before any capital is told
    if (this.hasScene) {
      this.lastScene = Math.max(from, this.lastScene);
      this.run.schedule(this.lastScene, () =>
        this.run.learnScene(rung, this.names.join('scene:', r.id)),
      );
    }
    const learnsWith = model.reporting.allianceLearnsWith;
    for (const nation of NATIONS) {
      const delay = this.run.draw(`report.${nation}`, model.reporting.delay[nation]);
      const time = Math.max(from + delay, this.lastReport[nation]);
      this.lastReport[nation] = time;
      this.run.schedule(time, () => {
        const cause = this.names.join('report:', r.id);
        this.learnRung(nation, rung, cause);
        if (nation === learnsWith) this.learnRung('alliance', rung, cause);
        for (const against of r.hostileActs)
          this.run.deliver(
            this.names.join(LEGAL_PREFIX, nation),
            { type: 'HOSTILE_ACT', against },
            this.names.join('hostile:', r.id),
          );
      });
    }
  }

  private learnRung(side: Nation | 'alliance', rung: number, cause: string): void {
    const { knowledge } = this.run.model;
    this.run.learn(side, knowledge.withRung(this.run.picture(side), rung), cause);
  }

  /** A decision entered or left force: its side learns its effects, interested sides learn of it. */
  private announce(d: CompiledDecision, inForce: boolean): void {
    const { model } = this.run;
    if (inForce) this.inForce.add(d.id);
    else this.inForce.delete(d.id);
    const cause = this.names.join(inForce ? 'inForce:' : 'revoked:', d.id);
    this.run.learn(
      d.side,
      model.knowledge.withDecision(this.run.picture(d.side), d.id, inForce, d.effects),
      cause,
    );
    // a recognition of the situation is public (a Basic Response Plan); other decisions reach the sides that read them
    for (const side of SIDES) {
      if (side !== d.side && (d.publicEffects || model.interests[side].has(d.id))) {
        this.run.learn(
          side,
          model.knowledge.withDecision(this.run.picture(side), d.id, inForce, d.publicEffects),
          cause,
        );
      }
    }
    this.staffing.decisionChanged(d.id, inForce);
  }

  /** A decision closed before it was issued: overtaken by events, or rejected by the Diet beforehand. */
  private close(d: CompiledDecision, as: 'overtaken' | 'rejected'): void {
    this.staffing.close(d);
    this.run.withdraw(d.id);
    this.run.record('decision', d.side, d.id, '', as, 'closed');
  }

  /** The adversary chooses its next move: a script, a red-cell player or its policy answers. */
  private chooseMove(): void {
    const { model } = this.run;
    const rung = this.run.ladderRung();
    const options = openMoves(rung, model.adversary.rungs.length - 1);
    const decision = 'adversary.move';
    this.run.ask(
      { kind: 'move', decision, owner: decision, side: 'adversary', options },
      () => policyMove(model, rung, posture(model, this.inForce), this.run.uniform(decision)),
      (answer) =>
        this.run.deliver(
          'adversary',
          { type: 'CHOSEN', to: rungAfter(rung, answer) },
          this.names.join('decider:', answer),
        ),
    );
  }
}
