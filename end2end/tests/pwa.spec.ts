// The judge's app is installable: a manifest with both languages' names, standalone, the
// judge's page as start URL, and real icons, as Chromium itself judges it.
import { test, expect, chromium, devices } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the browser reports the app installable and the manifest is as designed', async ({ browserName }, testInfo) => {
  expect(browserName).toBe('chromium');
  // Chromium never offers installation in an incognito profile, which is what a normal
  // Playwright context is; a persistent profile is a real browser's.
  const profile = mkdtempSync(join(tmpdir(), 'leitai-profile-'));
  const launch = testInfo.project.use.launchOptions ?? {};
  const context = await chromium.launchPersistentContext(profile, {
    ...devices['Pixel 7'],
    executablePath: launch.executablePath,
    args: launch.args,
    baseURL: process.env.LEITAI_BASE_URL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/j');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveCount(1);

  const res = await page.request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const manifest = await res.json();
  expect(manifest.name).toContain('擂台');
  expect(manifest.name).toContain('Leitai');
  expect(manifest.start_url).toBe('/j');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toBe('#b71c1c');
  const sizes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const img = await page.request.get(icon.src);
    expect(img.headers()['content-type']).toBe('image/png');
  }

  const cdp = await page.context().newCDPSession(page);
  await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, {
    timeout: 15_000,
  }).toEqual([]);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});
