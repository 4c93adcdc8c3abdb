/**
 * `npm run sim -- --scenario FILE --design NAME --seed N [--json] [--steps] [--script FILE]
 *  [--human ID,...]`: one run, as a timeline and decision latencies, or as one JSON object.
 *  Decision points owned by those named in --human (decisions, a Diet organisation such as
 *  jp.diet for its votes, adversary.move) are asked on the terminal; --script answers decision
 *  points from a file (a run's `answers`, replayed when they took effect, or a map of point id to
 *  answer). Without --design, the scenario's baseline design runs.
 */
import { createInterface } from 'node:readline';
import { loadDesign, loadScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { compileModel, type Model } from '../model/compile.js';
import { createSimulation } from '../engine/simulation.js';
import { AnswerError, type RecordedAnswer, type Script } from '../engine/deciders.js';
import { formatDecisions, formatOutcome, formatTime, formatTimeline } from '../report/timeline.js';
import { MAX_SEED, intOption, parseArgs, stringOption } from './args.js';
import { runCli, UsageError } from './run.js';

const USAGE = 'usage: npm run sim -- --scenario FILE --design NAME --seed N [--json] [--steps] [--script FILE] [--human ID,...]';

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
  const answers = Array.isArray((data as { answers?: unknown }).answers) ? (data as { answers: unknown[] }).answers : data;
  if (Array.isArray(answers)) {
    return answers.map((a, i): RecordedAnswer => {
      const { point, answer, time, after } = (a ?? {}) as { point?: unknown; answer?: unknown; time?: unknown; after?: unknown };
      if (typeof point !== 'string' || typeof answer !== 'string' || (after !== undefined && !(Number.isInteger(after) && (after as number) >= 0))) {
        throw new InputError([{ file, path: `answers[${i}]`, message: 'expected { point: string, answer: string, after?: whole number of events }' }]);
      }
      return { point, answer, time: typeof time === 'number' ? time : 0, ...(after !== undefined ? { after: after as number } : {}) };
    });
  }
  return new Map(
    Object.entries(answers as Record<string, unknown>).map(([point, answer]) => {
      if (typeof answer !== 'string') throw new InputError([{ file, path: point, message: 'expected an answer string' }]);
      return [point, answer];
    }),
  );
}

/** Who may be named in --human: decisions, the Diet organisations that vote on them, and the adversary's moves. */
function owners(model: Model): string[] {
  const diets = model.decisions.flatMap((d) => (d.diet ? [d.diet.org] : []));
  return [...new Set(['adversary.move', ...model.decisionsById.keys(), ...diets])];
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { scenario: 'value', design: 'value', seed: 'value', json: 'flag', steps: 'flag', script: 'value', human: 'value' });
  const scenarioFile = stringOption(args, 'scenario');
  if (!scenarioFile) throw new UsageError(`--scenario is required\n${USAGE}`);
  const loaded = loadScenario(scenarioFile);
  const designSpec = stringOption(args, 'design', loaded.scenario.report?.baseline);
  if (!designSpec) throw new UsageError(`--design is required (the scenario names no baseline design)\n${USAGE}`);
  if (designSpec === 'all' || designSpec.includes(',')) throw new UsageError('--design takes one design; use npm run compare for several');
  const seed = intOption(args, 'seed', 42, { min: 0, max: MAX_SEED });
  const designFile = resolveDesignFiles(scenarioFile, designSpec)[0]!;
  const design = loadDesign(designFile, loaded.scenario);
  const model = compileModel(loaded.scenario, design.design);
  const scriptFile = stringOption(args, 'script');
  const people = new Set((stringOption(args, 'human') ?? '').split(',').filter(Boolean));
  const known = owners(model);
  for (const p of people) if (!known.includes(p)) throw new UsageError(`--human: unknown decision "${p}" (known: ${known.join(', ')})`);
  const sim = createSimulation(model, { seed, keepTrace: true, people, ...(scriptFile ? { script: readScript(scriptFile) } : {}) });
  const terminal = people.size > 0 ? lineReader() : null;
  try {
    for (let status = sim.run(); status.status === 'waiting'; status = sim.run()) {
      for (const point of status.points) {
        let answer: string | undefined = '';
        while (!point.options.includes(answer)) {
          answer = (await terminal!.next(`${formatTime(point.time)} ${point.id}: ${point.options.join(' / ')}? `))?.trim();
          if (answer === undefined) throw new UsageError(`input ended before ${point.id} was answered (expected one of: ${point.options.join(', ')})`);
        }
        sim.answer(point.id, answer);
      }
    }
  } catch (error) {
    if (error instanceof AnswerError && scriptFile) throw new InputError([{ file: scriptFile, path: error.point, message: error.message }]);
    throw error;
  } finally {
    terminal?.close();
  }
  const result = sim.result();
  if (args.options.has('json')) {
    const { trace: _trace, ...rest } = result;
    console.log(JSON.stringify({ scenario: { file: loaded.file, hash: loaded.hash }, designFile: design.file, designHash: design.hash, ...rest }, null, 2));
    return;
  }
  console.log(`${loaded.scenario.title}`);
  console.log(`design ${design.design.id} — ${design.design.label}; seed ${seed}\n`);
  for (const line of formatTimeline(result.trace!, { steps: args.options.has('steps') })) console.log(line);
  console.log('');
  for (const line of formatDecisions(result.decisions)) console.log(line);
  console.log(`\n${formatOutcome(result.outcome)}`);
  console.log(`trace ${result.traceHash} (${result.events} entries)`);
});
