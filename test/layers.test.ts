/**
 * The house's two rules (docs/architecture.md, "The layers"): a file of `src/` imports only its own
 * layer or the layers listed above it in the document's table, and no files import each other in
 * a circle, type-only imports included. The order is read from the document, so the table is the
 * rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** The layers in the document's table, lowest first. */
function documentedLayers(): string[] {
  const text = readFileSync('docs/architecture.md', 'utf8');
  const table = text.slice(text.indexOf('<!-- layers'));
  const rows = table.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => /^\| `([a-z]+)`/.exec(row)![1]!);
}

/** Every TypeScript file under `dir`, as paths relative to `src/`. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** The files of `src/` that `file` imports: static, dynamic, type-only and re-exports alike. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g),
    ...text.matchAll(/\bimport\s*\(\s*'([^']+)'\s*\)/g),
    ...text.matchAll(/^import\s+'([^']+)'/gm),
  ].map((m) => m[1]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** The layer of a file: its folder under `src/` (null for a file directly in `src/`, which has no layer). */
function layerOf(file: string): string | null {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : null;
}

/** Imports that run from a layer up to one listed after it (or from or into a file of no listed layer). */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>, layers: string[]) {
  const rank = (file: string) => {
    const layer = layerOf(file);
    return layer !== null && layers.includes(layer) ? layers.indexOf(layer) : NaN;
  };
  const wrong: string[] = [];
  for (const [file, imports] of graph)
    for (const target of imports)
      if (!(rank(target) <= rank(file))) wrong.push(`${file} -> ${target}`);
  return wrong;
}

/** The circles of the graph (strongly connected components of more than one file, or a file importing itself). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = ''; member !== file;) {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file))
      circles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return circles;
}

describe('the layers of src/', () => {
  const layers = documentedLayers();
  const files = sourceFiles();
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('the document lists every folder of src/ once, and every file is in one', () => {
    const folders = [...new Set(files.map(layerOf).filter((l) => l !== null))].sort();
    expect([...layers].sort()).toEqual(folders);
    expect(files.filter((file) => layerOf(file) === null)).toEqual([]);
  });

  it('every import names a file that exists', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => !graph.has(target)).map((target) => `${file} -> ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('no file imports from a layer above its own', () => {
    expect(upwardImports(graph, layers)).toEqual([]);
  });

  it('no files import each other in a circle, type-only imports included', () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it('the checks find an upward import and a circle where there is one', () => {
    const bad = new Map([
      ['engine/a.ts', ['batch/b.ts']],
      ['batch/b.ts', ['batch/c.ts']],
      ['batch/c.ts', ['batch/b.ts']],
    ]);
    expect(upwardImports(bad, layers)).toEqual(['engine/a.ts -> batch/b.ts']);
    expect(importCircles(bad)).toEqual([['batch/b.ts', 'batch/c.ts']]);
  });
});
