/**
 * A line of ASCII text written byte by byte into a buffer that is reused from line to line, and
 * read out as one flat string: cheaper, for a line of hundreds of short pieces, than joining or
 * concatenating strings (a concatenation leaves a tree of pieces that is copied again later).
 * The writers take the buffer and a position and answer the position after what they wrote; the
 * caller reserves room for the whole line first ({@link AsciiLine.reserve}).
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

/** Bytes of a string known to be ASCII (constants of this code). */
export function knownAscii(s: string): Uint8Array {
  const bytes = asciiBytes(s);
  if (!bytes) throw new Error(`not ASCII: ${s}`);
  return bytes;
}

const ZERO = 48;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
/** Longer pieces are copied natively: for the short pieces most are, a loop costs less. */
const LONG = 24;

/** Writes bytes made beforehand. */
export function put(buf: Uint8Array, n: number, b: Uint8Array): number {
  if (b.length > LONG) {
    buf.set(b, n);
    return n + b.length;
  }
  for (let i = 0; i < b.length; i++) buf[n++] = b[i]!;
  return n;
}

/** Writes a string known to be ASCII (a number's text). */
export function putAscii(buf: Uint8Array, n: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[n++] = s.charCodeAt(i);
  return n;
}

/**
 * Writes a string that JSON and CSV both write as it is (printable ASCII but `"`, `\` and `,`),
 * between quotes if `quoted`; -1, having written nothing, for any other string.
 */
export function putPlain(buf: Uint8Array, n: number, s: string, quoted: boolean): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH || c === COMMA) return -1;
  }
  if (quoted) buf[n++] = QUOTE;
  n = putAscii(buf, n, s);
  if (quoted) buf[n++] = QUOTE;
  return n;
}

/** Writes a whole number 0 ≤ v < 2^31 in decimal. */
export function putDigits(buf: Uint8Array, n: number, v: number): number {
  let x = v | 0;
  if (x < 10) {
    buf[n] = ZERO + x;
    return n + 1;
  }
  let len = 2;
  for (let limit = 100; x >= limit && len < 10; limit *= 10) len++;
  const end = n + len;
  for (let at = end - 1; at >= n; at--) {
    buf[at] = ZERO + (x % 10);
    x = (x / 10) | 0;
  }
  return end;
}

const decoder = new TextDecoder();

/** The reused buffer of a line being written (see the module's comment). */
export class AsciiLine {
  private buf = new Uint8Array(16_384);

  /** The buffer, with room for at least `bytes` bytes from its start. */
  reserve(bytes: number): Uint8Array {
    if (this.buf.length < bytes) this.buf = new Uint8Array(Math.max(bytes, this.buf.length * 2));
    return this.buf;
  }

  /** The first `length` bytes written, as text. */
  read(length: number): string {
    return decoder.decode(this.buf.subarray(0, length));
  }
}
