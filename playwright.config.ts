import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './src/lib/browser/chromium.ts';

const port = Number(process.env['TAL_E2E_PORT'] ?? 4329);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  // At least 3× the slowest test (and expectation) on a 2-core machine with one core kept busy.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  webServer: {
    // One built site serves every browser test; `npm test` builds it just before. Without the
    // lock, previews of other builds (other ports) can run from the same checkout at once.
    command: `npx astro preview --ignore-lock --port ${port} --host 127.0.0.1 --outDir ${process.env['TAL_E2E_DIST'] ?? 'dist'}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
