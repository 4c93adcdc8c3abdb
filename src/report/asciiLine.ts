/**
 * A line of ASCII text written byte by byte into a buffer that is reused from line to line, and
 * read out as one flat string: cheaper, for a line of hundreds of short pieces, than joining or
 * concatenating strings (a concatenation leaves a tree of pieces that is copied again later).
 */

/** A string's bytes when every character is ASCII; null otherwise. */
export function asciiBytes(s: string): Uint8Array | null {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return null;
    bytes[i] = c;
  }
  return bytes;
}

/** Bytes of an ASCII string known to be ASCII (constants of this code, numbers' texts). */
export function knownAscii(s: string): Uint8Array {
  const bytes = asciiBytes(s);
  if (!bytes) throw new Error(`not ASCII: ${s}`);
  return bytes;
}

const ZERO = 48;
const LONG = 24;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const decoder = new TextDecoder();

/** One line being written (see the module's comment). */
export class AsciiLine {
  private buf = new Uint8Array(16_384);
  private n = 0;

  /** Starts a new line. */
  reset(): void {
    this.n = 0;
  }

  /** Writes bytes made beforehand (with {@link asciiBytes} or {@link knownAscii}). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let n = this.n;
    // a native copy costs more than a loop for the short pieces most are
    if (b.length > LONG) {
      buf.set(b, n);
      n += b.length;
    } else for (let i = 0; i < b.length; i++) buf[n++] = b[i]!;
    this.n = n;
  }

  /** Writes one ASCII character by its code. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.n++] = c;
  }

  /** Writes a string; false, having written part of it, when it is not all ASCII. */
  text(s: string): boolean {
    this.room(s.length);
    const buf = this.buf;
    let n = this.n;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[n++] = c;
    }
    this.n = n;
    return true;
  }

  /**
   * Writes a string that JSON and CSV both write as it is (printable ASCII but `"`, `\\` and
   * `,`), between quotes if `quoted`; false, having written nothing, for any other string.
   */
  plain(s: string, quoted: boolean): boolean {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH || c === COMMA) return false;
    }
    this.room(s.length + 2);
    const buf = this.buf;
    let n = this.n;
    if (quoted) buf[n++] = QUOTE;
    for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
    if (quoted) buf[n++] = QUOTE;
    this.n = n;
    return true;
  }

  /** Writes a whole number 0 ≤ v < 2^31 in decimal. */
  digits(v: number): void {
    this.room(10);
    const buf = this.buf;
    let len = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) len++;
    let n = this.n + len;
    this.n = n;
    let x = v | 0;
    do {
      buf[--n] = ZERO + (x % 10);
      x = (x / 10) | 0;
    } while (x > 0);
  }

  /** The line written since {@link reset}. */
  read(): string {
    return decoder.decode(this.buf.subarray(0, this.n));
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }
}
