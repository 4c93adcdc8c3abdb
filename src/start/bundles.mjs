// @ts-check
/**
 * Cached bundles of the TypeScript sources. A command, and a batch's worker threads, start from
 * one plain ES module built by esbuild instead of some 150 modules compiled one by one through
 * tsx's loader: `rungs merge --help` starts in about 0.45 s instead of 1 s on a 2-core machine.
 *
 * A bundle is kept under `node_modules/.cache/rungs/` with the list of files it was built from
 * (the size and modification time of each, taken before each was read), and used only while every
 * one of them is unchanged: an edited source is rebuilt at the next start (about 0.3 s), never run
 * stale. Packages stay outside the bundle and are imported from `node_modules` as usual, and every
 * module keeps its own `import.meta.url`, so a path relative to a source file means what it means
 * in the source. Where no bundle can be had (a read-only install, no esbuild, `RUNGS_NO_BUNDLE=1`)
 * callers run the sources through tsx, as before.
 *
 * Plain JavaScript: `bin/rungs.mjs` uses it before any TypeScript can be loaded.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository (or installed package) root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'rungs');
/** Changes when what a cached bundle holds changes meaning. */
const FORMAT = 1;
const require = createRequire(import.meta.url);

/** @returns {{ code: string, meta: string }} where the bundle of `entry` and its inputs are kept */
function cachePaths(entry) {
  const name = relative(ROOT, entry)
    .replace(/[\\/]/g, '__')
    .replace(/\.[cm]?[jt]s$/, '');
  return { code: join(CACHE, `${name}.mjs`), meta: join(CACHE, `${name}.json`) };
}

/** @returns {string | null} the version of the esbuild this install has, or null without one */
function esbuildVersion() {
  try {
    return /** @type {{ version: string }} */ (require('esbuild/package.json')).version;
  } catch {
    return null;
  }
}

/** @returns {boolean} whether bundles are off for this process (`RUNGS_NO_BUNDLE=1`: run the sources through tsx, e.g. to debug with their line numbers) */
function disabled() {
  return process.env.RUNGS_NO_BUNDLE === '1';
}

/**
 * The cached bundle of `entry` (an absolute path of a source file), if every file it was built
 * from is unchanged and it belongs to this user (or root); else null.
 * @param {string} entry
 * @returns {string | null}
 */
export function freshBundle(entry) {
  if (disabled()) return null;
  const { code, meta } = cachePaths(entry);
  try {
    const recorded = JSON.parse(readFileSync(meta, 'utf8'));
    if (
      recorded.format !== FORMAT ||
      recorded.esbuild !== esbuildVersion() ||
      recorded.entry !== relative(ROOT, entry)
    )
      return null;
    for (const [file, size, mtimeMs] of recorded.inputs) {
      const s = statSync(join(ROOT, file));
      if (s.size !== size || s.mtimeMs !== mtimeMs) return null;
    }
    const owner = statSync(code).uid;
    if (process.getuid && owner !== process.getuid() && owner !== 0) return null;
    return code;
  } catch {
    return null;
  }
}

/** @param {string} path @returns {'ts' | 'js' | 'json'} */
function loaderOf(path) {
  return path.endsWith('.json') ? 'json' : /\.[cm]?ts$/.test(path) ? 'ts' : 'js';
}

/**
 * Writes `text` to `file` through a temporary name in the same folder, so that a reader sees the
 * old file or the new one, never part of one.
 * @param {string} file
 * @param {string | Uint8Array} text
 */
function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Builds the bundle of `entry` into the cache and returns its path; null when it cannot be built
 * or written (the caller then runs the sources through tsx).
 * @param {string} entry
 * @returns {Promise<string | null>}
 */
export async function buildBundle(entry) {
  if (disabled()) return null;
  const version = esbuildVersion();
  if (version === null) return null;
  /** @type {Array<[string, number, number]>} */
  const inputs = [];
  /** @type {import('esbuild').Plugin} */
  const sources = {
    name: 'rungs-sources',
    setup(build) {
      build.onLoad({ filter: /\.(?:[cm]?[jt]s|json)$/ }, (args) => {
        const s = statSync(args.path);
        inputs.push([relative(ROOT, args.path), s.size, s.mtimeMs]);
        const text = readFileSync(args.path, 'utf8');
        const meta = {
          url: pathToFileURL(args.path).href,
          dirname: dirname(args.path),
          filename: args.path,
        };
        const contents = text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) =>
          JSON.stringify(meta[/** @type {'url' | 'dirname' | 'filename'} */ (key)]),
        );
        return { contents, loader: loaderOf(args.path) };
      });
    },
  };
  try {
    /** @type {typeof import('esbuild')} */
    const esbuild = require('esbuild');
    const out = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      plugins: [sources],
    });
    const code = out.outputFiles?.[0]?.contents;
    if (!code) return null;
    const paths = cachePaths(entry);
    mkdirSync(CACHE, { recursive: true });
    // the code first: a reader holding the new list of inputs then finds the new code
    writeAtomically(paths.code, code);
    writeAtomically(
      paths.meta,
      JSON.stringify({
        format: FORMAT,
        esbuild: version,
        entry: relative(ROOT, entry),
        inputs: inputs.sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      }),
    );
    return paths.code;
  } catch {
    return null;
  }
}

/**
 * The bundle of `entry`: the cached one if fresh, else a new one; null when none can be had.
 * @param {string} entry
 * @returns {Promise<string | null>}
 */
export async function bundleOf(entry) {
  return freshBundle(entry) ?? (await buildBundle(entry));
}
