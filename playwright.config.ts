import { defineConfig } from '@playwright/test';

// Real-browser tests of the facilitator, on Debian's chromium (installed by .ci/run with apt-get
// when missing); nothing is downloaded. CHROMIUM overrides the path. The tests run the compiled
// command line, built first as for vitest.
export default defineConfig({
  testDir: 'test/browser',
  globalSetup: './test/setup/build.ts',
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  use: {
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' },
  },
});
