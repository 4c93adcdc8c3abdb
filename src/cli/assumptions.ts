/**
 * `npm run assumptions [-- --scenario FILE] [--designs all|a,b] [--json]`: the assumption register,
 * every number the scenario and its designs mark as an inference, with its value, plausible range,
 * where it is used and why. Each id is what `--set` takes.
 */
import { loadDesign, loadScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { assumptionRegister, type Assumption } from '../scenario/register.js';
import { formatDuration } from '../report/timeline.js';
import { parseArgs, stringOption } from './args.js';
import { runCli, UsageError } from './run.js';

const REFERENCE = 'scenarios/senkaku-gray-zone.yaml';

const shown = (a: Assumption, v: number) => (a.unit === 'minutes' ? formatDuration(v) : String(v));
const cell = (text: string) => text.replaceAll('|', '\\|');

runCli(() => {
  const args = parseArgs(process.argv.slice(2), { scenario: 'value', designs: 'value', json: 'flag' });
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]} (give the scenario with --scenario)`);
  const file = stringOption(args, 'scenario', REFERENCE)!;
  const { scenario } = loadScenario(file);
  const designs = resolveDesignFiles(file, stringOption(args, 'designs', 'all')!).map((f) => {
    const { design } = loadDesign(f, scenario);
    return { id: design.id, data: design };
  });
  const register = assumptionRegister(scenario, designs);
  if (args.options.has('json')) {
    console.log(JSON.stringify({ scenario: scenario.id, designs: designs.map((d) => d.id), assumptions: register }, null, 2));
    return 0;
  }
  console.log(`# Assumption register: ${scenario.id} and ${designs.length} design${designs.length === 1 ? '' : 's'} (${register.length} assumptions)\n`);
  console.log('Each id is what `--set ID=VALUE` takes; durations are shown as durations and set in minutes or as "2h".\n');
  console.log('| id | value | plausible range | scale | used by | reason |\n|---|---|---|---|---|---|');
  for (const a of register) {
    const usedBy = a.paths.length > 1 ? `${a.paths.length} places: ${a.paths.join(', ')}` : a.usedBy;
    console.log(`| \`${cell(a.id)}\` | ${shown(a, a.value)} | ${shown(a, a.low)} – ${shown(a, a.high)} | ${a.scale} | ${cell(usedBy)} | ${cell(a.reason)} |`);
  }
  return 0;
});
