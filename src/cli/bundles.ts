/**
 * `rungs bundles [--check]`: builds the cached bundles every command starts from
 * (see `src/start/bundles.mjs`), so that an install its users cannot write (a container image run
 * as another user, a shared read-only tree) starts as fast as one they can. Commands build their
 * own bundle on first use otherwise; nothing else needs this.
 */
import { join } from 'node:path';
import { buildBundle, freshBundle, ROOT } from '../start/bundles.mjs';
import { COMMANDS } from './commands.js';
import { commandArgs, noPositional } from './args.js';
import { runCli } from './run.js';

const HELP = `usage: rungs bundles [--check]
       (npm run bundles -- … is the same)

Builds the bundles every command starts from into node_modules/.cache/rungs/
(each command otherwise builds its own on first use, which an install its users cannot write
never keeps: a container image run as another user runs this while it is built).

  --check   build nothing; exit 1 naming each bundle that is missing or older than its sources

exit codes: 0 built (or up to date), 1 --check found a bundle to build, or one could not be built, 2 bad arguments`;

runCli(async () => {
  const args = commandArgs(process.argv.slice(2), { check: 'flag' }, HELP);
  if (!args) return 0;
  noPositional(args);
  const entries = [
    ...new Set([join(ROOT, 'src/cli/commands.ts'), ...COMMANDS.map((c) => join(ROOT, c.module))]),
  ];
  const stale = entries.filter((entry) => freshBundle(entry) === null);
  if (args.options.has('check')) {
    for (const entry of stale) process.stderr.write(`${entry}: no fresh bundle\n`);
    if (stale.length === 0) console.log(`${entries.length} bundles: up to date`);
    return stale.length > 0 ? 1 : 0;
  }
  const failed: string[] = [];
  for (const entry of stale) if ((await buildBundle(entry)) === null) failed.push(entry);
  for (const entry of failed)
    process.stderr.write(
      `${entry}: could not be bundled (is node_modules/.cache writable, and esbuild installed?)\n`,
    );
  if (failed.length === 0)
    console.log(
      `${entries.length} bundles in node_modules/.cache/rungs/: ${stale.length} built, ${entries.length - stale.length} up to date`,
    );
  return failed.length > 0 ? 1 : 0;
});
