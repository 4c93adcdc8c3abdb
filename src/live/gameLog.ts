/**
 * A live game's log: one JSON object a line in `<game folder>/log.jsonl`, the game's settings
 * first, then every input in the order it took effect (answers, notes, clock runs, pace changes,
 * injects, handovers, the end, positions on joint alliance decisions). Each line is written and
 * flushed to disk (fsync) before the input is acknowledged, so nothing acknowledged is lost if
 * the server is killed; a line cut short by a kill is the one input that was never acknowledged,
 * and reading drops it and says so. A line the disk refuses is cut back off (`logWrite.ts`). Every
 * line carries a hash chain (`logChain.ts`), checked when the log is read.
 */
import { existsSync, mkdirSync, truncateSync } from 'node:fs';
import { readRegularFile } from '../io/regularFile.js';
import { join } from 'node:path';
import { z } from 'zod';
import { SIDES } from '../scenario/primitives.js';
import { InputError } from '../scenario/errors.js';
import { ORGANISATION_CHANGE, ScheduleItemSchema } from '../scenario/injectsSchema.js';
import { CHAIN_START, ChainError, chainedLine, unchain } from './logChain.js';
import { WholeLines } from './logWrite.js';

export const LOG_FILE = 'log.jsonl';

const Wall = z.string().min(1);

/** What starts a game: everything needed to build it again. */
export const GameSettingsSchema = z.strictObject({
  kind: z.literal('game'),
  /** Format of the log; a reader refuses a version it does not know. */
  version: z.literal(1),
  id: z.string().min(1),
  scenarioFile: z.string().min(1),
  design: z.string().min(1),
  seed: z.number().int().min(0),
  /** The seats and what each owns, as given (`japan`, `unitedStates`, `adversary`, `jp.*`). */
  seats: z.array(z.string().min(1)).min(1),
  /** Hashes of the scenario and design files the game was started with: a resumed game must run the same model. */
  scenarioHash: z.string().min(1),
  designHash: z.string().min(1),
  /** The injects list (MSEL) the game was started with, and the hash of its content. */
  injectsFile: z.string().min(1).optional(),
  injectsHash: z.string().min(1).optional(),
  wall: Wall,
});

/** A seat's answer to one of its decision points, with when it took effect (simulated minutes, events processed). */
export const AnswerEntrySchema = z.strictObject({
  kind: z.literal('answer'),
  seat: z.string().min(1),
  point: z.string().min(1),
  answer: z.string().min(1),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  rationale: z.string().max(4000).optional(),
  /**
   * When the point was asked (simulated minutes) and when the game first showed it (wall clock):
   * how long it waited, in both clocks.
   */
  askedAt: z.number().nonnegative().optional(),
  shownWall: Wall.optional(),
  /** The probability with which the engine's policy would have answered "approve" (or a Diet "approve") then. */
  policyApprove: z.number().min(0).max(1).optional(),
  /** A joint alliance decision the national seats settled (`joint.ts`): the seats that concurred in its last round. */
  joint: z.array(z.string().min(1)).optional(),
  /** Given through the JSON API (a bot or a script) rather than a page. */
  via: z.literal('api').optional(),
  wall: Wall,
});

/** A note a seat or the control cell adds to the record. */
export const NoteEntrySchema = z.strictObject({
  kind: z.literal('note'),
  seat: z.string().min(1),
  text: z.string().min(1).max(4000),
  time: z.number().nonnegative(),
  wall: Wall,
});

/**
 * A national seat's position on a joint alliance decision in one round of its consultation
 * (`joint.ts`): it concurs, or objects with a rationale and asks for a revision.
 */
export const PositionEntrySchema = z.strictObject({
  kind: z.literal('position'),
  seat: z.string().min(1),
  point: z.string().min(1),
  position: z.enum(['concur', 'object']),
  round: z.number().int().min(1),
  rationale: z.string().max(4000).optional(),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  wall: Wall,
});

/** The control cell ran the clock; `time` is where it stopped (a resumed game runs to it). */
export const ClockEntrySchema = z.strictObject({
  kind: z.literal('clock'),
  seat: z.string().min(1),
  time: z.number().nonnegative(),
  /** Events processed when it stopped. */
  after: z.number().int().nonnegative(),
  /** The turn this run of the clock ended (turn mode). */
  turn: z.number().int().positive().optional(),
  wall: Wall,
});

/** What the control cell can inject. */
export const InjectSchema = z.discriminatedUnion('type', [
  /** A fact made known to a side (or to every side). */
  z.strictObject({
    type: z.literal('fact'),
    fact: z
      .string()
      .regex(/^[A-Za-z][\w.-]*$/)
      .max(100),
    side: z.enum([...SIDES, 'all']),
  }),
  /** A message to a seat, to `all` the player seats, or to a comma list of seats. */
  z.strictObject({
    type: z.literal('message'),
    to: z.string().min(1).max(1000),
    text: z.string().min(1).max(4000),
  }),
  /** The adversary moves the crisis to an adjacent rung now. */
  z.strictObject({ type: z.literal('move'), to: z.string().min(1).max(100) }),
  /** An organisation handles more or fewer items at once, or works faster or slower, from now on. */
  z
    .strictObject({
      type: z.literal('organisation'),
      org: z.string().min(1).max(100),
      ...ORGANISATION_CHANGE,
    })
    .refine(
      (o) => o.capacity !== undefined || o.delayFactor !== undefined,
      'expected a capacity, a delayFactor or both',
    ),
]);

/** The control cell's inject, applied when it was given (after `after` events) and replayed there. */
export const InjectEntrySchema = z.strictObject({
  kind: z.literal('inject'),
  seat: z.string().min(1),
  inject: InjectSchema,
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  /** The scheduled inject (of the injects list) this one fired. */
  msel: z.string().min(1).optional(),
  wall: Wall,
});

/**
 * The control cell hands a seat to the engine's policy (an absent team): from then on the policy
 * answers its points.
 */
export const HandoverEntrySchema = z.strictObject({
  kind: z.literal('handover'),
  seat: z.string().min(1),
  to: z.string().min(1),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  wall: Wall,
});

/**
 * How the clock runs by itself: simulated seconds per real second while nobody must answer
 * (`ratio`; 60 makes a real minute a simulated hour) and while a person must (`thinking`; 0 stops
 * the clock while people think, so their thinking costs no simulated time).
 */
export const PaceSchema = z.strictObject({
  running: z.boolean(),
  ratio: z.number().positive().max(1_000_000),
  thinking: z.number().nonnegative().max(1_000_000),
  /**
   * Turn mode: the clock runs only when the control cell ends a turn, each `length` simulated
   * minutes long, counted from `from`.
   */
  turn: z
    .strictObject({
      length: z.number().positive().max(1_000_000),
      from: z.number().nonnegative(),
    })
    .optional(),
});

/** The control cell started, paused or changed the pace of the clock. */
export const PaceEntrySchema = z.strictObject({
  kind: z.literal('pace'),
  seat: z.string().min(1),
  pace: PaceSchema,
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  wall: Wall,
});

/** The control cell ended the game before its horizon. */
export const EndEntrySchema = z.strictObject({
  kind: z.literal('end'),
  seat: z.string().min(1),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  wall: Wall,
});

/**
 * A message from a seat (or the control cell) to seats over a channel of the design
 * (`channels.ts`), delivered at `deliverAt` (simulated minutes), which a replay recomputes from the
 * game's seed and the message's number `n`.
 */
export const MessageEntrySchema = z.strictObject({
  kind: z.literal('message'),
  seat: z.string().min(1),
  to: z.array(z.string().min(1)).min(1),
  channel: z.string().min(1),
  text: z.string().min(1).max(4000),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative(),
  deliverAt: z.number().nonnegative(),
  n: z.number().int().positive().optional(),
  wall: Wall,
});

/**
 * The control cell added, edited or cancelled a scheduled inject (`item`, as it stands after the
 * change; a cancellation the game made itself, an inject it could not make then, says why).
 */
export const ScheduleEntrySchema = z.strictObject({
  kind: z.literal('schedule'),
  seat: z.string().min(1),
  action: z.enum(['add', 'edit', 'cancel']),
  item: ScheduleItemSchema,
  reason: z.string().min(1).max(4000).optional(),
  time: z.number().nonnegative(),
  after: z.number().int().nonnegative().optional(),
  wall: Wall,
});

export const GameEntrySchema = z.discriminatedUnion('kind', [
  MessageEntrySchema,
  AnswerEntrySchema,
  NoteEntrySchema,
  ClockEntrySchema,
  InjectEntrySchema,
  HandoverEntrySchema,
  PaceEntrySchema,
  EndEntrySchema,
  PositionEntrySchema,
  ScheduleEntrySchema,
]);

export type GameSettings = z.output<typeof GameSettingsSchema>;
export type AnswerEntry = z.output<typeof AnswerEntrySchema>;
export type NoteEntry = z.output<typeof NoteEntrySchema>;
export type InjectEntry = z.output<typeof InjectEntrySchema>;
export type HandoverEntry = z.output<typeof HandoverEntrySchema>;
export type MessageEntry = z.output<typeof MessageEntrySchema>;
export type GameEntry = z.output<typeof GameEntrySchema>;
export type Inject = z.output<typeof InjectSchema>;
export type Pace = z.output<typeof PaceSchema>;
export type PaceEntry = z.output<typeof PaceEntrySchema>;
export type PositionEntry = z.output<typeof PositionEntrySchema>;
export type ScheduleEntry = z.output<typeof ScheduleEntrySchema>;

/** An open log: appends are on disk when `append` returns. */
export class GameLog {
  private constructor(
    readonly folder: string,
    private readonly out: WholeLines,
    private chain: string,
    /** Lines written so far, the settings included. */
    private written: number,
  ) {}

  /** Starts the log of a new game in `folder` (created); refuses a folder that already holds a game. */
  static create(folder: string, settings: GameSettings): GameLog {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, LOG_FILE);
    if (existsSync(file))
      throw new InputError([
        {
          file,
          path: '',
          message: 'a game already exists here: resume it (--resume) or choose another --out',
        },
      ]);
    const log = new GameLog(folder, new WholeLines(file), CHAIN_START, 0);
    log.write(GameSettingsSchema.parse(settings));
    return log;
  }

  /** Opens a game's log, as {@link readGameLog} read it, to go on appending: a torn last line is cut off first. */
  static reopen(folder: string, read: ReadLog): GameLog {
    const file = join(folder, LOG_FILE);
    if (read.torn) truncateSync(file, read.bytes);
    return new GameLog(folder, new WholeLines(file), read.chain, read.entries.length + 1);
  }

  /** Appends an input and flushes it to disk; a `LogWriteError` if the disk refuses it (nothing of it is left). */
  append(entry: GameEntry): void {
    this.write(GameEntrySchema.parse(entry));
  }

  /** The log's fingerprint so far: its last line's chain hash, and its lines (the settings included). */
  get fingerprint(): { readonly hash: string; readonly lines: number } {
    return { hash: this.chain, lines: this.written };
  }

  /** Why the last write failed (a full disk), until one succeeds. */
  get error(): string | undefined {
    return this.out.error;
  }

  close(): void {
    this.out.close();
  }

  private write(value: Record<string, unknown>): void {
    const { line, chain } = chainedLine(this.chain, value);
    this.out.append(`${line}\n`);
    this.chain = chain;
    this.written++;
  }
}

/** What a log holds. `torn` is set when its last line was cut short (never acknowledged) and dropped. */
export interface ReadLog {
  readonly settings: GameSettings;
  readonly entries: readonly GameEntry[];
  readonly torn: boolean;
  /** Length in bytes of the complete lines. */
  readonly bytes: number;
  /** The last complete line's chain hash. */
  readonly chain: string;
}

/** Reads a game's log; a malformed line (other than a torn last one) is an {@link InputError} naming the line. */
export function readGameLog(folder: string): ReadLog {
  const file = join(folder, LOG_FILE);
  if (!existsSync(file))
    throw new InputError([
      {
        file,
        path: '',
        message: 'no game log here (expected the folder of a game started with npm run facilitate)',
      },
    ]);
  const text = readRegularFile(file);
  const lines = text.split('\n');
  // a complete log ends with a newline: anything after the last one is a line the kill cut short
  const torn = lines.at(-1) !== '';
  const complete = lines.slice(0, -1);
  let chain = CHAIN_START;
  const parse = <T>(schema: z.ZodType<T>, line: string, n: number): T => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError([
        { file, path: `line ${n}`, message: 'expected one JSON object a line' },
      ]);
    }
    try {
      ({ value, chain } = unchain(chain, value));
    } catch (error) {
      if (!(error instanceof ChainError)) throw error;
      throw new InputError([{ file, path: `line ${n}`, message: error.message }]);
    }
    const result = schema.safeParse(value);
    if (!result.success)
      throw new InputError([
        {
          file,
          path: `line ${n}`,
          message: result.error.issues
            .map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`)
            .join('; '),
        },
      ]);
    return result.data;
  };
  if (complete.length === 0)
    throw new InputError([
      { file, path: 'line 1', message: "expected the game's settings on the first line" },
    ]);
  const settings = parse(GameSettingsSchema, complete[0]!, 1);
  const entries = complete.slice(1).map((line, i) => parse(GameEntrySchema, line, i + 2));
  return {
    settings,
    entries,
    torn,
    bytes: Buffer.byteLength(complete.map((l) => `${l}\n`).join('')),
    chain,
  };
}
