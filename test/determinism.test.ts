import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulation.js';
import { referenceModel, seeds } from './helpers.js';

function hashesInChild(design: string, from: number, to: number): Map<number, string> {
  const out = execFileSync(
    process.execPath,
    ['test/fixtures/hashes.mjs', design, String(from), String(to)],
    { encoding: 'utf8' },
  );
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => [Number(line.split(' ')[0]), line.split(' ')[1]!]),
  );
}

describe('determinism', () => {
  it('gives identical trace hashes for 1,000 seeds in separate processes', () => {
    const model = referenceModel('parallel');
    const here = new Map(seeds(1000).map((s) => [s, simulate(model, { seed: s }).traceHash]));
    const first = hashesInChild('parallel', 1, 500);
    const second = hashesInChild('parallel', 501, 1000);
    expect(first.size + second.size).toBe(1000);
    for (const [seed, hash] of [...first, ...second])
      expect(hash, `seed ${seed}`).toBe(here.get(seed));
    // other seeds give other runs
    expect(new Set(here.values()).size).toBeGreaterThan(990);
  }, 60_000);

  it('does not depend on what ran before in the same process', () => {
    const model = referenceModel('parallel');
    const a = simulate(model, { seed: 7 }).traceHash;
    for (const s of seeds(20, 100)) simulate(model, { seed: s });
    expect(simulate(model, { seed: 7 }).traceHash).toBe(a);
  });

  it('hashes the same trace whether or not the entries are kept', () => {
    const model = referenceModel('parallel');
    const kept = simulate(model, { seed: 3, keepTrace: true });
    expect(simulate(model, { seed: 3 }).traceHash).toBe(kept.traceHash);
    expect(kept.trace!.length).toBe(kept.events);
  });
});
