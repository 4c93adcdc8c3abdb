/**
 * The SHA-256 of a trace's canonical text, built as the run goes without building the text:
 * each entry's UTF-8 bytes are written into a buffer (the JSON literals of names encoded once and
 * kept, the time written digit by digit), and the buffer is hashed each time it fills. A run's
 * trace is thousands of short pieces; joined as strings they cost more to build, flatten and
 * collect than the hash itself, and a buffer keeps the memory of a long run flat.
 */
import { createHash, type Hash } from 'node:crypto';

/** What the hash reads of an entry (the fields of a `TraceEntry`). */
interface HashedEntry {
  readonly t: number;
  readonly kind: string;
  readonly actor: string;
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
}

/** Bytes gathered before a hash update. */
const CHUNK = 16 * 1024;

/** The longest entry written straight into the buffer; a longer one is written on its own. */
const LONGEST_IN_PLACE = 4 * 1024;

/** Names kept with their encoded JSON literal, at most this many (a loop names ever new points). */
const KEPT = 10_000;

const encoder = new TextEncoder();
const literals = new Map<string, Uint8Array>();

/** The UTF-8 bytes of `JSON.stringify(s)`, kept for names that recur in every run. */
function literal(s: string): Uint8Array {
  let bytes = literals.get(s);
  if (bytes === undefined) {
    bytes = encoder.encode(JSON.stringify(s));
    if (literals.size < KEPT) literals.set(s, bytes);
  }
  return bytes;
}

const kinds = new Map<string, Uint8Array>();

/** `,"<kind>",` as bytes: kinds are fixed words, written unquoted by JSON rules as the text does. */
function kindBytes(kind: string): Uint8Array {
  let bytes = kinds.get(kind);
  if (bytes === undefined) {
    bytes = encoder.encode(`,"${kind}",`);
    if (kinds.size < KEPT) kinds.set(kind, bytes);
  }
  return bytes;
}

/**
 * Buffers of hashers that have finished, for the next to take: a run's buffer would otherwise be
 * allocated and collected with every run.
 */
const spare: Uint8Array[] = [];
const SPARE_KEPT = 4;

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const NEWLINE = 0x0a;
const ZERO = 0x30;

/** Hashes canonical trace lines as they are added (see the module comment). */
export class TraceHasher {
  private readonly hash: Hash = createHash('sha256');
  /** Null once digested: what is added after that is not hashed (the digest is final). */
  private buffer: Uint8Array | null = spare.pop() ?? new Uint8Array(CHUNK);
  private used = 0;

  /**
   * Adds the canonical line of an entry: `[<seconds>,"<kind>",<actor>,<event>,<from>,<to>,<cause>]`
   * and a newline, with `seconds` as `String()` writes it and the names as JSON literals.
   */
  add(e: HashedEntry, seconds: number): void {
    const b = this.buffer;
    if (b === null) return;
    const kind = kindBytes(e.kind);
    const actor = literal(e.actor);
    const event = literal(e.event);
    const from = literal(e.from);
    const to = literal(e.to);
    const cause = literal(e.cause);
    const length =
      kind.length + actor.length + event.length + from.length + to.length + cause.length + 40;
    if (length > LONGEST_IN_PLACE) return this.addText(e, seconds);
    if (this.used + length > CHUNK) this.flush(b);
    b[this.used++] = OPEN;
    this.writeNumber(b, seconds);
    this.write(b, kind);
    this.write(b, actor);
    b[this.used++] = COMMA;
    this.write(b, event);
    b[this.used++] = COMMA;
    this.write(b, from);
    b[this.used++] = COMMA;
    this.write(b, to);
    b[this.used++] = COMMA;
    this.write(b, cause);
    b[this.used++] = CLOSE;
    b[this.used++] = NEWLINE;
  }

  /** The hex digest; call once, after the last entry (later entries are not hashed). */
  digest(): string {
    const b = this.buffer;
    if (b === null) throw new Error('the trace hash is already digested');
    this.flush(b);
    this.buffer = null;
    if (spare.length < SPARE_KEPT) spare.push(b);
    return this.hash.digest('hex');
  }

  private flush(b: Uint8Array): void {
    if (this.used > 0) this.hash.update(b.subarray(0, this.used));
    this.used = 0;
  }

  /** An entry too long for the buffer, as text. */
  private addText(e: HashedEntry, seconds: number): void {
    this.flush(this.buffer!);
    const quote = JSON.stringify;
    this.hash.update(
      `[${seconds},"${e.kind}",${quote(e.actor)},${quote(e.event)},${quote(e.from)},${quote(e.to)},${quote(e.cause)}]\n`,
    );
  }

  private write(b: Uint8Array, bytes: Uint8Array): void {
    let at = this.used;
    // a loop beats the call into `set` only for the shortest
    if (bytes.length <= 8) for (let i = 0; i < bytes.length; i++) b[at++] = bytes[i]!;
    else {
      b.set(bytes, at);
      at += bytes.length;
    }
    this.used = at;
  }

  /** Writes `String(n)`: digit by digit for a whole number that fits, else the string's characters. */
  private writeNumber(b: Uint8Array, n: number): void {
    if (Number.isInteger(n) && n >= 0 && n <= 0x7fffffff) {
      let digits = 1;
      for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++;
      let at = this.used + digits;
      this.used = at;
      let rest = n;
      do {
        b[--at] = ZERO + (rest % 10);
        rest = (rest / 10) | 0;
      } while (rest > 0);
      return;
    }
    // negative, fractional, huge or not finite: ASCII whatever String() writes
    const text = String(n);
    for (let i = 0; i < text.length; i++) b[this.used++] = text.charCodeAt(i);
  }
}
