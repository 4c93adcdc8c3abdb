/**
 * `rungs compare --scenario FILE [--design all|a,b] [--seeds 1..500] [options]`: key decision
 * latencies per design: over the runs that needed it, censored at the horizon (Kaplan–Meier
 * median, share decided, restricted mean); over the runs that decided it (median, p90; runs
 * decided, closed before issue and never decided, not decided), each measured from the event and
 * from when its capital knew; with paired differences against the baseline (default: the scenario's `report.baseline`, else the first
 * design listed), and outcome rates. `--with liaisonOfficers` adds, for each design, a variant
 * `<design>+liaisonOfficers` with that option switched on, so an option's effect is measured on its own.
 */
import { loadDesign, loadScenario, type LoadedScenario } from '../scenario/load.js';
import { defaultBaseline, designName } from '../scenario/catalog.js';
import { compileModel, type Model } from '../model/compile.js';
import { DESIGN_OPTIONS, type DesignOption } from '../scenario/variants.js';
import { bottomLineMarkdown } from '../report/bottomLine.js';
import { LATENCY_DEFINITIONS, latencyTables, outcomeTable } from '../report/tables.js';
import {
  commandArgs,
  intOption,
  noPositional,
  optionLabel,
  requiredOption,
  stringOption,
  type ParsedArgs,
} from './args.js';
import { parseSeeds } from '../batch/seeds.js';
import { assumptionSpace, filesAt, type AssumptionSpace } from '../assumptions/space.js';
import { heldValues, overrideRecords, type SetOverride } from '../assumptions/setOption.js';
import { seedRanges } from '../batch/seeds.js';
import { overriddenTitle, provenanceNote, type Provenance } from '../report/provenance.js';
import { SET_HELP, SET_OPTIONS, setOverrides } from './setOption.js';
import { designOption, resolveDesigns, variantOptions, withVariants } from './designs.js';
import { compareDesigns, comparisonTimeline } from '../analysis/compare.js';
import { defaultWorkers } from '../batch/pool.js';
import { LIMITS } from '../batch/limits.js';
import {
  comparisonReportHtml,
  drawnTitle,
  posteriorNote,
  type Comparison,
} from '../report/compareReport.js';
import type { LoadedPosterior } from '../assumptions/posterior.js';
import { posteriorOption } from './posterior.js';
import { checkNotHeld } from '../assumptions/draws.js';
import type { DesignDistributions } from '../report/distribution.js';
import { writeFileAtomic } from '../io/atomic.js';
import { emitJson, outputFile, wantsJson } from './output.js';
import { quietProgress } from './progress.js';
import { runCli, UsageError } from './run.js';

const HELP = `usage: rungs compare --scenario FILE [--design all|A,B,...] [--seeds 1..200] [options]
       (npm run compare -- … is the same)

Runs every design on the same seeds (common random numbers) on worker threads and prints, per
design, the key decisions' latencies (median, 90th percentile, from the event and from when its
capital knew, with bootstrap 95% intervals) paired against the baseline, and outcome rates.

  --scenario FILE        the scenario (required)
  --design LIST          all (default), or names or files separated by commas (--designs works too)
  --seeds SEEDS          e.g. 1..500 or 1,5,9..12 (default 1..200)
  --baseline NAME        the design the others are paired against
                         (default: the scenario's report.baseline, else the first design)
  --with OPTION,...      add each design with that option on (<design>+<option>); options:
                         ${DESIGN_OPTIONS.join(', ')}
${SET_HELP}
  --posterior FILE       draw the fitted numbers from a posterior (rungs calibrate --fit): each seed
                         draws one sample, the same for every design; the outputs record its sha256
  --workers N            worker threads (default: the machine's cores; never changes the results)
  --json                 print the comparison as JSON instead of tables
  --out FILE             write that JSON to FILE (atomically) instead of printing it
  --html FILE            also write the comparison as a self-contained HTML report with charts

Progress goes to stderr (a bar on a terminal, a line every few seconds otherwise).

exit codes: 0 done, 2 bad arguments or input`;

const OPTIONS = {
  scenario: 'value',
  design: 'value',
  seeds: 'value',
  baseline: 'value',
  with: 'value',
  ...SET_OPTIONS,
  posterior: 'value',
  workers: 'value',
  json: 'flag',
  out: 'value',
  html: 'value',
} as const;

/** What the models are compared with: the space and held values of `--set`, and `--posterior`. */
interface Numbers {
  readonly space: AssumptionSpace | undefined;
  readonly overrides: readonly SetOverride[];
  readonly outsideRange: boolean;
  readonly held: Map<string, number>;
  readonly posterior: LoadedPosterior | undefined;
}

/** The registered assumptions `--set` holds and the posterior `--posterior` draws from, with the space they need. */
function numbersOf(args: ParsedArgs, scenarioFile: string, designSpec: string): Numbers {
  const { posterior } = posteriorOption(args);
  const set = setOverrides(args, scenarioFile, designSpec, false);
  const space = set.space ?? (posterior ? assumptionSpace(scenarioFile, designSpec) : undefined);
  const held = heldValues(set.overrides);
  if (posterior) checkNotHeld(posterior, held.keys());
  return { space, overrides: set.overrides, outsideRange: set.outsideRange, held, posterior };
}

/**
 * The models compared: each design (with its `--with` variants) compiled in the scenario, the
 * registered assumptions of `--set` at their values; and the baseline they are paired against.
 */
function comparedModels(
  args: ParsedArgs,
  scenarioFile: string,
  loaded: LoadedScenario,
  toggles: readonly DesignOption[],
  numbers: Numbers,
): { models: Model[]; baseline: string } {
  const designSpec = designOption(args, 'all')!;
  const files = resolveDesigns(scenarioFile, designSpec);
  // --set ID=VALUE: registered assumptions (rungs assumptions) at other values, the scenario's and the designs' own
  const at =
    numbers.space && numbers.held.size > 0
      ? filesAt(numbers.space, numbers.held, { beyondRanges: numbers.outsideRange })
      : undefined;
  const scenario = at?.scenario ?? loaded.scenario;
  const designs = at?.designs ?? files.map((f) => loadDesign(f, loaded.scenario).design);
  const models = withVariants(designs, toggles).map((d) => compileModel(scenario, d));
  const ids = models.map((m) => m.design.id);
  if (ids.length === 0) throw new UsageError('no designs to compare', optionLabel(args, 'design'));
  const baseline = stringOption(args, 'baseline') ?? defaultBaseline(loaded.scenario, ids)!;
  if (!ids.includes(baseline))
    throw new UsageError(
      `"${baseline}" is not among the designs compared (${ids.join(', ')})`,
      '--baseline',
    );
  const mismatch = files.find((f, i) => designName(f) !== designs[i]!.id);
  if (mismatch)
    process.stderr.write(
      `note: ${mismatch} declares id "${designs[files.indexOf(mismatch)]!.id}"; tables use the declared id\n`,
    );
  return { models, baseline };
}

/** Prints the comparison as tables. */
function printTables(loaded: LoadedScenario, models: readonly Model[], comparison: Comparison) {
  const labels = new Map(models[0]!.decisions.map((d) => [d.id, d.label]));
  const rungs = loaded.scenario.ladder.rungs.map((r) => r.id);
  const overrides = comparison.provenance?.overrides ?? [];
  console.log(
    `# ${overriddenTitle(drawnTitle(loaded.scenario.title, comparison.posterior), overrides)}\n`,
  );
  if (comparison.bottomLine) console.log(bottomLineMarkdown(comparison.bottomLine).join('\n'));
  console.log(
    `${models.length} designs × ${comparison.seeds.length} seeds (common random numbers: every design meets the same seeds); ${LATENCY_DEFINITIONS}\n`,
  );
  if (comparison.posterior) console.log(`${posteriorNote(comparison)}\n`);
  if (comparison.provenance) console.log(`${provenanceNote(comparison.provenance)}\n`);
  for (const line of latencyTables(comparison.designs, labels, comparison.baseline))
    console.log(line);
  console.log('### Outcomes\n');
  for (const line of outcomeTable(comparison.designs, rungs, loaded.scenario.ladder.objective))
    console.log(line);
}

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), OPTIONS, HELP);
  if (!args) return 0;
  noPositional(args);
  const scenarioFile = requiredOption(
    args,
    'scenario',
    '--scenario scenarios/senkaku-gray-zone.yaml',
  );
  const seeds = parseSeeds(stringOption(args, 'seeds', '1..200')!);
  const toggles = variantOptions(args);
  const workers = intOption(args, 'workers', defaultWorkers(), { min: 1, max: LIMITS.workers });
  outputFile(args);
  const html = outputFile(args, 'html');
  const loaded = loadScenario(scenarioFile);
  const numbers = numbersOf(args, scenarioFile, designOption(args, 'all')!);
  const { models, baseline } = comparedModels(args, scenarioFile, loaded, toggles, numbers);
  const posterior = numbers.posterior && {
    posterior: { loaded: numbers.posterior, space: numbers.space!, held: numbers.held },
  };
  const progress = quietProgress(models.length * seeds.length, 'compare');
  let distributions: readonly DesignDistributions[] = [];
  const compared = await compareDesigns(models, seeds, baseline, {
    workers,
    onRun: (done) => progress.update(done),
    distributions: (d) => (distributions = d),
    ...posterior,
  });
  const provenance: Provenance = {
    overrides: overrideRecords(numbers.overrides),
    variants: toggles,
    ...(compared.posterior ? { posterior: compared.posterior } : {}),
    seeds: seedRanges(seeds),
  };
  const comparison: Comparison = { ...compared, provenance };
  progress.finish();
  if (html) {
    const timeline = comparisonTimeline(models, comparison, posterior);
    writeFileAtomic(html, await comparisonReportHtml(models, comparison, distributions, timeline));
    process.stderr.write(`wrote ${html}\n`);
  }
  const json = { scenarioFile: loaded.file, scenarioHash: loaded.hash, ...comparison };
  if (wantsJson(args) && !emitJson(args, JSON.stringify(json, null, 2))) return 0;
  printTables(loaded, models, comparison);
  return 0;
});
