import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Simulation-heavy tests (hundreds of seeds per design) take a few seconds on a fast machine and
// several times that on a slow one; the default 5 s limit would fail them for the machine, not the code.
// test/browser holds the Playwright tests, which `playwright test` runs in a real browser.
// Two test files at a time: Vitest's default is one fewer than the cores (one file at a time on
// two cores), and most files here spend their time on one core, running simulations.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    globalSetup: ['test/setup/build.ts'],
  },
});
