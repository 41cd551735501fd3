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
  // Two specs at a time (3–4½ min instead of 4½ with one; 51 tests). The judge-vote spec's offline phone reaches
  // the server through a cable it pulls out (support/cable.ts: Chromium's offline emulation
  // alone let a vote through now and then); the host console's steps keep their places and
  // wait a moment after they change, so host-run's quick clicks land where they aim.
  workers: 2,
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
