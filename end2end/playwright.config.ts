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
  // One spec at a time. With two (3 min instead of 4½), the judge-vote spec's offline phone
  // now reaches the server through a cable it pulls out (support/cable.ts; Chromium's
  // offline emulation alone let a vote through now and then), but host-run fails now and
  // then: its quick clicks on the host console land on "next presenter" as the console
  // redraws its steps for the new phase (docs/perf.md). Two workers once that is fixed.
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
