/**
 * `rungs assumptions [--scenario FILE] [--design all|a,b] [--json] [--out FILE]`: the assumption
 * register, every number the scenario and its designs mark as an inference, with its value,
 * plausible range, where it is used and why. Each id is what `--set` takes.
 */
import { loadDesign, loadScenario } from '../scenario/load.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { formatDuration } from '../report/timeline.js';
import { commandArgs, stringOption } from './args.js';
import { designOption, resolveDesigns } from './designs.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { runCli, UsageError } from './run.js';

const REFERENCE = 'scenarios/senkaku-gray-zone.yaml';

const HELP = `usage: rungs assumptions [--scenario FILE] [--design all|A,B,...] [--json] [--out FILE]
       (npm run assumptions -- … is the same)

The assumption register: every number the scenario and its designs mark as an inference, with its
value, plausible range, scale, whether \`calibrate --fit\` fits it to the historical record, where
it is used and the reason. Each id is what --set takes.

  --scenario FILE   the scenario (default ${REFERENCE})
  --design LIST     all (default), or names or files separated by commas (--designs works too)
  --json            print the register as JSON instead of a table
  --out FILE        write that JSON to FILE (atomically) instead of printing it`;

const shown = (a: Assumption, v: number) => (a.unit === 'minutes' ? formatDuration(v) : String(v));
const cell = (text: string) => text.replaceAll('|', '\\|');

runCli(() => {
  const args = commandArgs(
    process.argv.slice(2),
    { scenario: 'value', design: 'value', json: 'flag', out: 'value' },
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
  if (
    wantsJson(args) &&
    !emitJson(
      args,
      JSON.stringify(
        { scenario: scenario.id, designs: designs.map((d) => d.id), assumptions: register },
        null,
        2,
      ),
    )
  )
    return 0;
  console.log(
    `# Assumption register: ${scenario.id} and ${designs.length} design${designs.length === 1 ? '' : 's'} (${register.length} assumptions)\n`,
  );
  console.log(
    'Each id is what `--set ID=VALUE` takes; durations are shown as durations and set in minutes or as "2h".\n',
  );
  console.log(
    '| id | value | plausible range | scale | fitted to history | used by | reason |\n|---|---|---|---|---|---|---|',
  );
  for (const a of register) {
    const usedBy =
      a.paths.length > 1 ? `${a.paths.length} places: ${a.paths.join(', ')}` : a.usedBy;
    console.log(
      `| \`${cell(a.id)}\` | ${shown(a, a.value)} | ${shown(a, a.low)} – ${shown(a, a.high)} | ${a.scale} | ${a.calibratable ? 'yes (calibrate --fit)' : ''} | ${cell(usedBy)} | ${cell(a.reason)} |`,
    );
  }
  return 0;
});
