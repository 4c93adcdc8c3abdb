import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, freshBundle, ROOT } from '../src/start/bundles.mjs';
import { simulate } from '../src/engine/simulation.js';
import type { RunRow } from '../src/report/row.js';
import { REFERENCE, referenceModel, seeds } from './helpers.js';

// sources of a small program inside the repository (bundles are of the repository's files)
const sources = mkdtempSync(join(ROOT, 'test', '.bundle-sources-'));
const scratch = mkdtempSync(join(tmpdir(), 'rungs-bundles-test-'));
afterAll(() => {
  for (const entry of [join(sources, 'entry.ts')]) {
    const name = relative(ROOT, entry).replace(/[\\/]/g, '__').replace(/\.ts$/, '');
    for (const ext of ['.mjs', '.json'])
      rmSync(join(ROOT, 'node_modules', '.cache', 'rungs', name + ext), { force: true });
  }
  rmSync(sources, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const entry = join(sources, 'entry.ts');
const dependency = join(sources, 'nested', 'dependency.ts');
mkdirSync(join(sources, 'nested'));
writeFileSync(
  entry,
  "import { where, answer } from './nested/dependency.js';\nexport const result: { entry: string; dependency: string; answer: number } = { entry: import.meta.url, dependency: where, answer };\n",
);
writeFileSync(
  dependency,
  'export const where: string = import.meta.url;\nexport const answer: number = 41;\n',
);

/** What the bundle at `file` exports, imported fresh. */
async function load(file: string): Promise<{ entry: string; dependency: string; answer: number }> {
  const { result } = (await import(`${pathToFileURL(file).href}?v=${Math.random()}`)) as {
    result: { entry: string; dependency: string; answer: number };
  };
  return result;
}

describe('cached bundles of the sources', () => {
  it('builds one module in which every source keeps its own import.meta.url', async () => {
    const built = await buildBundle(entry);
    expect(built).not.toBeNull();
    expect(freshBundle(entry)).toBe(built);
    const result = await load(built!);
    expect(result).toEqual({
      entry: pathToFileURL(entry).href,
      dependency: pathToFileURL(dependency).href,
      answer: 41,
    });
  });

  it('is stale, never run, once a file it was built from changes; the rebuild has the change', async () => {
    const built = await buildBundle(entry);
    expect(freshBundle(entry)).toBe(built);
    writeFileSync(
      dependency,
      'export const where: string = import.meta.url;\nexport const answer: number = 42;\n',
    );
    expect(freshBundle(entry)).toBeNull();
    const rebuilt = await buildBundle(entry);
    expect((await load(rebuilt!)).answer).toBe(42);
  });

  it('is stale when its list of inputs names a file that is gone, or was written by another build format', async () => {
    const built = (await buildBundle(entry))!;
    const meta = built.replace(/\.mjs$/, '.json');
    const recorded = JSON.parse(readFileSync(meta, 'utf8')) as {
      format: number;
      inputs: Array<[string, number, number]>;
    };
    writeFileSync(
      meta,
      JSON.stringify({ ...recorded, inputs: [...recorded.inputs, ['test/no-such-file.ts', 1, 1]] }),
    );
    expect(freshBundle(entry)).toBeNull();
    writeFileSync(meta, JSON.stringify({ ...recorded, format: recorded.format + 1 }));
    expect(freshBundle(entry)).toBeNull();
  });

  it('is not used with RUNGS_NO_BUNDLE=1', async () => {
    const built = await buildBundle(entry);
    expect(built).not.toBeNull();
    process.env.RUNGS_NO_BUNDLE = '1';
    try {
      expect(freshBundle(entry)).toBeNull();
      expect(await buildBundle(entry)).toBeNull();
    } finally {
      delete process.env.RUNGS_NO_BUNDLE;
    }
  });
});

describe('worker threads', () => {
  it('workers start from the compiled package, never from a file planted at a shared temporary path', async () => {
    const marker = join(scratch, 'planted-file-ran');
    const planted = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nprocess.exit(3);\n`;
    // where earlier versions put the worker's bundle
    const paths = [
      join(tmpdir(), 'rungs-worker.mjs'),
      join(tmpdir(), 'rungs-worker', 'worker.mjs'),
    ];
    for (const p of paths) {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, planted);
    }
    try {
      const dir = join(scratch, 'planted');
      const out = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/batch.ts',
          '--scenario',
          REFERENCE,
          '--designs',
          'parallel',
          '--seeds',
          '1..6',
          '--out',
          dir,
          '--workers',
          '2',
        ],
        { encoding: 'utf8' },
      );
      expect(out.stderr).not.toContain('error');
      expect(out.status).toBe(0);
      expect(existsSync(marker)).toBe(false);
      const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as RunRow);
      expect(rows.map((r) => r.traceHash)).toEqual(
        seeds(6).map((seed) => simulate(referenceModel('parallel'), { seed }).traceHash),
      );
    } finally {
      rmSync(paths[0]!, { force: true });
      rmSync(join(paths[1]!, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});
