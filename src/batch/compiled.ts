/**
 * Where a module's compiled JavaScript is. A worker thread (or a queue's sandboxed processor)
 * starts from a JavaScript file: the package runs from `dist/`, where the file sits beside its
 * caller; from the TypeScript sources (the tests run them through vitest) the same path under
 * `dist/`, which `npm run build` writes and the test setup builds before any test runs.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The URL of `relative` (a `.js` path, e.g. `./worker.js`) resolved against `base` (the caller's
 * `import.meta.url`) in the compiled package.
 */
export function compiledModule(relative: string, base: string): URL {
  if (!base.endsWith('.ts')) return new URL(relative, base);
  const source = fileURLToPath(base);
  const at = source.lastIndexOf('/src/');
  if (at < 0) throw new Error(`${source} is not under a src/ folder`);
  const compiled = `${source.slice(0, at)}/dist/${source.slice(at + '/src/'.length)}`;
  return new URL(relative, pathToFileURL(compiled));
}
