import { cpus } from 'node:os';
import { defineConfig, devices } from '@playwright/test';

// Runs against BASE_URL (./test.sh starts the app on a free port with the demo data), any number of times: every
// journey builds the clinic it needs through the API (tests/fixtures.ts). Debian's Chromium, never a downloaded browser.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // One worker per core, at least 2; E2E_WORKERS overrides.
  workers: Number(process.env.E2E_WORKERS ?? Math.max(2, cpus().length)),
  retries: 0,
  reporter: [
    ['list'],
    ['html', { outputFolder: 'playwright-report', open: 'never' }],
    ['junit', { outputFile: 'test-results/junit.xml' }],
  ],
  outputDir: 'test-results',
  use: {
    baseURL: process.env.BASE_URL ?? 'http://localhost:5000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Needs Playwright's ffmpeg; ./test.sh links Debian's into place (PLAYWRIGHT_VIDEO=off skips video).
    video: process.env.PLAYWRIGHT_VIDEO === 'off' ? 'off' : 'retain-on-failure',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 } }, dependencies: ['setup'], testIgnore: /live-many\.spec\.ts/ },
    // Many pages at once, timed: alone, after the parallel journeys.
    { name: 'live-many', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 900 } }, dependencies: ['chromium'], testMatch: /live-many\.spec\.ts/ },
  ],
});
