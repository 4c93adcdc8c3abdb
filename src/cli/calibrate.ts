/**
 * `npm run calibrate [-- FILE ...] [--seeds 1..500] [--json]`: every historical incident (by
 * default each scenario in `scenarios/incidents/`) run under the design in force at the time; for
 * each observed interval, the model's 10th, 50th and 90th percentiles, the observation's
 * percentile and whether it lies inside the 10–90% band. Exits 1 when an observation falls outside.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesign, loadScenario } from '../scenario/load.js';
import { resolveDesignFiles } from '../scenario/catalog.js';
import { InputError } from '../scenario/errors.js';
import { compileModel } from '../model/compile.js';
import { calibrateIncident, type IncidentCalibration } from '../analysis/calibrate.js';
import { calibrationTable } from '../report/calibration.js';
import { parseArgs, parseSeeds, stringOption } from './args.js';
import { runCli, UsageError } from './run.js';

const INCIDENTS = 'scenarios/incidents';

/** The incident files: those given, or every YAML file of the bundled incidents folder. */
function incidentFiles(given: readonly string[]): string[] {
  if (given.length > 0) return [...given];
  if (!existsSync(INCIDENTS)) throw new UsageError(`no incident files given and no ${INCIDENTS}/ folder`);
  const files = readdirSync(INCIDENTS).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(INCIDENTS, f));
  if (files.length === 0) throw new UsageError(`no incident files given and none in ${INCIDENTS}/`);
  return files;
}

runCli(() => {
  const args = parseArgs(process.argv.slice(2), { seeds: 'value', json: 'flag' });
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..500')!);
  const results: IncidentCalibration[] = incidentFiles(args.positional).map((file) => {
    const loaded = loadScenario(file);
    const observed = loaded.scenario.observed;
    if (!observed) throw new InputError([{ file, path: 'observed', message: 'missing: a historical incident lists what was observed (design, events, intervals)' }]);
    const design = loadDesign(resolveDesignFiles(file, observed.design)[0]!, loaded.scenario).design;
    return calibrateIncident(compileModel(loaded.scenario, design), seeds);
  });
  const outside = results.flatMap((r) => r.intervals.filter((i) => !i.inBand).map((i) => `${r.scenario}: ${i.id}`));
  if (args.options.has('json')) console.log(JSON.stringify({ seeds: seeds.length, incidents: results, outside }, (_, v) => (v === Infinity ? null : v), 2));
  else {
    for (const line of calibrationTable(results)) console.log(line);
    console.log(outside.length === 0 ? 'every observation lies inside the model\'s 10–90% band' : `outside the band: ${outside.join(', ')}`);
  }
  return outside.length === 0 ? 0 : 1;
});
