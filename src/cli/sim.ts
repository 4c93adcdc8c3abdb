/**
 * `rungs sim --scenario FILE --seed N [--design NAME] [options]`: one run, as a timeline and
 * decision latencies, or as one JSON object. See HELP.
 */
import { createInterface } from 'node:readline';
import { loadDesign, loadScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { InputError } from '../scenario/errors.js';
import { compileModel, type Model } from '../model/compile.js';
import { createSimulation, type RunResult, type Simulation } from '../engine/simulation.js';
import { AnswerError, type RecordedAnswer, type Script } from '../engine/deciders.js';
import {
  formatDecisions,
  formatOutcome,
  formatTime,
  formatTimeline,
  timelineOptionsOf,
} from '../report/timeline.js';
import { MAX_SEED } from '../batch/seeds.js';
import {
  commandArgs,
  type ParsedArgs,
  intOption,
  noPositional,
  optionLabel,
  requiredOption,
  stringOption,
} from './args.js';
import { designOption, resolveDesigns, singleDesign } from './designs.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { runCli, UsageError } from './run.js';
import { didYouMean } from './suggest.js';

const HELP = `usage: rungs sim --scenario FILE --seed N [--design NAME] [options]
       (npm run sim -- … is the same)

One run of a scenario under one design: its timeline (when, who, what; rungs with their labels,
legal states in words, and why the run stopped), the decisions' times and latencies, and the outcome.

  --scenario FILE     the scenario (required)
  --seed N            the run's seed, an integer from 0 to ${MAX_SEED} (required)
  --design NAME       the design: a name from the c2/ folder beside the scenario, or a file
                      (default: the scenario's baseline design, report.baseline; said on stderr)
  --json              print the run as one JSON object instead
  --out FILE          write that JSON object to FILE (atomically) instead of printing it
  --steps             show every staff step in the timeline
  --script FILE       answer decision points from a file: a run's JSON (its answers), or a map
                      of point id to answer
  --human ID,...      ask these decision points on the terminal: decision ids, a Diet
                      organisation (jp.diet) for its votes, adversary.move

exit codes: 0 done, 2 bad arguments or input`;

const OPTIONS = {
  scenario: 'value',
  design: 'value',
  seed: 'value',
  json: 'flag',
  out: 'value',
  steps: 'flag',
  script: 'value',
  human: 'value',
} as const;

/** Lines from standard input, queued so that piped answers are never dropped between questions. */
function lineReader(): { next(prompt: string): Promise<string | undefined>; close(): void } {
  const rl = createInterface({ input: process.stdin });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let ended = false;
  rl.on('line', (line) => (waiting.length > 0 ? waiting.shift()!(line) : lines.push(line)));
  rl.on('close', () => {
    ended = true;
    for (const w of waiting.splice(0)) w(undefined);
  });
  return {
    next(prompt) {
      process.stderr.write(prompt);
      if (lines.length > 0) return Promise.resolve(lines.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
}

/** Reads a script: a map { point: answer }, or a run's recorded answers [{ point, answer, after? }]. */
function readScript(file: string): Script {
  const data = parseYaml(readInputFile(file), file) as unknown;
  const answers = Array.isArray((data as { answers?: unknown }).answers)
    ? (data as { answers: unknown[] }).answers
    : data;
  if (Array.isArray(answers)) {
    return answers.map((a, i): RecordedAnswer => {
      const { point, answer, time, after } = (a ?? {}) as {
        point?: unknown;
        answer?: unknown;
        time?: unknown;
        after?: unknown;
      };
      if (
        typeof point !== 'string' ||
        typeof answer !== 'string' ||
        (after !== undefined && !(Number.isInteger(after) && (after as number) >= 0))
      ) {
        throw new InputError([
          {
            file,
            path: `answers[${i}]`,
            message: 'expected { point: string, answer: string, after?: whole number of events }',
          },
        ]);
      }
      return {
        point,
        answer,
        time: typeof time === 'number' ? time : 0,
        ...(after !== undefined ? { after: after as number } : {}),
      };
    });
  }
  return new Map(
    Object.entries(answers as Record<string, unknown>).map(([point, answer]) => {
      if (typeof answer !== 'string')
        throw new InputError([{ file, path: point, message: 'expected an answer string' }]);
      return [point, answer];
    }),
  );
}

/** Who may be named in --human: decisions, the Diet organisations that vote on them, and the adversary's moves. */
function owners(model: Model): string[] {
  const diets = model.decisions.flatMap((d) => (d.diet ? [d.diet.org] : []));
  return [...new Set(['adversary.move', ...model.decisionsById.keys(), ...diets])];
}

/** The scenario, design and compiled model `--scenario` and `--design` name (the baseline when no design is given). */
function modelOf(args: ParsedArgs) {
  const scenarioFile = requiredOption(
    args,
    'scenario',
    '--scenario scenarios/senkaku-gray-zone.yaml',
  );
  const given = designOption(args);
  if (given !== undefined) singleDesign(args, given, 'rungs compare runs several');
  outputFile(args);
  const loaded = loadScenario(scenarioFile);
  const designSpec = given ?? loaded.scenario.report?.baseline;
  if (designSpec === undefined)
    throw new UsageError(
      'is required: the scenario names no baseline design (report.baseline)',
      optionLabel(args, 'design'),
    );
  if (given === undefined)
    process.stderr.write(
      `note: no --design given; running the scenario's baseline design ${designSpec} (report.baseline)\n`,
    );
  const design = loadDesign(resolveDesigns(scenarioFile, designSpec)[0]!, loaded.scenario);
  return { loaded, design, model: compileModel(loaded.scenario, design.design) };
}

/** The decision points `--human` names, each checked against the model's. */
function humanPoints(args: ParsedArgs, model: Model): Set<string> {
  const people = new Set((stringOption(args, 'human') ?? '').split(',').filter(Boolean));
  const known = owners(model);
  for (const p of people)
    if (!known.includes(p))
      throw new UsageError(
        `unknown decision "${p}" (known: ${known.join(', ')})${didYouMean(p, known)}`,
        '--human',
      );
  return people;
}

/** Runs `sim` to its end, asking each point a person owns on the terminal. */
async function runAsking(sim: Simulation, terminal: ReturnType<typeof lineReader> | null) {
  for (let status = sim.run(); status.status === 'waiting'; status = sim.run()) {
    for (const point of status.points) {
      let answer: string | undefined = '';
      while (!point.options.includes(answer)) {
        answer = (
          await terminal!.next(
            `${formatTime(point.time)} ${point.id}: ${point.options.join(' / ')}? `,
          )
        )?.trim();
        if (answer === undefined)
          throw new UsageError(
            `input ended before ${point.id} was answered (expected one of: ${point.options.join(', ')})`,
          );
      }
      sim.answer(point.id, answer);
    }
  }
}

/** Prints the run's timeline, decisions and outcome. */
function printRun(
  args: ParsedArgs,
  run: ReturnType<typeof modelOf>,
  seed: number,
  result: RunResult,
) {
  const { loaded, design, model } = run;
  console.log(`${loaded.scenario.title}`);
  console.log(`design ${design.design.id} — ${design.design.label}; seed ${seed}\n`);
  for (const line of formatTimeline(result.trace!, {
    ...timelineOptionsOf(model),
    steps: args.options.has('steps'),
  }))
    console.log(line);
  console.log('');
  for (const line of formatDecisions(result.decisions)) console.log(line);
  console.log(`\n${formatOutcome(result.outcome)}`);
  console.log(`trace ${result.traceHash} (${result.events} entries)`);
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  noPositional(args, 'options are written --name value');
  requiredOption(args, 'scenario', '--scenario scenarios/senkaku-gray-zone.yaml');
  requiredOption(args, 'seed', '--seed 42');
  const seed = intOption(args, 'seed', 0, { min: 0, max: MAX_SEED });
  const run = modelOf(args);
  const scriptFile = stringOption(args, 'script');
  const people = humanPoints(args, run.model);
  const sim = createSimulation(run.model, {
    seed,
    // only the timeline needs the trace's entries (a run keeps at most RUN_RETENTION.keptEntries)
    keepTrace: !args.options.has('json'),
    people,
    ...(scriptFile ? { script: readScript(scriptFile) } : {}),
  });
  const terminal = people.size > 0 ? lineReader() : null;
  try {
    await runAsking(sim, terminal);
  } catch (error) {
    if (error instanceof AnswerError && scriptFile)
      throw new InputError([{ file: scriptFile, path: error.point, message: error.message }]);
    throw error;
  } finally {
    terminal?.close();
  }
  const result = sim.result();
  if (wantsJson(args)) {
    const { trace: _trace, ...rest } = result;
    const { loaded, design } = run;
    const json = {
      scenario: { file: loaded.file, hash: loaded.hash },
      designFile: design.file,
      designHash: design.hash,
      ...rest,
    };
    if (!emitJson(args, JSON.stringify(json, null, 2))) return 0;
  }
  printRun(args, run, seed, result);
  return 0;
});
