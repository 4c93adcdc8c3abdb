/**
 * Every command of `rungs`: its name (the npm script of the same name is an alias), one line on
 * what it does, the module that runs it and the Node flags it needs. `bin/rungs.mjs` runs them;
 * `rungs --help` lists them. The package's commands run compiled; the tools of the source
 * repository (benchmarks, maintenance scripts) are not in the package and run from a clone.
 */
import { BATCH_NODE_FLAGS } from '../batch/pool.js';
import { didYouMean } from './suggest.js';

export interface CommandInfo {
  readonly name: string;
  /** What the command does, in one line. */
  readonly summary: string;
  /**
   * The module that runs it: for a command of the package, relative to this module (`./batch.js`,
   * compiled beside it); for a tool, its TypeScript file from the repository's root.
   */
  readonly module: string;
  /** A tool of the source repository: not in the package, run from a clone through tsx (a devDependency). */
  readonly tool: boolean;
  /** Node flags it runs with (the npm script's): a smaller young generation for long batches of runs. */
  readonly nodeFlags: readonly string[];
}

const command = (
  name: string,
  module: string,
  summary: string,
  nodeFlags: readonly string[] = [],
): CommandInfo => ({ name, module, summary, nodeFlags, tool: !module.startsWith('./') });

export const COMMANDS: readonly CommandInfo[] = [
  command(
    'start',
    './start.js',
    'the default comparison: every bundled design × seeds 1..2000, into runs/default-<time>/',
    BATCH_NODE_FLAGS,
  ),
  command('sim', './sim.js', 'one run as a timeline and decision latencies, or as JSON'),
  command('validate', './validate.js', 'check scenario and design files'),
  command(
    'compare',
    './compare.js',
    'key decision latencies and outcomes per design, paired against a baseline',
  ),
  command(
    'batch',
    './batch.js',
    'seeds × designs (× sweep points) on worker threads, into a batch folder',
    BATCH_NODE_FLAGS,
  ),
  command(
    'merge',
    './merge.js',
    "put the shards of a batch (batch --shard i/N) back together, byte-identical to one machine's batch",
    BATCH_NODE_FLAGS,
  ),
  command(
    'worker',
    './worker.js',
    'take shard jobs of batches from a BullMQ queue on Redis and run them',
  ),
  command(
    'replay',
    './replay.js',
    're-run a batch (or a live game) and verify everything it holds, or show one run',
    BATCH_NODE_FLAGS,
  ),
  command(
    'calibrate',
    './calibrate.js',
    'historical incidents against the model, and counterfactual reforms',
  ),
  command(
    'assumptions',
    './assumptions.js',
    'the assumption register: every number marked as an inference',
  ),
  command(
    'sensitivity',
    './sensitivity.js',
    "which assumptions drive the difference between two designs (Morris, Sobol')",
    BATCH_NODE_FLAGS,
  ),
  command(
    'ranking',
    './ranking.js',
    "whether the ranking of the designs holds across the assumptions' ranges",
    BATCH_NODE_FLAGS,
  ),
  command('facilitate', './facilitate.js', 'a live wargame on a local server, one link per seat'),
  command(
    'schemas',
    './schemas.js',
    'write (or --check) the JSON Schemas of scenario and design files',
  ),
  command(
    'memory-check',
    'scripts/memory-check.ts',
    'peak memory of a small and a large batch, each in its own process',
  ),
  command('bench', 'bench/bench.ts', 'what a run costs and how batches scale on this machine'),
  command('bench-live', 'bench/liveLoad.ts', 'a bounded load test of the facilitator on 127.0.0.1'),
  command(
    'bench-shards',
    'bench/shards.ts',
    'the reference batch as 2 shard processes plus merge against one process with 2 workers',
  ),
  command(
    'bench-report',
    'bench/report.ts',
    'what writing report.html adds to a finished batch (by default the reference batch)',
    BATCH_NODE_FLAGS,
  ),
  command(
    'expected-hashes',
    'scripts/expected-hashes.ts',
    'rewrite test/expected-hashes.json (only when the model changes on purpose)',
  ),
];

/** The command of that name, or undefined. */
export function findCommand(name: string): CommandInfo | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `; did you mean X?` for a misspelled command name, or ''. */
export function suggestCommand(name: string): string {
  return didYouMean(
    name,
    COMMANDS.map((c) => c.name),
  );
}

/** The text of `rungs --help`: usage and one line per command. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const line = (c: CommandInfo) => `  ${c.name.padEnd(width)}  ${c.summary}`;
  return [
    'usage: rungs <command> [options]',
    '       rungs help <command>         (the same as rungs <command> --help)',
    '',
    'commands:',
    ...COMMANDS.filter((c) => !c.tool).map(line),
    '',
    'tools of the source repository (from a clone, with its devDependencies):',
    ...COMMANDS.filter((c) => c.tool).map(line),
    '',
    'Every command is also an npm script: npm run <command> -- [options].',
  ].join('\n');
}
