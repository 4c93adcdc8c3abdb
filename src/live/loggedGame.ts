/**
 * The log of a live game beneath its inputs: every input written whole to `log.jsonl` and flushed
 * before it counts (`gameLog.ts`), kept in order, with the schedule of injects its entries drive,
 * where the clock stands (a checkpoint), the result once the run has finished (with the log's
 * fingerprint), notes for the record, and closing the log. The inputs themselves are
 * `scheduledGame.ts` (the clock's pace, injects and their schedule) and `game.ts` (the rest).
 */
import { GameLog, type GameEntry } from './gameLog.js';
import { Schedule } from './schedule.js';
import { GameRun, type GameContext } from './gameRun.js';
import { writeChainedResult } from './result.js';

/** A game and its log (see the module comment); {@link LiveGame} is the game itself. */
export class LoggedGame extends GameRun {
  /** Every input so far, in order (the log after its first line). */
  readonly entries: GameEntry[] = [];
  private readonly log: GameLog;
  /** The scheduled injects (the injects list and those the control cell added), each with its status. */
  readonly schedule: Schedule;

  protected constructor(context: GameContext, log: GameLog) {
    super(context);
    this.log = log;
    this.schedule = new Schedule(context.injects ?? []);
  }

  /** Logs where the clock stands, so a resumed game runs to it. */
  protected checkpoint(seat: string, turn?: number): void {
    // a game that has ended is replayed to its horizon, past its last event
    this.record({
      kind: 'clock',
      seat,
      time: this.finished ? this.model.horizon : this.sim.now,
      after: this.sim.completed,
      ...(turn === undefined ? {} : { turn }),
      wall: this.wall(),
    });
  }

  /** Writes an input to the log (flushed to disk) and keeps it; a `LogWriteError` (nothing kept) if the disk refuses it. */
  protected record(entry: GameEntry): void {
    const failing = this.log.error;
    try {
      this.log.append(entry);
    } finally {
      // a full disk, and its end, show on the control cell's board
      if (this.log.error !== failing) this.changed();
    }
    this.entries.push(entry);
    this.schedule.replay(entry);
    if (this.finished) this.recordResult();
  }

  /** The result with the log's fingerprint, rewritten as lines follow the end. */
  protected override recordResult(): void {
    const result = this.result();
    if (result) writeChainedResult(this.folder, result, this.log.fingerprint, this.wall);
  }

  /** The log's fingerprint so far: its last chain hash and its lines. */
  get chain(): { readonly hash: string; readonly lines: number } {
    return this.log.fingerprint;
  }

  /** Why the last input could not be written to the log (a full disk), until one is. */
  get logError(): string | undefined {
    return this.log.error;
  }

  /** Whether the control cell ended the game before its horizon. */
  get ended(): boolean {
    return this.entries.some((e) => e.kind === 'end');
  }

  /** Adds a note to the record (on disk when this returns). */
  note(seat: string, text: string): void {
    const entry: GameEntry = { kind: 'note', seat, text, time: this.sim.now, wall: this.wall() };
    this.record(entry);
    this.changed();
  }

  /** Closes the log. */
  close(): void {
    this.log.close();
  }
}
