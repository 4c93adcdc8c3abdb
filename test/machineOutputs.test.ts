/**
 * The contracts of a batch's machine-readable outputs: summary.json carries its schema, version
 * and units and validates against the checked-in `schemas/summary.schema.json` (checked here by a
 * small validator of the keywords that schema uses, not by the zod schema it was made from); the
 * CSV's header is the same whichever designs ran; results.jsonl has no float noise, a status per
 * run and per decision, and reads back to the rows the runs make.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/runBatch.js';
import { summaryJsonSchema } from '../src/batch/summarySchema.js';
import { simulate } from '../src/engine/simulation.js';
import { rowFromJson } from '../src/report/jsonRow.js';
import { toRow, type RunRow } from '../src/report/row.js';
import { REFERENCE, referenceModel, seeds } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'rungs-machine-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SEEDS = seeds(24);

type Schema = Record<string, unknown>;
const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'propertyNames',
]);

/** The places where `value` breaks `schema`, for the keywords the summary schema uses. */
function violations(schema: Schema, value: unknown, path = '$'): string[] {
  const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return [`${path}: the validator does not know ${unknown.join(', ')}`];
  const out: string[] = [];
  if (schema.anyOf) {
    const options = schema.anyOf as Schema[];
    if (options.every((o) => violations(o, value, path).length > 0))
      out.push(`${path}: matches none of anyOf`);
  }
  if ('const' in schema && value !== schema.const) out.push(`${path}: not ${String(schema.const)}`);
  const types = (schema.type === undefined ? [] : [schema.type].flat()) as string[];
  const is: Record<string, (v: unknown) => boolean> = {
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    null: (v) => v === null,
  };
  if (types.length > 0 && !types.some((t) => is[t]?.(value)))
    return [...out, `${path}: not ${types.join(' or ')}`];
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${path}: < min`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${path}: > max`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      out.push(`${path}: ≤ exclusive min`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => out.push(...violations(schema.items as Schema, v, `${path}[${i}]`)));
  if (is.object!(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const k of (schema.required ?? []) as string[])
      if (!(k in obj)) out.push(`${path}.${k}: missing`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) out.push(...violations(props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${path}.${k}: not allowed`);
      else if (typeof schema.additionalProperties === 'object')
        out.push(...violations(schema.additionalProperties as Schema, v, `${path}.${k}`));
    }
  }
  return out;
}

/** A batch of the reference scenario with the given designs; its folder. */
async function batch(name: string, designs: string): Promise<string> {
  const out = join(root, name);
  await runBatch({ scenario: REFERENCE, designs, seeds: SEEDS, out, workers: 1 });
  return out;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('machine-readable outputs', () => {
  let one: string;
  let two: string;
  beforeAll(async () => {
    one = await batch('one', 'parallel,acm-2015');
    two = await batch('two', 'parallel,bcm-1997,cfc-integrated');
  }, 240_000);

  it('the checked-in summary schema is what rungs schemas writes', () => {
    const file = JSON.parse(read(process.cwd(), 'schemas/summary.schema.json')) as Schema;
    expect(file).toEqual(JSON.parse(JSON.stringify(summaryJsonSchema())));
  });

  it('summary.json names its schema, version and units, and validates against the schema', () => {
    const schema = JSON.parse(read(process.cwd(), 'schemas/summary.schema.json')) as Schema;
    for (const dir of [one, two]) {
      const summary = JSON.parse(read(dir, 'summary.json')) as Record<string, unknown>;
      expect(summary.schema).toBe('rungs/schemas/summary.schema.json');
      expect(summary.schemaVersion).toBe(2);
      expect(Object.keys(summary.units as object).sort()).toEqual(['count', 'minutes', 'share']);
      expect(violations(schema, summary)).toEqual([]);
    }
    // the validator can fail: a share given as a string, a count gone missing
    const summary = JSON.parse(read(one, 'summary.json'));
    summary.points[0].designs[0].faitAccompli.rate = '12%';
    delete summary.points[0].designs[1].latencies[0].notTriggered;
    expect(violations(schema, summary)).toEqual([
      '$.points[0].designs[0].faitAccompli.rate: not number or null',
      '$.points[0].designs[1].latencies[0].notTriggered: missing',
    ]);
  });

  it('results.csv has the same columns whichever designs ran (the scenario’s decisions)', () => {
    const header = (dir: string) => read(dir, 'results.csv').split('\n')[0]!;
    expect(header(two)).toBe(header(one));
    // bcm-1997 has a decision of its own: in results.jsonl, not in the CSV's columns
    expect(header(two)).not.toContain('alliance.bcm.activate');
    const rows = read(two, 'results.jsonl').trim().split('\n');
    expect(rows.some((l) => 'alliance.bcm.activate' in (JSON.parse(l) as RunRow).decisions)).toBe(
      true,
    );
    const scenarioDecisions = referenceModel('parallel').scenario.decisions.map((d) => d.id);
    const decisionColumns = header(one)
      .split(',')
      .filter((c) => c.endsWith('.status'))
      .map((c) => c.slice(0, -'.status'.length));
    expect(decisionColumns).toEqual(scenarioDecisions);
  });

  it('results.jsonl has no float noise, a status per run and per decision, and reads back to the runs’ rows', () => {
    const lines = read(one, 'results.jsonl').trim().split('\n');
    expect(lines).toHaveLength(2 * SEEDS.length);
    const numbers: number[] = [];
    for (const line of lines) {
      // every number as written in the line: at most four decimals
      for (const m of line.matchAll(/:(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)[,}]/g)) {
        const text = m[1]!;
        expect(text, line.slice(0, 80)).toMatch(/^-?\d+(\.\d{1,4})?$/);
        numbers.push(Number(text));
      }
      const row = JSON.parse(line) as RunRow & {
        status: string;
        decisions: Record<string, { status: string }>;
      };
      expect(row.status).toBe('finished_at_horizon');
      for (const [id, d] of Object.entries(row.decisions))
        expect(
          [
            'decided',
            'closed_before_issue',
            'undecided_at_horizon',
            'not_triggered',
            'not_in_design',
          ],
          id,
        ).toContain(d.status);
    }
    // without the rounding some of these times would carry float noise (n/60 minutes)
    expect(numbers.some((n) => !Number.isInteger(n))).toBe(true);
    const model = referenceModel('acm-2015');
    for (const seed of SEEDS.slice(0, 6)) {
      const line = lines.find((l) => l.startsWith(`{"design":"acm-2015","seed":${seed},`))!;
      const { status: _, ...back } = rowFromJson(JSON.parse(line) as RunRow) as RunRow & {
        status: string;
      };
      const decisions = Object.fromEntries(
        Object.entries(back.decisions).map(([id, d]) => {
          const { status: _s, ...rest } = d as typeof d & { status: string };
          return [id, rest];
        }),
      );
      expect({ ...back, decisions }, `seed ${seed}`).toEqual(toRow(simulate(model, { seed })));
    }
  });
});

describe('package.json’s engines', () => {
  it('is what the dependencies allow, and the README names each dependency that asks for more', () => {
    const minimum = (range: string | undefined) => Number(/>=\s*(\d+)/.exec(range ?? '')?.[1] ?? 0);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const ours = minimum(pkg.engines.node);
    expect(ours).toBeGreaterThan(0);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(ours);
    const readme = readFileSync('README.md', 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    expect(quickStart).toContain(`Node ${ours} or later`);
    for (const name of Object.keys(pkg.dependencies)) {
      const dep = JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8'));
      const theirs = minimum(dep.engines?.node);
      if (theirs > ours) {
        expect(quickStart.slice(0, 600), name).toContain(
          `${name} ${dep.version.replace(/\.\d+$/, '')} declares Node ${theirs}`,
        );
      }
    }
  });
});
