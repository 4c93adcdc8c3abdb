/**
 * JSON Schemas exported from the zod schemas, shipped in `schemas/` so that editors validate
 * scenario, design and injects files as they are written (`# yaml-language-server: $schema=…`).
 */
import { z } from 'zod';
import { DesignSchema, ScenarioSchema } from './schema.js';
import { DifferenceSchema } from './designExtend.js';
import { InjectsFileSchema } from './injectsSchema.js';

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

/** What a design written as differences may put where its parent has a value or an item: a removal. */
const REMOVAL = {
  type: 'object',
  description:
    "Removes the parent's item of this id (a link: of these ends): { id: x, remove: true } or { from, to, remove: true }",
  properties: {
    id: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    remove: { const: true },
  },
  required: ['remove'],
  additionalProperties: false,
};

/** The schema with every field of a mapping also taking `~` (removes the parent's key) and every list item a removal. */
function withRemovals(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withRemovals);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, withRemovals(v)]),
  ) as JsonSchema;
  if (typeof out.properties === 'object' && out.properties !== null)
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, { anyOf: [v, { type: 'null' }] }]),
    );
  if (typeof out.items === 'object' && out.items !== null && !Array.isArray(out.items))
    out.items = { anyOf: [out.items, REMOVAL] };
  return out;
}

/**
 * A design file is either a whole design or one that `extends` another design and writes its own
 * id, its stated `differences` and what it changes (merged over the parent by the rules of
 * `designExtend.ts`, removals included).
 */
function designFileSchema(): JsonSchema {
  const { $schema, ...whole } = exportSchema(DesignSchema);
  const patch = withRemovals(withNothingRequired(whole)) as JsonSchema;
  const { $schema: _, ...differences } = exportSchema(DifferenceSchema.array().min(1));
  const extending = {
    ...patch,
    properties: {
      extends: {
        type: 'string',
        minLength: 1,
        description:
          "The design this one extends: its id (a design file of that name beside this one, or in the scenario's c2/), or a path relative to this file.",
      },
      differences: {
        ...differences,
        description:
          'What makes this design differ from the one it extends: { what, paths, source } each; `rungs validate` checks that they cover every change.',
      },
      ...(patch.properties as JsonSchema),
    },
    required: ['extends', 'id', 'differences'],
  };
  return { $schema, title: 'rungs C2 design file', anyOf: [whole, extending] };
}

/** The JSON Schemas of the file formats, keyed by their file names under `schemas/`. */
export function toJsonSchemas(): Record<string, unknown> {
  const { $schema, ...injects } = exportSchema(InjectsFileSchema);
  return {
    'scenario.schema.json': scenarioFileSchema(),
    'design.schema.json': designFileSchema(),
    'injects.schema.json': { $schema, title: 'rungs injects list (MSEL)', ...injects },
  };
}
