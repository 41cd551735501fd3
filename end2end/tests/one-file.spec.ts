// One file is the whole install: the release binary, copied alone into an empty folder and
// started from another working directory, serves every page and every file of the site
// from inside itself.
import { test, expect } from '@playwright/test';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../server';
import { hydrated, judgeToken } from '../support/judge';

test('the release binary copied alone anywhere serves the pages, the bundles, the icons and the service worker', async ({ browser }) => {
  const root = resolve(__dirname, '../..');
  const home = mkdtempSync(join(tmpdir(), 'leitai-alone-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'leitai-cwd-'));
  const exe = join(home, 'leitai');
  copyFileSync(join(root, 'target/release/leitai'), exe);
  chmodSync(exe, 0o755);
  const server = await startServer({ exe, cwd: elsewhere });
  try {
    const get = async (path: string, type: RegExp) => {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(type);
      return response;
    };
    expect(await (await get('/', /^text\/html/)).text()).toContain('擂台');
    const manifest = await (await get('/manifest.webmanifest', /^application\/manifest\+json/)).json();
    for (const icon of manifest.icons as { src: string }[]) {
      await get(new URL(icon.src, `${server.base}/`).pathname, /^image\//);
    }
    await get('/favicon.svg', /^image\/svg\+xml/);
    await get('/icons/apple-touch-icon.png', /^image\/png/);
    const worker = await (await get('/sw.js', /^text\/javascript/)).text();
    const precache: string[] = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(worker)![1]);
    for (const kind of ['js', 'wasm', 'css']) {
      expect(precache.some(f => f.startsWith('/pkg/leitai-judge.') && f.endsWith(`.${kind}`)), kind).toBe(true);
    }
    for (const file of precache) {
      expect((await fetch(`${server.base}${file}`)).status, file).toBe(200);
    }

    // A judge's phone: the page, its own bundle's script, wasm and styles, all from the binary.
    const context = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block' });
    const page = await context.newPage();
    const loaded: { path: string; status: number; encoding?: string }[] = [];
    page.on('response', async r => loaded.push({
      path: new URL(r.url()).pathname, status: r.status(), encoding: (await r.allHeaders())['content-encoding'],
    }));
    const token = await judgeToken('j02', server.base, server.hostToken);
    await page.goto(`${server.base}/j/${token}`);
    await hydrated(page);
    await expect(page.locator('button[data-presenter]')).toHaveCount(10);
    for (const kind of ['js', 'wasm', 'css']) {
      const file = loaded.find(f => f.path.startsWith('/pkg/leitai-judge.') && f.path.endsWith(`.${kind}`));
      expect(file, kind).toBeDefined();
      expect(file!.status).toBe(200);
      expect(file!.encoding).toBe('br');
    }
    expect(loaded.filter(f => f.status >= 400)).toEqual([]);
    await context.close();

    // Nothing was written beside the binary or into the working directory.
    expect(readdirSync(home)).toEqual(['leitai']);
    expect(readdirSync(elsewhere)).toEqual([]);
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
