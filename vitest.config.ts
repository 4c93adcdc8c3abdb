import { defineConfig } from 'vitest/config';

// Simulation-heavy tests (hundreds of seeds per design) take a few seconds on a fast machine and
// several times that on a slow one; the default 5 s limit would fail them for the machine, not the code.
export default defineConfig({
  test: {
    testTimeout: 60_000,
  },
});
