/**
 * `npm run sim -- --scenario FILE --design NAME --seed N [--json] [--steps] [--script FILE]
 *  [--human ID,...]`: one run, as a timeline and decision latencies, or as one JSON object.
 *  Decisions named in --human are asked on the terminal; --script answers decision points from
 *  a file (a run's `answers` array or a map of point id to answer).
 */
import { createInterface } from 'node:readline';
import { loadDesign, loadScenario, parseYaml, readInputFile } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { compileModel } from '../model/compile.js';
import { createSimulation } from '../engine/simulation.js';
import { formatDecisions, formatOutcome, formatTime, formatTimeline } from '../report/timeline.js';
import { intOption, parseArgs, stringOption } from './args.js';
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

/** Reads a script: a map { point: answer } or a run's answers [{ point, answer }]. */
function readScript(file: string): Map<string, string> {
  const data = parseYaml(readInputFile(file), file) as unknown;
  const answers = Array.isArray((data as { answers?: unknown }).answers) ? (data as { answers: unknown[] }).answers : data;
  const entries: Array<[string, string]> = Array.isArray(answers)
    ? answers.map((a, i) => {
        const { point, answer } = (a ?? {}) as { point?: unknown; answer?: unknown };
        if (typeof point !== 'string' || typeof answer !== 'string') throw new InputError([{ file, path: `answers[${i}]`, message: 'expected { point: string, answer: string }' }]);
        return [point, answer];
      })
    : Object.entries(answers as Record<string, unknown>).map(([point, answer]) => {
        if (typeof answer !== 'string') throw new InputError([{ file, path: point, message: 'expected an answer string' }]);
        return [point, answer];
      });
  return new Map(entries);
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { scenario: 'value', design: 'value', seed: 'value', json: 'flag', steps: 'flag', script: 'value', human: 'value' });
  const scenarioFile = stringOption(args, 'scenario');
  const designSpec = stringOption(args, 'design', 'parallel')!;
  if (!scenarioFile) throw new UsageError(`--scenario is required\n${USAGE}`);
  if (designSpec === 'all' || designSpec.includes(',')) throw new UsageError('--design takes one design; use npm run compare for several');
  const seed = intOption(args, 'seed', 42);
  const loaded = loadScenario(scenarioFile);
  const designFile = resolveDesignFiles(scenarioFile, designSpec)[0]!;
  const design = loadDesign(designFile, loaded.scenario);
  const model = compileModel(loaded.scenario, design.design);
  const scriptFile = stringOption(args, 'script');
  const people = new Set((stringOption(args, 'human') ?? '').split(',').filter(Boolean));
  for (const p of people) {
    if (p !== 'adversary.move' && !model.decisionsById.has(p)) throw new UsageError(`--human: unknown decision "${p}" (known: adversary.move, ${[...model.decisionsById.keys()].join(', ')})`);
  }
  const sim = createSimulation(model, { seed, keepTrace: true, people, ...(scriptFile ? { script: readScript(scriptFile) } : {}) });
  const terminal = people.size > 0 ? lineReader() : null;
  try {
    for (let status = sim.run(); status.status === 'waiting'; status = sim.run()) {
      const point = status.point;
      let answer: string | undefined = '';
      while (!point.options.includes(answer)) {
        answer = (await terminal!.next(`${formatTime(point.time)} ${point.id}: ${point.options.join(' / ')}? `))?.trim();
        if (answer === undefined) throw new UsageError(`input ended before ${point.id} was answered (expected one of: ${point.options.join(', ')})`);
      }
      sim.answer(point.id, answer);
    }
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
