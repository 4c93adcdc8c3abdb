/**
 * JSON Schemas exported from the zod schemas, shipped in `schemas/` so that editors validate
 * scenario and design files as they are written (`# yaml-language-server: $schema=…`).
 */
import { z } from 'zod';
import { DesignSchema, ScenarioSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

function exportSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
}

/** The schema with no field required at any depth: an extending file writes only what it changes. */
function withNothingRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNothingRequired);
  if (typeof schema !== 'object' || schema === null) return schema;
  // `required` as a keyword is a list of names; a property of that name would be an object
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'required' && Array.isArray(v)))
      .map(([k, v]) => [k, withNothingRequired(v)]),
  );
}

/**
 * A scenario file is either a whole scenario or one that `extends` another and writes only its own
 * id and what it changes (merged over the base by the rules of `extend.ts`).
 */
function scenarioFileSchema(): JsonSchema {
  const { $schema, ...whole } = exportSchema(ScenarioSchema);
  const patch = withNothingRequired(whole) as JsonSchema;
  const extending = {
    ...patch,
    properties: {
      extends: {
        type: 'string',
        minLength: 1,
        description:
          'The scenario file this one extends, relative to this file; this file needs an id of its own and may not change shared parameters.',
      },
      ...(patch.properties as JsonSchema),
    },
    required: ['extends', 'id'],
  };
  return { $schema, title: 'rungs scenario file', anyOf: [whole, extending] };
}

/** The JSON Schemas of the two file formats, keyed by their file names under `schemas/`. */
export function toJsonSchemas(): Record<string, unknown> {
  return {
    'scenario.schema.json': scenarioFileSchema(),
    'design.schema.json': { ...exportSchema(DesignSchema), title: 'rungs C2 design file' },
  };
}
