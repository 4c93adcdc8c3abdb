/**
 * `rungs schemas [--check]`: writes the JSON Schemas of scenario, design and injects files and of
 * a batch's `summary.json` into `schemas/`,
 * or with `--check` only compares them with the committed files (exit 1 when they differ).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonSchemas } from '../scenario/jsonSchema.js';
import { summaryJsonSchema } from '../batch/summarySchema.js';
import { commandArgs, noPositional } from './args.js';
import { runCli } from './run.js';

const FOLDER = 'schemas';

const HELP = `usage: rungs schemas [--check]
       (npm run schemas -- … is the same)

Writes the JSON Schemas of scenario, design and injects files and of a batch's summary.json (made from the zod schemas) into ${FOLDER}/.

  --check   write nothing; exit 1 naming each file that differs from what would be written

exit codes: 0 written (or up to date), 1 --check found a difference, 2 bad arguments`;

runCli(() => {
  const args = commandArgs(process.argv.slice(2), { check: 'flag' }, HELP);
  if (!args) return 0;
  noPositional(args);
  const schemas = { ...toJsonSchemas(), 'summary.schema.json': summaryJsonSchema() };
  const files = Object.entries(schemas).map(([name, schema]) => ({
    file: join(FOLDER, name),
    text: `${JSON.stringify(schema, null, 2)}\n`,
  }));
  if (args.options.has('check')) {
    const stale = files.filter(
      ({ file, text }) => !existsSync(file) || readFileSync(file, 'utf8') !== text,
    );
    for (const { file } of stale)
      process.stderr.write(
        `${file} ${existsSync(file) ? 'differs from' : 'is missing; expected'} what rungs schemas writes\n`,
      );
    if (stale.length > 0)
      process.stderr.write(`run rungs schemas to update ${stale.length === 1 ? 'it' : 'them'}\n`);
    else console.log(`${files.map((f) => f.file).join(', ')}: up to date`);
    return stale.length > 0 ? 1 : 0;
  }
  mkdirSync(FOLDER, { recursive: true });
  for (const { file, text } of files) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
  return 0;
});
