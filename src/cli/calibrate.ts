/**
 * `npm run calibrate [-- FILE ...] [--seeds 1..500] [--json]`: every historical incident (by
 * default each scenario in `scenarios/incidents/`) run under the design in force at the time; for
 * each observed interval, the model's 10th, 50th and 90th percentiles, the observation's
 * percentile and whether it lies inside the 10–90% band; for each counterfactual (a file with
 * `counterfactual:` that extends an incident), the reform's expected gain, paired seed by seed.
 * Exits 1 when an observation falls outside.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { calibrateIncident, loadIncident, type IncidentCalibration } from '../analysis/calibrate.js';
import { calibrationTable, counterfactualTable } from '../report/calibration.js';
import { counterfactualGain, type CounterfactualGain } from '../analysis/counterfactual.js';
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

/** The design in force at the time of an incident, compiled with it. */
runCli(() => {
  const args = parseArgs(process.argv.slice(2), { seeds: 'value', json: 'flag' });
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..500')!);
  const incidents: IncidentCalibration[] = [];
  const counterfactuals: CounterfactualGain[] = [];
  for (const file of incidentFiles(args.positional)) {
    const { loaded, model } = loadIncident(file);
    const reform = loaded.scenario.counterfactual?.reform;
    if (reform === undefined) {
      incidents.push(calibrateIncident(model, seeds));
      continue;
    }
    // a counterfactual is measured against the historical incident it extends
    const historicalFile = loaded.files[1];
    if (historicalFile === undefined) throw new InputError([{ file, path: 'counterfactual', message: 'a counterfactual extends the historical incident it varies: add extends: <the incident file>' }]);
    counterfactuals.push(counterfactualGain(loadIncident(historicalFile).model, model, reform, seeds));
  }
  const outside = incidents.flatMap((r) => r.intervals.filter((i) => !i.inBand).map((i) => `${r.scenario}: ${i.id}`));
  const finite = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  if (args.options.has('json')) console.log(JSON.stringify({ seeds: seeds.length, incidents, counterfactuals, outside }, finite, 2));
  else {
    for (const line of calibrationTable(incidents)) console.log(line);
    for (const line of counterfactualTable(counterfactuals)) console.log(line);
    console.log(outside.length === 0 ? 'every observation lies inside the model\'s 10–90% band' : `outside the band: ${outside.join(', ')}`);
  }
  return outside.length === 0 ? 0 : 1;
});
