import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TraceRecorder, type TraceEntry } from '../src/engine/trace.js';
import { simulate } from '../src/engine/simulation.js';
import { referenceModel } from './helpers.js';

/**
 * The hash as the canonical text defines it, written out independently of the engine's code: a
 * JSON array a line, the time in whole seconds as `String()` writes it (`NaN` too).
 */
function textHash(entries: readonly TraceEntry[]): string {
  const text = entries
    .map((e) => {
      const names = JSON.stringify([e.kind, e.actor, e.event, e.from, e.to, e.cause]);
      return `[${String(Math.round(e.t * 60))},${names.slice(1)}\n`;
    })
    .join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function recorded(entries: readonly TraceEntry[]): string {
  const recorder = new TraceRecorder(false);
  for (const e of entries) recorder.record(e);
  return recorder.finish();
}

const entry = (t: number, over: Partial<TraceEntry> = {}): TraceEntry => ({
  t,
  kind: 'state',
  actor: 'japan',
  event: 'KNOW',
  from: 'jp.mso/dormant',
  to: 'jp.mso/staffing',
  cause: 'report:R2',
  ...over,
});

describe('the trace hash built as a run goes', () => {
  it('is the SHA-256 of the canonical text, whatever the times and names hold', () => {
    const entries: TraceEntry[] = [
      entry(0),
      entry(0.0001),
      entry(-0.004), // rounds to -0, written 0
      entry(-3),
      entry(1e-9),
      entry(59.99),
      entry(1234567.891),
      entry(40_000_000), // seconds past 2^31
      entry(1e300),
      entry(Number.NaN),
      entry(Number.POSITIVE_INFINITY),
      entry(2, { actor: 'côte d’Ivoire 日本', event: 'say "hi"\\ \n\t', cause: '\u0007' }),
      entry(3, { from: '', to: '😀 \ud800 lone surrogate' }),
      entry(4, { cause: 'x'.repeat(10_000) }), // longer than the buffer takes in place
      entry(5, { kind: 'inject' }),
    ];
    expect(recorded(entries)).toBe(textHash(entries));
  });

  it('is the same across the chunks a long trace is hashed in', () => {
    const entries = Array.from({ length: 5_000 }, (_, i) =>
      entry(i / 7, { actor: `actor${i % 13}`, cause: `cause:${i % 101}` }),
    );
    expect(recorded(entries)).toBe(textHash(entries));
    expect(recorded([])).toBe(textHash([]));
  });

  it('is the hash of the trace a run keeps, and recording ends at the first digest', () => {
    const result = simulate(referenceModel('acm-2015'), { seed: 3, keepTrace: true });
    expect(result.traceHash).toBe(textHash(result.trace!));
    const recorder = new TraceRecorder(false);
    recorder.record(entry(1));
    const digest = recorder.finish();
    recorder.record(entry(2));
    expect(recorder.finish()).toBe(digest);
    expect(digest).toBe(textHash([entry(1)]));
  });
});
