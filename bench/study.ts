/**
 * The speed of a study against the engine's, in one process: rounds that each time, point by point
 * in turn, the engine running fixed models on new seeds, a study's evaluator (what each worker of a
 * study does: `analysis/studyTask.ts`) on the next point of a Morris sample, and the same point with
 * its models compiled afresh (as every point was before points of one structure shared models), as
 * many runs each; rates and ratios as medians of the rounds after a warm-up round.
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

/** Milliseconds `work` takes. */
function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
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

type Measure = 'engine' | 'study' | 'afresh';
const MEASURES: readonly Measure[] = ['engine', 'study', 'afresh'];

/**
 * Each measure's runs per second in every measured round, for `n` seeds per point, and the trace
 * entries per run of the engine's runs and of the study's seeds at the files' values. Each round
 * times the measures one after another, starting one later each round, so that a change of the
 * machine's load, or the garbage one measure leaves to the next, falls on each in turn.
 */
function roundsAt(bench: ReturnType<typeof studyBench>, n: number, stepDone: () => void) {
  const perRound = Math.ceil(RUNS_PER_ROUND / (DESIGNS.length * n));
  const runs = perRound * DESIGNS.length * n;
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  const evaluate = evaluatorFor(bench.setup, bench.space);
  const rates: Record<Measure, number[]> = { engine: [], study: [], afresh: [] };
  let differ = 0;
  let engineSeed = 1_000_000 * n;
  let engineEvents = 0;
  for (let round = 0; round <= STUDY_ROUNDS; round++) {
    const points = Array.from({ length: perRound }, (_, j) => bench.point(round * perRound + j));
    let outputs: number[][] = [];
    let again: number[][] = [];
    const work: Record<Measure, () => void> = {
      engine: () => {
        for (let s = 0; s < perRound * n; s++, engineSeed++)
          for (const m of bench.models) engineEvents += simulate(m, { seed: engineSeed }).events;
      },
      study: () => (outputs = points.map((p) => evaluate(p, seeds))),
      afresh: () => (again = points.map((p) => bench.afresh(p, seeds))),
    };
    for (let j = 0; j < MEASURES.length; j++) {
      const measure = MEASURES[(round + j) % MEASURES.length]!;
      const ms = timed(work[measure]);
      if (round > 0) rates[measure].push((runs * 1000) / ms);
    }
    differ += outputs.filter((o, i) => JSON.stringify(o) !== JSON.stringify(again[i])).length;
    stepDone();
  }
  let studyEvents = 0;
  for (const m of bench.models)
    for (const seed of seeds) studyEvents += simulate(m, { seed }).events;
  const entries = {
    engine: engineEvents / (runs * (STUDY_ROUNDS + 1)),
    study: studyEvents / (bench.models.length * n),
  };
  return { perRound, rates, differ, entries };
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
    `## A study's speed (${DESIGNS.join(' vs ')}, Morris points over all ${bench.parameters} registered assumptions; ${RUNS_PER_ROUND}+ runs a round of each measure, in turns; median of ${STUDY_ROUNDS} rounds after one to warm up, a share the median of the rounds' ratios; one process)\n`,
  );
  say(
    '| seeds per point | engine, fixed models, new seeds (runs/s) | study (runs/s) | study / engine | models compiled afresh per point (runs/s) | afresh / engine | trace entries per run: engine, study seeds |',
  );
  say('|---|---|---|---|---|---|---|');
  const differing: string[] = [];
  for (const n of SEEDS_PER_POINT) {
    const { perRound, rates, differ, entries } = roundsAt(bench, n, stepDone);
    const share = (measure: 'study' | 'afresh') =>
      median(rates[measure].map((r, round) => r / rates.engine[round]!)).toFixed(2);
    say(
      `| ${n} (${perRound} points a round) | ${median(rates.engine).toFixed(0)} | ${median(rates.study).toFixed(0)} | ${share('study')} | ${median(rates.afresh).toFixed(0)} | ${share('afresh')} | ${entries.engine.toFixed(0)}, ${entries.study.toFixed(0)} |`,
    );
    if (differ > 0) differing.push(`${differ} points at ${n} seeds`);
  }
  say(
    `\nA study's seeds are the same at every point; the engine's are new every run. Trace entries per run of the study's seeds are at the files' values. Outputs of the study and of models compiled afresh identical: ${differing.length === 0 ? 'yes' : `NO (${differing.join(', ')})`}\n`,
  );
}
