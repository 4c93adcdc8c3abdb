/**
 * Users can follow every citation: each `source` in the bundled scenario and design files cites
 * keys that docs/sources.md defines, and no `source` or `inference` points at material a user of
 * this repository does not have (the project's domain brief and its seed documents).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const SOURCES_DOC = 'docs/sources.md';
const SCENARIO_ROOT = 'scenarios';

/** A source's key as docs/sources.md defines it: `### [Key] citation`. */
const DEFINITION = /^### \[([^\]\n]+)\]/gm;
const KEY_SHAPE = /^[A-Z][A-Za-z0-9-]*$/;
/** Bracketed text that is not a Markdown link: in a citation, a key. */
const BRACKETED = /\[([^\]\n]*)\](?!\()/g;

/** References to the project's private material: the domain brief, its rows, the seed documents. */
const UNREADABLE: ReadonlyArray<readonly [RegExp, string]> = [
  [/DOMAIN\.md/i, 'the domain brief (DOMAIN.md)'],
  [/\bseeds?\s*0/i, 'a seed document ("seed 00N")'],
  [/\b\d{3}_[0-9a-f]{16}\b/, 'a seed file name'],
  [/§/, 'a section of the domain brief'],
  [/\bF\d{1,2}[a-d]?\b/, 'a fact row of the domain brief (F1..F36)'],
  [/\bS[1-4]\b/, 'a seed reference of the domain brief (S1..S4)'],
];

interface Cited {
  readonly path: string;
  readonly field: 'source' | 'inference';
  readonly text: string;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFilesUnder(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** Every `source` and `inference` value anywhere in a parsed document, with its path. */
function citations(node: unknown, path = ''): Cited[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => citations(item, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    if (key === 'source' || key === 'inference')
      return [
        {
          path: here,
          field: key,
          text: typeof value === 'string' ? value : JSON.stringify(value),
        } as Cited,
      ];
    return citations(value, here);
  });
}

function keysIn(text: string): string[] {
  return [...text.matchAll(BRACKETED)].map((m) => m[1]!);
}

const doc = readFileSync(SOURCES_DOC, 'utf8');
const definitions = [...doc.matchAll(DEFINITION)].map((m) => m[1]!);
const defined = new Set(definitions);
const files = yamlFilesUnder(SCENARIO_ROOT);

describe('docs/sources.md', () => {
  it('defines each source once under a well-formed key', () => {
    expect(definitions.length).toBeGreaterThan(0);
    expect(definitions.filter((k) => !KEY_SHAPE.test(k))).toEqual([]);
    expect(definitions.filter((k, i) => definitions.indexOf(k) !== i)).toEqual([]);
  });

  it('uses only keys it defines (outside code, where examples are)', () => {
    const prose = doc.replace(DEFINITION, '').replace(/`[^`\n]*`/g, '');
    const undefinedKeys = [
      ...new Set(keysIn(prose).filter((k) => KEY_SHAPE.test(k) && !defined.has(k))),
    ];
    expect(undefinedKeys).toEqual([]);
  });
});

describe('citations in the bundled scenario and design files', () => {
  it('cover the reference scenario and its eight designs', () => {
    expect(files).toContain(join(SCENARIO_ROOT, 'senkaku-gray-zone.yaml'));
    expect(
      files.filter((f) => f.startsWith(join(SCENARIO_ROOT, 'c2'))).length,
    ).toBeGreaterThanOrEqual(8);
  });

  describe.each(files)('%s', (file) => {
    const cited = citations(parse(readFileSync(file, 'utf8'), { maxAliasCount: 10_000 }));

    it('has sources to check', () => {
      expect(cited.filter((c) => c.field === 'source').length).toBeGreaterThan(0);
    });

    it('cites at least one key in every source', () => {
      const uncited = cited
        .filter((c) => c.field === 'source' && keysIn(c.text).length === 0)
        .map((c) => `${c.path}: ${c.text}`);
      expect(uncited).toEqual([]);
    });

    it('cites only keys that docs/sources.md defines', () => {
      const unknown = cited.flatMap((c) =>
        keysIn(c.text)
          .filter((k) => !defined.has(k))
          .map((k) => `${c.path}: [${k}]`),
      );
      expect(unknown).toEqual([]);
    });

    it('points at nothing a user does not have (domain brief, seed documents)', () => {
      const unreadable = cited.flatMap((c) =>
        UNREADABLE.filter(([pattern]) => pattern.test(c.text)).map(
          ([, what]) => `${c.path}: ${what}`,
        ),
      );
      expect(unreadable).toEqual([]);
    });
  });
});
