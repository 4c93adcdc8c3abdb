/**
 * `rungs assumptions [--scenario FILE] [--design all|a,b] [--structural] [--json] [--out FILE]`:
 * the assumption register, every number the scenario and its designs mark as an inference, with
 * its value, plausible range, where it is used and why, and every structural choice with its
 * default and alternatives (`--structural`: the choices alone, with each alternative's value and
 * the source). Each id is what `--set` takes.
 */
import { loadDesign, loadScenario } from '../scenario/load.js';
import {
  assumptionRegister,
  structuralChoices,
  type Assumption,
  type ChoiceAssumption,
} from '../scenario/register.js';
import { formatDuration } from '../report/timeline.js';
import { commandArgs, stringOption } from './args.js';
import { designOption, resolveDesigns } from './designs.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { runCli, UsageError } from './run.js';

const REFERENCE = 'scenarios/senkaku-gray-zone.yaml';

const HELP = `usage: rungs assumptions [--scenario FILE] [--design all|A,B,...] [--structural] [--json]
                         [--out FILE]
       (npm run assumptions -- … is the same)

The assumption register: every number the scenario and its designs mark as an inference, with its
value, plausible range, scale, whether \`calibrate --fit\` fits it to the historical record, where
it is used and the reason; and every structural choice (\`choices\`: which offices concur, which
body a category goes through, …) with its default and alternatives. Each id is what --set takes
(ID=VALUE for a number, ID=NAME with an alternative's name for a choice).

  --scenario FILE   the scenario (default ${REFERENCE})
  --design LIST     all (default), or names or files separated by commas (--designs works too)
  --structural      only the structural choices: id, default, each alternative's value, where it is
                    used, the reason and the source
  --json            print the register (or the choices) as JSON instead of a table
  --out FILE        write that JSON to FILE (atomically) instead of printing it`;

const shown = (a: Assumption, v: number) => {
  if (a.kind === 'choice') return a.alternatives[v]!.name;
  return a.unit === 'minutes' ? formatDuration(v) : String(v);
};
const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();
const usedByOf = (a: Assumption) =>
  a.paths.length > 1 ? `${a.paths.length} places: ${a.paths.join(', ')}` : a.usedBy;

/** A choice as `--structural --json` gives it: the default by name, each alternative's value. */
function choiceJson(c: ChoiceAssumption) {
  const { id, paths, usedBy, reason, source, alternatives } = c;
  return {
    id,
    default: c.alternatives[c.value]!.name,
    alternatives,
    paths,
    usedBy,
    reason,
    source,
  };
}

/** An alternative's value for a table: its JSON, or that the key is absent. */
const alternativeText = (value: unknown) =>
  value === null ? '(absent)' : `\`${JSON.stringify(value)}\``;

/** The register as a Markdown table. */
function printRegister(title: string, register: readonly Assumption[]): void {
  console.log(`# Assumption register: ${title} (${register.length} assumptions)\n`);
  console.log(
    'Each id is what `--set ID=VALUE` takes; durations are shown as durations and set in minutes or as "2h". A structural choice shows its default and its alternatives, and takes `--set ID=NAME`.\n',
  );
  console.log(
    '| id | value | plausible range | scale | fitted to history | used by | reason |\n|---|---|---|---|---|---|---|',
  );
  for (const a of register) {
    const range =
      a.kind === 'choice'
        ? a.alternatives.map((x) => x.name).join(' / ')
        : `${shown(a, a.low)} – ${shown(a, a.high)}`;
    console.log(
      `| \`${cell(a.id)}\` | ${shown(a, a.value)} | ${range} | ${a.kind === 'choice' ? 'choice' : a.scale} | ${a.calibratable ? 'yes (calibrate --fit)' : ''} | ${cell(usedByOf(a))} | ${cell(a.reason)} |`,
    );
  }
}

/** The structural choices as a Markdown table. */
function printChoices(title: string, choices: readonly ChoiceAssumption[]): void {
  console.log(`# Structural choices: ${title} (${choices.length} choices)\n`);
  console.log(
    'Each id is what `--set ID=NAME` takes, NAME one of its alternatives; the studies vary each choice over its alternatives, each equally likely.\n',
  );
  console.log(
    '| id | default | alternatives | used by | reason | source |\n|---|---|---|---|---|---|',
  );
  for (const c of choices) {
    const alternatives = c.alternatives
      .map((x) => `${x.name}: ${alternativeText(x.value)}`)
      .join('; ');
    console.log(
      `| \`${cell(c.id)}\` | ${shown(c, c.value)} | ${cell(alternatives)} | ${cell(usedByOf(c))} | ${cell(c.reason)} | ${cell(c.source)} |`,
    );
  }
}

runCli(() => {
  const args = commandArgs(
    process.argv.slice(2),
    { scenario: 'value', design: 'value', structural: 'flag', json: 'flag', out: 'value' },
    HELP,
  );
  if (!args) return 0;
  if (args.positional.length > 0)
    throw new UsageError(
      `unexpected argument ${args.positional[0]} (give the scenario with --scenario)`,
    );
  outputFile(args);
  const file = stringOption(args, 'scenario', REFERENCE)!;
  const { scenario } = loadScenario(file);
  const designs = resolveDesigns(file, designOption(args, 'all')!).map((f) => {
    const { design } = loadDesign(f, scenario);
    return { id: design.id, data: design };
  });
  const register = assumptionRegister(scenario, designs);
  const structural = args.options.has('structural');
  const chosen = structural
    ? { choices: structuralChoices(register).map(choiceJson) }
    : { assumptions: register };
  const json = { scenario: scenario.id, designs: designs.map((d) => d.id), ...chosen };
  if (wantsJson(args) && !emitJson(args, JSON.stringify(json, null, 2))) return 0;
  const title = `${scenario.id} and ${designs.length} design${designs.length === 1 ? '' : 's'}`;
  if (structural) printChoices(title, structuralChoices(register));
  else printRegister(title, register);
  return 0;
});
