/**
 * JSON Schemas exported from the zod schemas, shipped in `schemas/` so that editors validate
 * scenario and design files as they are written (`# yaml-language-server: $schema=…`).
 */
import { z } from 'zod';
import { DesignSchema, ScenarioSchema } from './schema.js';

/** The JSON Schemas of the two file formats, keyed by their file names under `schemas/`. */
export function toJsonSchemas(): Record<string, unknown> {
  const exportSchema = (schema: z.ZodType, title: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    title,
  });
  return {
    'scenario.schema.json': exportSchema(ScenarioSchema, 'rungs scenario file'),
    'design.schema.json': exportSchema(DesignSchema, 'rungs C2 design file'),
  };
}
