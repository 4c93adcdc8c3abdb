/** What each side of a live game has learned, in words and in order: the timeline its seats see. */
import type { Model } from '../model/model.js';
import type { Side } from '../scenario/schema.js';
import { factLabel } from './names.js';

/** Something a side learned: when, the rung it then believed (index), and what it was, in words. */
export interface LearnedEntry {
  readonly t: number;
  readonly rung: number;
  readonly text: string;
}

export class LearnedBySide {
  private readonly bySide: Record<Side, LearnedEntry[]> = {
    japan: [],
    unitedStates: [],
    alliance: [],
  };

  constructor(private readonly model: Model) {}

  /**
   * Notes what `side` learned at `t` for `cause` (`report:R3`, `inForce:jp.mso`, `revoked:…`,
   * `inject:fact`); other causes are not shown.
   */
  note(side: Side, rung: number, cause: string, t: number): void {
    const colon = cause.indexOf(':');
    const kind = cause.slice(0, colon);
    const what = cause.slice(colon + 1);
    const label = (id: string) => this.model.decisionsById.get(id)?.label ?? id;
    const text =
      kind === 'report'
        ? `reported: ${what}, ${this.model.scenario.ladder.rungs.find((r) => r.id === what)?.label ?? what}`
        : kind === 'inForce'
          ? `in force: ${label(what)}`
          : kind === 'revoked'
            ? `no longer in force: ${label(what)}`
            : kind === 'inject'
              ? `learned: ${factLabel(this.model, what)}`
              : '';
    if (!text) return;
    const list = this.bySide[side];
    const last = list.at(-1);
    if (last && last.text === text && last.t === t) return;
    list.push({ t, rung, text });
  }

  /** What `side` has learned, in order. */
  of(side: Side): readonly LearnedEntry[] {
    return this.bySide[side];
  }
}
