/**
 * The speed of a study against the engine's, in one process: rounds that each time, in turn, the
 * engine running fixed models on new seeds, a study's evaluator (what each worker of a study does:
 * `analysis/studyTask.ts`) on the next points of a Morris sample, and the same points with their
 * models compiled afresh (as every point was before points of one structure shared models), each
 * round the same number of runs; rates as medians of the rounds after a warm-up round.
 */
import { assumptionSpace, modelsAt } from '../src/assumptions/space.js';
import { variedSpace } from '../src/analysis/assumptionPoint.js';
import { morrisSample, toParameterMatrix } from '../src/analysis/sensitivity/index.js';
import { evaluatorFor, type StudySetup } from '../src/analysis/studyTask.js';
import { outputVector, pairedOutputs, seedRuns } from '../src/analysis/pairedOutcome.js';
import { simulate } from '../src/engine/simulation.js';
import { quantile } from '../src/stats/quantile.js';

/** The designs of the issue's study: the baseline and the standing mechanism of 2015. */
const DESIGNS = ['parallel', 'acm-2015'] as const;
/** Runs per round of each measure (rounded up to whole points). */
const RUNS_PER_ROUND = 500;
/** Measured rounds, after one to warm up (which builds the study's structure). */
export const STUDY_ROUNDS = 5;
/** Seeds per point measured. */
export const SEEDS_PER_POINT = [10, 50] as const;

function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Runs per second of `work`, which makes `runs` runs. */
function rate(runs: number, work: () => void): number {
  const started = performance.now();
  work();
  return (runs * 1000) / (performance.now() - started);
}

/** The study's space, Morris points over every registered assumption, and its three measures. */
function studyBench(scenarioFile: string) {
  const space = assumptionSpace(scenarioFile, DESIGNS.join(','));
  const { parameters, base, pointAt } = variedSpace(space, new Map());
  const unit = morrisSample({ parameters, trajectories: 2, seed: 1 }).unit;
  const sample = toParameterMatrix(parameters, unit);
  const k = parameters.length;
  const point = (i: number) => pointAt(sample.data.subarray(i * k, (i + 1) * k));
  const models = modelsAt(space, base);
  const decisions = models[0]!.scenario.report?.keyDecisions ?? [];
  const setup: StudySetup = { scenarioFile, designs: DESIGNS, decisions };
  const order = DESIGNS.map((id) => space.designs.findIndex((d) => d.id === id));
  const afresh = (values: ReadonlyMap<string, number>, seeds: readonly number[]) => {
    const at = modelsAt(space, values);
    const pair = order.map((i) => at[i]!);
    return outputVector(pairedOutputs(seedRuns(pair, seeds), pair[0]!, decisions));
  };
  return { space, setup, models, point, points: sample.rows, parameters: k, afresh };
}

/** Each measure's runs per second in every measured round, for `n` seeds per point. */
function roundsAt(bench: ReturnType<typeof studyBench>, n: number, stepDone: () => void) {
  const perRound = Math.ceil(RUNS_PER_ROUND / (DESIGNS.length * n));
  const runs = perRound * DESIGNS.length * n;
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  const evaluate = evaluatorFor(bench.setup, bench.space);
  const rates = { engine: [] as number[], study: [] as number[], afresh: [] as number[] };
  let differ = 0;
  for (let round = 0; round <= STUDY_ROUNDS; round++) {
    const first = round * perRound;
    const engineSeeds = perRound * n;
    const engine = rate(runs, () => {
      for (const m of bench.models)
        for (let s = 1; s <= engineSeeds; s++) simulate(m, { seed: 1_000_000 * n + first * n + s });
    });
    const outputs: number[][] = [];
    const study = rate(runs, () => {
      for (let i = first; i < first + perRound; i++) outputs.push(evaluate(bench.point(i), seeds));
    });
    const again: number[][] = [];
    const afresh = rate(runs, () => {
      for (let i = first; i < first + perRound; i++)
        again.push(bench.afresh(bench.point(i), seeds));
    });
    if (JSON.stringify(outputs) !== JSON.stringify(again)) differ++;
    if (round > 0) {
      rates.engine.push(engine);
      rates.study.push(study);
      rates.afresh.push(afresh);
    }
    stepDone();
  }
  return { perRound, rates, differ };
}

/**
 * The study section of the benchmark: for each number of seeds per point, the engine's rate, the
 * study's and the study's with models compiled afresh at every point, and their ratios.
 */
export function studySection(
  scenarioFile: string,
  stepDone: () => void,
  say: (line: string) => void,
): void {
  const bench = studyBench(scenarioFile);
  say(
    `## A study's speed (${DESIGNS.join(' vs ')}, Morris points over all ${bench.parameters} registered assumptions; ${RUNS_PER_ROUND}+ runs a round of each, median of ${STUDY_ROUNDS} interleaved rounds after one to warm up, one process)\n`,
  );
  say(
    '| seeds per point | engine, fixed models (runs/s) | study (runs/s) | study / engine | models compiled afresh per point (runs/s) | afresh / engine |',
  );
  say('|---|---|---|---|---|---|');
  const differing: string[] = [];
  for (const n of SEEDS_PER_POINT) {
    const { perRound, rates, differ } = roundsAt(bench, n, stepDone);
    const engine = median(rates.engine);
    const study = median(rates.study);
    const afresh = median(rates.afresh);
    say(
      `| ${n} (${perRound} points a round) | ${engine.toFixed(0)} | ${study.toFixed(0)} | ${(study / engine).toFixed(2)} | ${afresh.toFixed(0)} | ${(afresh / engine).toFixed(2)} |`,
    );
    if (differ > 0) differing.push(`${differ} rounds at ${n} seeds`);
  }
  say(
    `\nOutputs of the study and of models compiled afresh identical: ${differing.length === 0 ? 'yes' : `NO (${differing.join(', ')})`}\n`,
  );
}
