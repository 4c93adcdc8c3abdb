/**
 * The library example (docs/library.md) runs as written, an ES module under plain Node importing the
 * package by its name (inside the repository `rungs` is this package, compiled in dist/), and
 * prints what the engine computes when asked directly. The package test runs the same text in
 * a project that installed the packed package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createSimulation, simulate } from '../src/engine/simulation.js';
import { libraryExample, referenceModel } from './helpers.js';

it("library example (docs/library.md) runs and prints the engine's own results", () => {
  // inside the repository, so that `from 'rungs'` resolves to this package
  const dir = mkdtempSync(join('test', '.readme-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), libraryExample());
    const run = spawnSync(process.execPath, [join(dir, 'example.mjs')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const expected = ['parallel', 'acm-2015'].map((design) => {
      const r = simulate(referenceModel(design), { seed: 3 });
      const latency = r.decisions.find((d) => d.id === 'us.fdo')!.latencyFromEvent;
      return `${design}: us.fdo ${latency === undefined ? 'not decided' : `${(latency / 60).toFixed(1)} h after the event`}; trace ${r.traceHash.slice(0, 12)}`;
    });
    const sim = createSimulation(referenceModel('acm-2015'), {
      seed: 3,
      people: new Set(['jp.mso']),
    });
    let asked = 0;
    for (let s = sim.run(); s.status === 'waiting'; s = sim.run()) {
      sim.answer(s.point.id, 'approve');
      asked++;
    }
    expect(asked).toBeGreaterThan(0);
    expected.push(
      `a person answered ${asked} points; trace ${sim.result().traceHash.slice(0, 12)}`,
    );
    expect(run.stdout.trim().split('\n')).toEqual(expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
