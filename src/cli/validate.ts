/**
 * `rungs validate FILE... [--scenario FILE]`: checks scenario and design files. Designs are checked against
 * the scenarios given (or --scenario). Each bad file gets its file, path and expectation; exit 2.
 */
import { InputError, formatIssue, type InputIssue } from '../scenario/errors.js';
import {
  looksLikeDesign,
  parseDesign,
  parseScenario,
  parseYaml,
  readInputFile,
  loadScenario,
  type LoadedScenario,
} from '../scenario/load.js';
import { commandArgs, stringOption } from './args.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: rungs validate FILE... [--scenario FILE]
       (npm run validate -- … is the same)

Checks scenario and design files. Designs are checked against the scenarios given (or --scenario).
Each problem names the file, the path inside it and what was expected.

  --scenario FILE   a scenario to check the designs against

exit codes: 0 every file is valid, 2 a file has problems (or bad arguments)`;

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
    for (const s of scenarios) {
      const d = attempt(() => parseDesign(data, file, s.scenario, { checkAlternatives: true }));
      if (d)
        console.log(
          `ok  ${file} (design ${d.design.id} on ${s.scenario.id}, ${d.hash.slice(0, 12)})`,
        );
    }
  }
  if (problems.length === 0) return 0;
  for (const issue of problems) process.stderr.write(`error: ${formatIssue(issue)}\n`);
  const bad = new Set(problems.map((p) => p.file)).size;
  process.stderr.write(`${bad} file${bad > 1 ? 's' : ''} with problems\n`);
  return 2;
});
