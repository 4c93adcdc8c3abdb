/**
 * A live game's log: one JSON object a line in `<game folder>/log.jsonl`, the game's settings
 * first, then every input in the order it took effect (answers, notes, clock runs, pace changes,
 * injects, handovers, the end). Each line is written and
 * flushed to disk (fsync) before the input is acknowledged, so nothing acknowledged is lost if
 * the server is killed; a line cut short by a kill is the one input that was never acknowledged,
 * and reading drops it and says so.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SIDES } from '../scenario/primitives.js';
import { InputError } from '../scenario/errors.js';

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

/** The control cell ran the clock; `time` is where it stopped (a resumed game runs to it). */
export const ClockEntrySchema = z.strictObject({
  kind: z.literal('clock'),
  seat: z.string().min(1),
  time: z.number().nonnegative(),
  /** Events processed when it stopped. */
  after: z.number().int().nonnegative(),
  wall: Wall,
});

/**
 * Limits of an organisation inject: a capacity of at least one item, a processing-time factor from
 * a twentieth to twenty.
 */
const ORGANISATION_LIMITS = {
  capacity: { min: 1, max: 1000 },
  delayFactor: { min: 0.05, max: 20 },
} as const;

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
  /** A message to a seat. */
  z.strictObject({
    type: z.literal('message'),
    to: z.string().min(1).max(100),
    text: z.string().min(1).max(4000),
  }),
  /** The adversary moves the crisis to an adjacent rung now. */
  z.strictObject({ type: z.literal('move'), to: z.string().min(1).max(100) }),
  /** An organisation handles more or fewer items at once, or works faster or slower, from now on. */
  z
    .strictObject({
      type: z.literal('organisation'),
      org: z.string().min(1).max(100),
      capacity: z
        .number()
        .int()
        .min(ORGANISATION_LIMITS.capacity.min)
        .max(ORGANISATION_LIMITS.capacity.max)
        .optional(),
      delayFactor: z
        .number()
        .min(ORGANISATION_LIMITS.delayFactor.min)
        .max(ORGANISATION_LIMITS.delayFactor.max)
        .optional(),
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

export const GameEntrySchema = z.discriminatedUnion('kind', [
  AnswerEntrySchema,
  NoteEntrySchema,
  ClockEntrySchema,
  InjectEntrySchema,
  HandoverEntrySchema,
  PaceEntrySchema,
  EndEntrySchema,
]);

export type GameSettings = z.output<typeof GameSettingsSchema>;
export type AnswerEntry = z.output<typeof AnswerEntrySchema>;
export type NoteEntry = z.output<typeof NoteEntrySchema>;
export type InjectEntry = z.output<typeof InjectEntrySchema>;
export type HandoverEntry = z.output<typeof HandoverEntrySchema>;
export type GameEntry = z.output<typeof GameEntrySchema>;
export type Inject = z.output<typeof InjectSchema>;
export type Pace = z.output<typeof PaceSchema>;
export type PaceEntry = z.output<typeof PaceEntrySchema>;

/** An open log: appends are on disk when `append` returns. */
export class GameLog {
  private constructor(
    readonly folder: string,
    private readonly fd: number,
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
    const log = new GameLog(folder, openSync(file, 'a'));
    log.write(GameSettingsSchema.parse(settings));
    return log;
  }

  /** Opens a game's log, as {@link readGameLog} read it, to go on appending: a torn last line is cut off first. */
  static reopen(folder: string, read: ReadLog): GameLog {
    const file = join(folder, LOG_FILE);
    if (read.torn) truncateSync(file, read.bytes);
    return new GameLog(folder, openSync(file, 'a'));
  }

  /** Appends an input and flushes it to disk. */
  append(entry: GameEntry): void {
    this.write(GameEntrySchema.parse(entry));
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(value: unknown): void {
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
    fsyncSync(this.fd);
  }
}

/** What a log holds. `torn` is set when its last line was cut short (never acknowledged) and dropped. */
export interface ReadLog {
  readonly settings: GameSettings;
  readonly entries: readonly GameEntry[];
  readonly torn: boolean;
  /** Length in bytes of the complete lines. */
  readonly bytes: number;
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
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // a complete log ends with a newline: anything after the last one is a line the kill cut short
  const torn = lines.at(-1) !== '';
  const complete = lines.slice(0, -1);
  const parse = <T>(schema: z.ZodType<T>, line: string, n: number): T => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError([
        { file, path: `line ${n}`, message: 'expected one JSON object a line' },
      ]);
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
  };
}
