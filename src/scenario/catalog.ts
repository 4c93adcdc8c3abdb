/**
 * Finding design files by name: a scenario's bundled designs live in `c2/` beside it, one file
 * per design, named by the design's id; and which of them is the baseline.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from './errors.js';
import { MAX_EXTENDS_DEPTH, extendedFile } from './extend.js';
import type { Scenario } from './schema.js';
import { parseYaml, readInputFile } from './text.js';

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The file a scenario file extends, or undefined (also when it cannot be read: loading it says why). */
function baseOf(scenarioFile: string): string | undefined {
  try {
    return extendedFile(scenarioFile, parseYaml(readInputFile(scenarioFile), scenarioFile));
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * The folder of designs that belongs to a scenario file: `c2/` beside it; for a file that extends
 * another and has no `c2/` beside it, the folder of the file it extends (and so on).
 */
export function designDirectory(scenarioFile: string): string {
  const own = join(dirname(scenarioFile), 'c2');
  let file: string | undefined = scenarioFile;
  for (
    let depth = 0;
    file !== undefined && depth <= MAX_EXTENDS_DEPTH;
    depth++, file = baseOf(file)
  ) {
    const dir = join(dirname(file), 'c2');
    if (isFolder(dir)) return dir;
  }
  return own;
}

/** Design files in a folder, in name order. */
export function listDesignFiles(dir: string): string[] {
  if (!isFolder(dir))
    throw new InputError([{ file: dir, path: '', message: 'no such folder of design files' }]);
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The name a design file is known by (its file name without extension). */
export function designName(file: string): string {
  return basename(file, extname(file));
}

/**
 * Resolves a design list: `all`, or comma-separated names or paths. Unknown names are an
 * error that lists the known ones.
 */
export function resolveDesignFiles(
  scenarioFile: string,
  spec: string,
  dir = designDirectory(scenarioFile),
): string[] {
  const isPath = (s: string) => /[/\\]|\.(ya?ml|json)$/.test(s);
  const needsCatalog = spec === 'all' || spec.split(',').some((s) => !isPath(s.trim()));
  const known = needsCatalog ? listDesignFiles(dir) : [];
  if (spec === 'all') return known;
  const files = spec.split(',').map((raw) => {
    const s = raw.trim();
    if (isPath(s)) return s;
    const file = known.find((f) => designName(f) === s);
    if (!file)
      throw new InputError([
        {
          file: dir,
          path: '',
          message: `unknown design "${s}" (known: ${known.map(designName).join(', ')})`,
        },
      ]);
    return file;
  });
  if (new Set(files).size !== files.length)
    throw new InputError([
      { file: dir, path: '', message: `design list "${spec}" names a design twice` },
    ]);
  return files;
}

/**
 * The design others are compared against when no baseline is asked for: the scenario's
 * `report.baseline` if it is among `ids`, else the first of `ids`.
 */
export function defaultBaseline(scenario: Scenario, ids: readonly string[]): string | undefined {
  const preferred = scenario.report?.baseline;
  return preferred !== undefined && ids.includes(preferred) ? preferred : ids[0];
}
