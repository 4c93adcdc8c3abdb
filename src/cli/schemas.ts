/** Writes the JSON Schemas of scenario and design files into `schemas/`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonSchemas } from '../scenario/jsonSchema.js';
import { runCli } from './run.js';

runCli(() => {
  mkdirSync('schemas', { recursive: true });
  for (const [name, schema] of Object.entries(toJsonSchemas())) {
    writeFileSync(join('schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote schemas/${name}`);
  }
});
