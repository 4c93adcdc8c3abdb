/** Reading files of lines in blocks, so memory does not grow with the file. */
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../io/regularFile.js';

/**
 * Reads a file's lines one at a time, in 1 MB blocks. After {@link next} returns true, `text`
 * holds the line (without its newline), `offset` where it starts and `length` its length with
 * the newline. A last line without a newline is not returned: `end` tells where the last
 * complete line ends and `size` the file's size. Call {@link close} when done.
 */
export class LineReader {
  text = '';
  offset = 0;
  length = 0;
  /** The end of the last complete line read so far. */
  end = 0;
  readonly size: number;
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private filled = 0;
  private from = 0;
  private filePos = 0;
  private pending: Buffer[] = [];

  constructor(file: string) {
    // a FIFO or folder where a partial file should be is named, not waited on for ever; a
    // device reads as what its size says (a partial file linked to /dev/full: a full disk)
    ({ fd: this.fd, size: this.size } = openRegularFile(file, { allowDevice: true }));
  }

  /** Moves to the next complete line; false at the end of the file. */
  next(): boolean {
    for (;;) {
      if (this.from < this.filled) {
        const nl = this.buf.indexOf(10, this.from);
        if (nl >= 0 && nl < this.filled) {
          if (this.pending.length > 0) {
            this.pending.push(this.buf.subarray(this.from, nl));
            this.text = Buffer.concat(this.pending).toString('utf8');
            this.pending = [];
          } else this.text = this.buf.toString('utf8', this.from, nl);
          const lineEnd = this.filePos - this.filled + nl + 1;
          this.offset = this.end;
          this.length = lineEnd - this.end;
          this.end = lineEnd;
          this.from = nl + 1;
          return true;
        }
        this.pending.push(Buffer.from(this.buf.subarray(this.from, this.filled)));
      }
      if (this.filePos >= this.size) return false;
      const n = readSync(this.fd, this.buf, 0, this.buf.length, this.filePos);
      if (n <= 0) return false;
      this.filePos += n;
      this.filled = n;
      this.from = 0;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Calls `onLine` with each complete line of a file (without its newline), its offset and its
 * length (with the newline). Returns the end of the last complete line and the file's size.
 */
export function scanLines(
  file: string,
  onLine: (text: string, offset: number, length: number) => void,
): { end: number; size: number } {
  const reader = new LineReader(file);
  try {
    while (reader.next()) onLine(reader.text, reader.offset, reader.length);
    return { end: reader.end, size: reader.size };
  } finally {
    reader.close();
  }
}
