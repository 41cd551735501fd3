// The judge's first visit on venue Wi-Fi: every byte the phone downloads, compressed as
// sent, from opening the link until a sheet can be scored. Prints the files and fails
// above the budget (`make weight`; figures in docs/perf.md).
import { test, expect } from '@playwright/test';
import { hydrated, judgeToken } from '../support/judge';

const BUDGET = 200 * 1024;

test.use({ locale: 'zh-CN', serviceWorkers: 'block' });

test(`the judge's first visit downloads at most ${BUDGET / 1024} KiB before a sheet can be scored`, async ({ page }) => {
  const token = await judgeToken('j05');
  const files: { url: string; type: string; encoding: string; bytes: number }[] = [];
  page.on('requestfinished', async request => {
    const response = await request.response();
    if (!response) return;
    const sizes = await request.sizes();
    const headers = await response.allHeaders();
    files.push({
      url: new URL(request.url()).pathname.replace(token, '{token}'),
      type: request.resourceType(),
      encoding: headers['content-encoding'] ?? '-',
      bytes: sizes.responseBodySize,
    });
  });

  await page.goto(`/j/${token}`);
  await hydrated(page);
  await page.locator('button[data-presenter]').first().click();
  await expect(page.getByTestId('submit')).toBeVisible();
  // Let any request still in flight finish and be counted.
  await page.waitForLoadState('networkidle');

  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const rows = files.map(f => `${String(f.bytes).padStart(9)}  ${f.encoding.padEnd(4)} ${f.type.padEnd(10)} ${f.url}`);
  console.log(['judge first visit, bytes as sent:', ...rows,
    `${String(total).padStart(9)}  total (${(total / 1024).toFixed(1)} KiB of ${BUDGET / 1024} KiB)`].join('\n'));

  // The judge's page loads the judge's own bundle, never the whole app's.
  expect(files.some(f => f.url.startsWith('/pkg/leitai-judge.') && f.url.endsWith('.wasm'))).toBe(true);
  expect(files.some(f => /^\/pkg\/leitai\.[^/]*\.wasm$/.test(f.url))).toBe(false);
  // Everything that can be compressed came compressed.
  for (const f of files.filter(f => f.bytes > 1024 && !f.url.startsWith('/icons/'))) {
    expect(f.encoding, f.url).toMatch(/br|gzip/);
  }
  expect(total).toBeLessThanOrEqual(BUDGET);
});
