/**
 * The cost of a run (section 1 of `bench.ts`): in one process, the engine with its xstate machines
 * (reusing transitions across runs, and computing every one afresh) against the same engine with
 * the model as plain TypeScript reducers (identical traces, checked), as medians of rounds on new
 * seeds. `costChild.ts` runs it compiled.
 */
import { compileModel, type Model } from '../src/model/compile.js';
import { loadDesign, loadScenario } from '../src/scenario/load.js';
import { resolveDesignFiles } from '../src/scenario/catalog.js';
import { simulate } from '../src/engine/simulation.js';
import { xstateRuntimes } from '../src/engine/runtime.js';
import { quantile } from '../src/stats/quantile.js';
import { plainRuntimes } from './plainRuntime.js';

/** The benchmark's scenario: every section measures it with every bundled design. */
export const SCENARIO = 'scenarios/senkaku-gray-zone.yaml';

/** Every bundled design of {@link SCENARIO}, compiled. */
export function referenceModels(): Model[] {
  const { scenario } = loadScenario(SCENARIO);
  return resolveDesignFiles(SCENARIO, 'all').map((f) =>
    compileModel(scenario, loadDesign(f, scenario).design),
  );
}

/** Rounds of the cost of a run: one to warm up, then the five measured. */
export const COST_ROUNDS = 5;

/** Issue 25's target: a run of the engine costs at most this share of the plain reducers' run. */
const ENGINE_TARGET = 0.5;

function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The median, NaN for no values (a runtime not measured). */
function medianOf(values: number[]): number {
  return values.length === 0 ? NaN : median(values);
}

const RUNTIMES = {
  engine: { label: 'xstate machines (the engine: transitions reused across runs)', options: {} },
  fresh: {
    label: 'xstate machines, every transition computed afresh',
    options: { runtimes: (m: Model) => xstateRuntimes(m, { memo: false }) },
  },
  plain: { label: 'plain TypeScript reducers', options: { runtimes: plainRuntimes } },
} as const;

type RuntimeName = keyof typeof RUNTIMES;

/**
 * Median microseconds per run of each runtime over `rounds` rounds, each on seeds none has run
 * before (a batch runs every seed once, so reused transitions must be found, not remembered).
 */
function engineCost(
  models: readonly Model[],
  seeds: readonly number[],
  rounds: number,
  onRound: () => void,
  names: readonly RuntimeName[] = Object.keys(RUNTIMES) as RuntimeName[],
) {
  const time = (name: RuntimeName, round: number) => {
    const started = performance.now();
    let events = 0;
    const offset = round * seeds.length;
    for (const model of models)
      for (const seed of seeds)
        events += simulate(model, { seed: seed + offset, ...RUNTIMES[name].options }).events;
    return {
      us: ((performance.now() - started) * 1000) / (models.length * seeds.length),
      events: events / (models.length * seeds.length),
    };
  };
  for (const name of names) time(name, 0); // warm up
  onRound();
  const us: Record<RuntimeName, number[]> = { engine: [], fresh: [], plain: [] };
  let events = 0;
  for (let r = 1; r <= rounds; r++) {
    for (const name of names) {
      const t = time(name, r);
      us[name].push(t.us);
      events = t.events;
    }
    onRound();
  }
  return {
    us: { engine: medianOf(us.engine), fresh: medianOf(us.fresh), plain: medianOf(us.plain) },
    events,
  };
}

/** Checks the runtimes make the same traces, then measures a run's cost in each. */
export function costSection(
  models: readonly Model[],
  costSeeds: readonly number[],
  stepDone: () => void,
  say: (line: string) => void,
): void {
  let mismatches = 0;
  for (const model of models) {
    for (const seed of costSeeds.slice(0, 50)) {
      const hash = simulate(model, { seed }).traceHash;
      if (
        hash !== simulate(model, { seed, ...RUNTIMES.plain.options }).traceHash ||
        hash !== simulate(model, { seed, ...RUNTIMES.fresh.options }).traceHash
      )
        mismatches++;
    }
  }
  stepDone();
  const cost = engineCost(models, costSeeds, COST_ROUNDS, stepDone);
  say(
    `## Cost of a run (${models.length} designs × ${costSeeds.length} new seeds a round, median of ${COST_ROUNDS} rounds, one process, compiled by tsc)\n`,
  );
  say('| runtime | µs per run | runs/s | events/s |');
  say('|---|---|---|---|');
  for (const name of Object.keys(RUNTIMES) as RuntimeName[]) {
    const us = cost.us[name];
    say(
      `| ${RUNTIMES[name].label} | ${us.toFixed(0)} | ${(1e6 / us).toFixed(0)} | ${((cost.events * 1e6) / us).toFixed(0)} |`,
    );
  }
  const ratio = cost.us.engine / cost.us.plain;
  say(
    `\nengine / plain: ${ratio.toFixed(2)}× (target ≤ ${ENGINE_TARGET}×): ${ratio <= ENGINE_TARGET ? 'met' : 'not met'}`,
  );
  say(
    `without reuse / plain: ${(cost.us.fresh / cost.us.plain).toFixed(2)}× (traces identical: ${mismatches === 0 ? 'yes' : `NO, ${mismatches} differ`}; ${cost.events.toFixed(0)} trace entries a run)\n`,
  );
}
