/**
 * `npm run compare -- --scenario FILE --designs all|a,b --seeds 1..500 [--baseline NAME]
 *  [--with OPTION,...] [--set ID=VALUE ...] [--json]`: key decision latencies per design (median, p90, reach; runs
 *  decided, closed before issue and never decided, not decided), each
 * measured from the event and from when its capital knew, with
 * paired differences against the baseline (default: the scenario's `report.baseline`, else the
 * first design listed), and outcome rates. `--with liaisonOfficers` adds, for
 * each design, a variant `<design>+liaisonOfficers` with that option switched on, so an option's
 * effect is measured on its own.
 */
import { loadDesign, loadScenario } from '../scenario/load.js';
import { defaultBaseline, designName, resolveDesignFiles } from '../scenario/catalog.js';
import { compileModel } from '../model/compile.js';
import { withOptions, DESIGN_OPTIONS } from '../scenario/variants.js';
import { compareDesigns } from '../report/compare.js';
import { LATENCY_DEFINITIONS, latencyTables, outcomeTable } from '../report/tables.js';
import { parseArgs, parseSeeds, stringOption, takeRepeated } from './args.js';
import { assumptionSpace, filesAt, parseAssumptionSet } from '../analysis/assumptionPoint.js';
import { runCli, UsageError } from './run.js';

runCli(() => {
  const { values: sets, rest } = takeRepeated(process.argv.slice(2), 'set');
  const args = parseArgs(rest, { scenario: 'value', designs: 'value', seeds: 'value', baseline: 'value', with: 'value', json: 'flag' });
  const scenarioFile = stringOption(args, 'scenario');
  if (!scenarioFile) throw new UsageError('usage: npm run compare -- --scenario FILE --designs all --seeds 1..500 [--baseline NAME] [--json]');
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..200')!);
  const loaded = loadScenario(scenarioFile);
  const files = resolveDesignFiles(scenarioFile, stringOption(args, 'designs', 'all')!);
  const toggles = (stringOption(args, 'with') ?? '').split(',').filter(Boolean);
  for (const t of toggles) if (!(DESIGN_OPTIONS as readonly string[]).includes(t)) throw new UsageError(`unknown option "${t}" (known: ${DESIGN_OPTIONS.join(', ')})`, '--with');
  // --set ID=VALUE: registered assumptions (npm run assumptions) at other values, the scenario's and the designs' own
  const at = sets.length > 0 ? filesAt(assumptionSpace(scenarioFile, stringOption(args, 'designs', 'all')!), new Map(sets.map(parseAssumptionSet))) : undefined;
  const scenario = at?.scenario ?? loaded.scenario;
  const designs = at?.designs ?? files.map((f) => loadDesign(f, loaded.scenario).design);
  const variants = designs.flatMap((d) => [d, ...toggles.map((t) => withOptions(d, [t as (typeof DESIGN_OPTIONS)[number]]))]);
  const models = variants.map((d) => compileModel(scenario, d));
  const ids = models.map((m) => m.design.id);
  if (ids.length === 0) throw new UsageError('no designs to compare', '--designs');
  const baseline = stringOption(args, 'baseline') ?? defaultBaseline(loaded.scenario, ids)!;
  if (!ids.includes(baseline)) throw new UsageError(`"${baseline}" is not among the designs compared (${ids.join(', ')})`, '--baseline');
  const mismatch = files.find((f, i) => designName(f) !== designs[i]!.id);
  if (mismatch) process.stderr.write(`note: ${mismatch} declares id "${designs[files.indexOf(mismatch)]!.id}"; tables use the declared id\n`);
  const comparison = compareDesigns(models, seeds, baseline);
  if (args.options.has('json')) {
    console.log(JSON.stringify({ scenarioFile: loaded.file, scenarioHash: loaded.hash, ...comparison }, null, 2));
    return;
  }
  const labels = new Map(models[0]!.decisions.map((d) => [d.id, d.label]));
  const rungs = loaded.scenario.ladder.rungs.map((r) => r.id);
  console.log(`# ${loaded.scenario.title}\n`);
  console.log(`${ids.length} designs × ${seeds.length} seeds (common random numbers: every design meets the same seeds); ${LATENCY_DEFINITIONS}\n`);
  for (const line of latencyTables(comparison.designs, labels, baseline)) console.log(line);
  console.log('### Outcomes\n');
  for (const line of outcomeTable(comparison.designs, rungs, loaded.scenario.ladder.objective)) console.log(line);
});
