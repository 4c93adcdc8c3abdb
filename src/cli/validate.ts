/**
 * `rungs validate FILE... [--scenario FILE]`: checks scenario and design files. Designs are checked against
 * the scenarios given (or --scenario); a design that extends another is shown with what it changes
 * relative to it, under the differences it states. Each bad file gets its file, path and
 * expectation; exit 2.
 */
import { InputError, formatIssue, type InputIssue } from '../scenario/errors.js';
import {
  looksLikeDesign,
  parseDesign,
  parseScenario,
  parseYaml,
  readInputFile,
  loadScenario,
  type LoadedDesign,
  type LoadedScenario,
} from '../scenario/load.js';
import { designDirectory } from '../scenario/catalog.js';
import { designDifferences } from './designDifferences.js';
import { commandArgs, stringOption } from './args.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: rungs validate FILE... [--scenario FILE]
       (npm run validate -- … is the same)

Checks scenario and design files. Designs are checked against the scenarios given (or --scenario);
a design that extends another (a bare id is looked for beside it, then in the scenario's c2/) is
shown with every path it changes relative to it, under the differences it states, and a change no
stated difference covers, or a stated path that changes nothing, is a problem.
Each problem names the file, the path inside it and what was expected.

  --scenario FILE   a scenario to check the designs against

exit codes: 0 every file is valid, 2 a file has problems (or bad arguments)`;

/** The design a design extends, validated against the same scenario. */
function loadParent(d: LoadedDesign, s: LoadedScenario, catalog: string): LoadedDesign {
  const file = d.parent!.file;
  return parseDesign(parseYaml(readInputFile(file), file), file, s.scenario, { catalog });
}

runCli(() => {
  const args = commandArgs(process.argv.slice(2), { scenario: 'value' }, HELP);
  if (!args) return 0;
  if (args.positional.length === 0)
    throw new UsageError('usage: rungs validate FILE... [--scenario FILE] (see --help)');
  const problems: InputIssue[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.issues);
      return undefined;
    }
  };
  const files = args.positional.map((file) => ({
    file,
    data: attempt(() => parseYaml(readInputFile(file), file)),
  }));
  const scenarios: LoadedScenario[] = [];
  const extra = stringOption(args, 'scenario');
  if (extra) {
    const s = attempt(() => loadScenario(extra));
    if (s) scenarios.push(s);
  }
  for (const { file, data } of files) {
    if (data === undefined || looksLikeDesign(data)) continue;
    const s = attempt(() => parseScenario(data, file, { checkAlternatives: true }));
    if (s) {
      scenarios.push(s);
      const bases = s.files.length > 1 ? `, extends ${s.files.slice(1).join(' < ')}` : '';
      console.log(`ok  ${file} (scenario ${s.scenario.id}${bases}, ${s.hash.slice(0, 12)})`);
    }
  }
  for (const { file, data } of files) {
    if (data === undefined || !looksLikeDesign(data)) continue;
    if (scenarios.length === 0) {
      problems.push({
        file,
        path: '',
        message:
          'a design is checked against a scenario: pass a valid scenario file too, or --scenario FILE',
      });
      continue;
    }
    let shown = false;
    for (const s of scenarios) {
      const catalog = designDirectory(s.file);
      const d = attempt(() =>
        parseDesign(data, file, s.scenario, { checkAlternatives: true, catalog }),
      );
      if (!d) continue;
      const parent = d.parent && attempt(() => loadParent(d, s, catalog));
      const extended = d.parent ? `, extends ${d.parent.id}` : '';
      console.log(
        `ok  ${file} (design ${d.design.id} on ${s.scenario.id}${extended}, ${d.hash.slice(0, 12)})`,
      );
      if (!parent || shown) continue;
      // what a design changes relative to its parent does not depend on the scenario: shown once
      shown = true;
      const { lines, issues } = designDifferences(d, parent);
      for (const text of lines) console.log(text);
      problems.push(...issues);
    }
  }
  if (problems.length === 0) return 0;
  for (const issue of problems) process.stderr.write(`error: ${formatIssue(issue)}\n`);
  const bad = new Set(problems.map((p) => p.file)).size;
  process.stderr.write(`${bad} file${bad > 1 ? 's' : ''} with problems\n`);
  return 2;
});
