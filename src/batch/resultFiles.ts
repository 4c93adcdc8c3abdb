/**
 * The results files of a batch, `results.jsonl` and `results.csv`: every run's line of the partial
 * files in canonical order (designs by id, then sweep point, then seed), the JSON before the tab
 * and the CSV line after it, copied as bytes through fixed buffers; nothing is parsed.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../io/atomic.js';
import { csvHeader } from '../report/row.js';
import { InputError } from '../scenario/errors.js';
import { scanLines } from './lines.js';
import { keyOf, parseKey, partialFile } from './partials.js';
import type { BatchPlan } from './plan.js';

/** Where each run's line is in one design's partial file, by its place in the design's block. */
interface LineIndex {
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
}

/** Appends bytes to a file through one fixed buffer (no allocation per line). */
class ByteSink {
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  constructor(private readonly fd: number) {}
  put(src: Buffer, start: number, end: number): void {
    if (this.used + (end - start) > this.buf.length) this.flush();
    if (end - start > this.buf.length) return writeAll(this.fd, src.subarray(start, end));
    this.used += src.copy(this.buf, this.used, start, end);
  }
  newline(): void {
    if (this.used === this.buf.length) this.flush();
    this.buf[this.used++] = 10;
  }
  flush(): void {
    if (this.used > 0) writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

/** Writes a whole buffer; a short write (a full disk) is an error, and --resume repairs the torn line. */
export function writeAll(fd: number, data: Buffer | string): void {
  // a string is encoded by the write itself: no Buffer object waits for a collection to free its memory
  const n = typeof data === 'string' ? writeSync(fd, data, null, 'utf8') : writeSync(fd, data);
  const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  // a short write means the device is full; named so, it prints as a full disk, not a bug
  if (n !== length)
    throw Object.assign(new Error(`short write (${n} of ${length} bytes)`), { code: 'ENOSPC' });
}

/** The offset and length of each run's line in one design's partial file, by its place in the design's block. */
function lineIndex(dir: string, plan: BatchPlan, design: number): LineIndex {
  const pointIndex = new Map(plan.points.map((p) => [p.label, p.index]));
  const id = plan.designs[design]!.id;
  const block = plan.points.length * plan.seeds.length;
  const offsets = new Float64Array(block);
  const lengths = new Uint32Array(block);
  let found = 0;
  scanLines(partialFile(dir, id), (text, offset, length) => {
    const key = keyOf(plan.seeds, pointIndex, id, parseKey(text));
    if (key < 0 || lengths[key] !== 0) return;
    offsets[key] = offset;
    lengths[key] = length;
    found++;
  });
  if (found !== block)
    throw new InputError([
      {
        file: partialFile(dir, id),
        path: '',
        message: `${block - found} of the ${block} runs of design ${id} are missing (a stored row was removed or damaged after it was written)`,
      },
    ]);
  return { offsets, lengths };
}

/**
 * Copies every run's line, in canonical order, into results.jsonl (the JSON before the tab) and
 * results.csv (the CSV after it): bytes only, no parsing. Lines that sit next to each other in
 * a partial file (a chunk's runs) are read together.
 */
export function writeResultFiles(dir: string, plan: BatchPlan, columns: readonly string[]): void {
  const indexes = plan.designs.map((d) => lineIndex(dir, plan, d.index));
  writeAtomically(join(dir, 'results.jsonl'), (jfd) =>
    writeAtomically(join(dir, 'results.csv'), (cfd) =>
      copyLines(dir, plan, indexes, columns, jfd, cfd),
    ),
  );
}

/** Copies the lines of every design, in canonical order, into the open results files. */
function copyLines(
  dir: string,
  plan: BatchPlan,
  indexes: readonly LineIndex[],
  columns: readonly string[],
  jfd: number,
  cfd: number,
): void {
  const jsonl = new ByteSink(jfd);
  const csv = new ByteSink(cfd);
  const header = Buffer.from(
    `${csvHeader(
      columns,
      plan.sweep.map((axis) => axis.path),
    )}\n`,
  );
  csv.put(header, 0, header.length);
  let buf = Buffer.allocUnsafe(1 << 20);
  for (const d of plan.designs) {
    const { offsets, lengths } = indexes[d.index]!;
    const fd = openSync(partialFile(dir, d.id), 'r');
    try {
      for (let key = 0; key < lengths.length;) {
        // the longest stretch of keys whose lines follow each other in the file
        const start = offsets[key]!;
        let end = key + 1;
        let size = lengths[key]!;
        while (
          end < lengths.length &&
          offsets[end] === start + size &&
          size + lengths[end]! <= buf.length
        )
          size += lengths[end++]!;
        if (size > buf.length) buf = Buffer.allocUnsafe(size);
        if (readSync(fd, buf, 0, size, start) !== size)
          throw new Error(`${partialFile(dir, d.id)}: short read`);
        for (let at = 0; key < end; key++) {
          const next = at + lengths[key]!;
          const tab = buf.indexOf(9, at);
          if (tab < 0 || tab >= next)
            throw new Error(`${partialFile(dir, d.id)}: a line without its CSV part`);
          jsonl.put(buf, at, tab);
          jsonl.newline();
          csv.put(buf, tab + 1, next);
          at = next;
        }
      }
    } finally {
      closeSync(fd);
    }
  }
  jsonl.flush();
  csv.flush();
}
