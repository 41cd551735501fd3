// The judge's app is installable: a manifest with both languages' names, standalone, the
// judge's page as start URL, and real icons, as Chromium itself judges it.
import { test, expect, chromium, devices } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type Running } from '../server';
import { api, base, controlled, hydrated, judgeToken, score } from '../support/judge';

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

const phone = { ...devices['Pixel 7'], locale: 'zh-CN' };

test('after one online visit, a fresh page opened offline renders, scores and submits, and syncs once online', async ({ browser }) => {
  const token = await judgeToken('j06');
  const { body: state } = await api('/api/v1/events/demo/state', token);
  const presenter: string = state.event.presenters[4].id;
  const context = await browser.newContext(phone);
  const visit = await context.newPage();
  await visit.goto(`${base()}/j/${token}`);
  await hydrated(visit);
  await expect(visit.getByTestId('presenters').locator('li')).toHaveCount(10);
  await controlled(visit);
  await visit.close();

  await context.setOffline(true);
  const page = await context.newPage();
  await page.goto(`${base()}/j`);
  await hydrated(page);
  await expect(page.getByTestId('judge-name')).toContainText(state.judge.name);
  await score(page, presenter, { results: '41', defence: '22', satisfaction: '15' });
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-online', 'false');
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '1');

  await context.setOffline(false);
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  const { body: after } = await api('/api/v1/events/demo/state', token);
  expect(after.sheets[presenter].submitted).toBe(true);
  expect(after.sheets[presenter].values).toEqual({ results: 41, defence: 22, satisfaction: 15 });
  await context.close();
});

test('the judge is shown how to install (on iOS: copy the link, Share steps, paste it in the app) and whether the browser keeps the storage', async ({ browser }) => {
  const token = await judgeToken('j07');
  const android = await browser.newContext(phone);
  const page = await android.newPage();
  await page.goto(`${base()}/j/${token}`);
  await hydrated(page);
  const card = page.getByTestId('install');
  await expect(card).toBeVisible();
  // Chromium either hands over its install prompt or leaves installing to its menu.
  await expect(card).toHaveAttribute('data-install', /^(prompt|menu)$/);
  const kept = await page.evaluate(() => navigator.storage.persisted());
  const storage = page.getByTestId('storage');
  await expect(storage).toHaveAttribute('data-persisted', String(kept));
  await expect(storage).toContainText(kept ? '一直保存' : '可能清掉本机数据');
  await card.getByRole('button', { name: '以后再说' }).click();
  await expect(card).toHaveCount(0);
  await android.close();

  const iphone = await browser.newContext({
    ...devices['iPhone 13'], locale: 'zh-CN', permissions: ['clipboard-read', 'clipboard-write'],
  });
  const ios = await iphone.newPage();
  await ios.goto(`${base()}/j/${token}`);
  await hydrated(ios);
  const steps = ios.getByTestId('install');
  await expect(steps).toHaveAttribute('data-install', 'ios');
  await expect(steps).toContainText('分享');
  await expect(steps).toContainText('添加到主屏幕');
  await expect(steps).toContainText('只在桌面图标打开的擂台里打分');
  // The link has left the address bar; the judge copies it for the installed app.
  await expect(ios).toHaveURL(`${base()}/j`);
  await steps.getByTestId('copy-link').click();
  await expect(steps.getByTestId('copy-link')).toHaveText('已复制');
  const copied = await ios.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${base()}/j/${token}`);
  await iphone.close();

  // The home-screen app has storage of its own: it opens signed out, and takes the link.
  const app = await browser.newContext({ ...devices['iPhone 13'], locale: 'zh-CN' });
  const installed = await app.newPage();
  await installed.goto(`${base()}/j`);
  await hydrated(installed);
  const paste = installed.getByTestId('paste-link');
  await paste.getByRole('textbox').fill(copied);
  await paste.getByRole('button', { name: '打开' }).click();
  await expect(installed.locator('.judge')).toHaveAttribute('data-screen', 'ready');
  await expect(installed).toHaveURL(`${base()}/j`);
  await app.close();
});

/** A second build of the app: the same binary serving a copy of its site with the judge's
 *  script changed (so a new file name, a new service worker version), as `make build`
 *  would produce; `LEITAI_SITE_DIR` points the binary at it. */
function secondBuild(): { dir: string; env: Record<string, string>; script: string } {
  const root = resolve(__dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'leitai-build2-'));
  cpSync(join(root, 'target/site'), dir, { recursive: true });
  const names = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8'));
  const old: string = names.judge.js;
  const fresh = old.replace(/\.js$/, '-two.js');
  writeFileSync(join(dir, fresh), readFileSync(join(dir, old), 'utf8') + '\n// the second build\n');
  names.judge.js = fresh;
  writeFileSync(join(dir, 'site.json'), JSON.stringify(names));
  return { dir, env: { LEITAI_SITE_DIR: dir }, script: fresh };
}

test('a new build reaches a running app as an update prompt; unsynced scores survive the reload, then sync', async ({ browser }) => {
  test.setTimeout(120_000);
  const build = secondBuild();
  const first = await startServer();
  let second: Running | undefined;
  try {
    const token = await judgeToken('j01', first.base, first.hostToken);
    const { body: state } = await api('/api/v1/events/demo/state', token, {}, first.base);
    const presenter: string = state.event.presenters[0].id;
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(`${first.base}/j/${token}`);
    await hydrated(page);
    await controlled(page);
    // The first install of the service worker is not an update.
    await expect(page.getByTestId('update-ready')).toHaveCount(0);

    // The scores stay on the phone: its pushes do not get through for now.
    const held = '**/api/v1/events/*/sync';
    await page.route(held, route => route.abort());
    await score(page, presenter, { results: '44', defence: '27', satisfaction: '18.5' });
    await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '1');

    // The host restarts the server with the new build, on the same address and data.
    await first.stop({ keepData: true });
    second = await startServer({ env: build.env, port: first.port, data: first.data, hostToken: first.hostToken });
    await expect(page.getByTestId('update-ready')).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '1');

    const reloaded = page.waitForEvent('load');
    await page.getByTestId('update-reload').click();
    await reloaded;
    await hydrated(page);
    await expect(page.locator('link[rel="modulepreload"]')).toHaveAttribute('href', build.script);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '1');
    await expect(page.locator(`button[data-presenter="${presenter}"]`)).toHaveAttribute('data-status', 'submitted');

    await page.unroute(held);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
    const { body: after } = await api('/api/v1/events/demo/state', token, {}, second.base);
    expect(after.sheets[presenter].values).toEqual({ results: 44, defence: 27, satisfaction: 18.5 });
    await context.close();
  } finally {
    await (second ?? first).stop();
    rmSync(build.dir, { recursive: true, force: true });
  }
});
