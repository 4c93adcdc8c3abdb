/**
 * The trace of a run: every state change, message, staff step and decision, in the order the
 * engine processed them. Its canonical serialisation is one JSON array per entry, time in whole
 * simulated seconds; its hash is the SHA-256 of that text, built incrementally.
 */
import { createHash } from 'node:crypto';
import { TraceHasher } from './traceHash.js';
import { RUN_RETENTION, type RetainedKind } from './retention.js';

/**
 * What kind of thing a trace entry records; `inject` is an input from outside the model (a live
 * game's control cell).
 */
export type TraceKind = 'state' | 'message' | 'step' | 'consult' | 'decision' | 'inject';

/** One entry: at time `t` (minutes), `actor` handled `event`, moving `from` → `to`, because of `cause`. */
export interface TraceEntry {
  readonly t: number;
  readonly kind: TraceKind;
  readonly actor: string;
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
}

/** Seconds are the unit of the canonical form, so float noise below a second never shows. */
function canonicalTime(minutes: number): number {
  return Math.round(minutes * 60);
}

/** The canonical line of one entry. */
export function canonicalEntry(e: TraceEntry): string {
  return `[${canonicalTime(e.t)},"${e.kind}",${quote(e.actor)},${quote(e.event)},${quote(e.from)},${quote(e.to)},${quote(e.cause)}]`;
}

/**
 * JSON string literals of the names a model uses, kept: the same few hundred recur in every run.
 * At most {@link QUOTES_KEPT}: a run that loops names ever new decision points (`adversary.move#<n>`).
 */
const quoted = new Map<string, string>();
const QUOTES_KEPT = 10_000;

function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < QUOTES_KEPT) quoted.set(s, q);
  }
  return q;
}

/**
 * Collects entries (when asked to keep them) and hashes their canonical text as it goes, a
 * buffer's worth at a time (`traceHash.ts`), so a run's memory does not grow with its length.
 */
export class TraceRecorder {
  readonly entries: TraceEntry[] | null;
  private readonly hasher = new TraceHasher();
  private digest: string | null = null;
  count = 0;

  /** `overflow` stops the run when it would keep more entries than {@link RUN_RETENTION} allows. */
  constructor(
    keepEntries: boolean,
    private readonly overflow: (kind: RetainedKind, limit: number) => never = tooMany,
  ) {
    this.entries = keepEntries ? [] : null;
  }

  record(entry: TraceEntry): void {
    this.count++;
    const entries = this.entries;
    if (entries !== null) {
      if (entries.length >= RUN_RETENTION.keptEntries)
        this.overflow('trace entries', RUN_RETENTION.keptEntries);
      entries.push(entry);
    }
    this.hasher.add(entry, canonicalTime(entry.t));
  }

  /** The hex SHA-256 of the canonical trace; recording ends with the first call. */
  finish(): string {
    this.digest ??= this.hasher.digest();
    return this.digest;
  }
}

function tooMany(kind: RetainedKind, limit: number): never {
  throw new Error(`a run keeps at most ${limit} ${kind}`);
}

/** The canonical text of a whole trace (one entry a line), for storing and comparing. */
export function serializeTrace(entries: readonly TraceEntry[]): string {
  return entries.map((e) => `${canonicalEntry(e)}\n`).join('');
}

/** Parses a canonical trace back into entries (times in minutes). */
export function parseTrace(text: string): TraceEntry[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [t, kind, actor, event, from, to, cause] = JSON.parse(line) as [
        number,
        TraceKind,
        string,
        string,
        string,
        string,
        string,
      ];
      return { t: t / 60, kind, actor, event, from, to, cause };
    });
}

/** Hex SHA-256 of a canonical trace. */
export function hashTrace(entries: readonly TraceEntry[]): string {
  return createHash('sha256').update(serializeTrace(entries)).digest('hex');
}
