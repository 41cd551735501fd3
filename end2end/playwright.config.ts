// Playwright runs against a release server that global-setup.ts starts on a free port
// with a temporary data directory, in Debian's Chromium (no browser download).
import { defineConfig, devices } from '@playwright/test';

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One spec at a time. Two at a time took 3 min 00 s instead of about 4, but in two full
  // runs of five the judge-vote spec failed (a vote made offline reached the server), and
  // once in four runs of that spec alone; not understood yet (docs/perf.md).
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL: process.env.LEITAI_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    { name: 'mobile', use: { ...devices['Pixel 7'], browserName: 'chromium' } },
  ],
});
