// A judge scores on a phone with no connection: nothing is lost across a reload, and it all
// reaches the server when the connection returns; another device of the judge converges.
// It reveals a presenter, so it has a server of its own: the specs on the shared server
// read the demo event as seeded.
import { test, expect, devices } from '@playwright/test';
import { startServer, type Running } from '../server';
import { api as apiAt, hydrated, judgeToken as judgeTokenAt, score } from '../support/judge';

let server: Running;
const base = () => server.base;
const hostToken = () => server.hostToken;
const api = (path: string, token = hostToken(), init: RequestInit = {}) => apiAt(path, token, init, base());
const judgeToken = (id: string) => judgeTokenAt(id, base(), hostToken());

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

test('a judge scores three presenters offline, reloads, and everything syncs when back online', async ({ page, context, browser }) => {
  const token = await judgeToken('j01');
  const { body: before } = await api('/api/v1/events/demo/state', token);
  const presenters: string[] = before.event.presenters.slice(0, 3).map((p: { id: string }) => p.id);

  await page.goto(`${base()}/j/${token}`);
  await hydrated(page);
  await expect(page.getByTestId('judge-name')).toContainText(before.judge.name);
  // The token leaves the address bar once the device has stored it.
  await expect(page).toHaveURL(/\/j$/);
  await expect(page.getByTestId('presenters').locator('li')).toHaveCount(10);
  // The service worker has the app in its cache before the network goes.
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);

  await context.setOffline(true);
  const entered = [
    { results: '45', defence: '26.5', satisfaction: '18' },
    { results: '40.5', defence: '25', satisfaction: '17' },
    { results: '38', defence: '24', satisfaction: '16.5' },
  ];
  for (const [i, p] of presenters.entries()) await score(page, p, entered[i], { stepUp: 'satisfaction' });

  const bar = page.getByTestId('sync-bar');
  await expect(bar).toHaveAttribute('data-online', 'false');
  await expect(bar).toHaveAttribute('data-pending', '3');
  for (const p of presenters) {
    await expect(page.locator(`button[data-presenter="${p}"]`)).toHaveAttribute('data-status', 'submitted');
  }

  // A reload with no network: the page comes from the service worker, the sheets from storage.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '3');
  const totals = ['90', '83', '79'];
  for (const [i, p] of presenters.entries()) {
    const row = page.locator(`button[data-presenter="${p}"]`);
    await expect(row).toHaveAttribute('data-status', 'submitted');
    await expect(row.locator('.total')).toHaveText(totals[i]);
  }

  await context.setOffline(false);
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  for (const p of presenters) {
    await expect(page.locator(`button[data-presenter="${p}"]`)).toHaveAttribute('data-status', 'synced');
  }

  // The server holds the three sheets, read back through the contract's `state`.
  const { body: after } = await api('/api/v1/events/demo/state', token);
  for (const [i, p] of presenters.entries()) {
    const sheet = after.sheets[p];
    expect(sheet.submitted).toBe(true);
    expect(sheet.values.results).toBe(Number(entered[i].results));
    expect(sheet.values.defence).toBe(Number(entered[i].defence));
    expect(sheet.values.satisfaction).toBe(Number(entered[i].satisfaction) + 0.5);
  }

  // Each synced sheet shows the server's receipt, the same one the host looks up.
  await page.locator(`button[data-presenter="${presenters[0]}"]`).click();
  const receipt = page.getByTestId('receipt');
  const recorded = after.sheets[presenters[0]];
  await expect(receipt).toHaveAttribute('data-seq', String(recorded.server_seq));
  await expect(receipt).toHaveAttribute('data-receipt', recorded.receipt);
  const lookup = await api(`/api/v1/events/demo/receipts/${recorded.server_seq}?receipt=${recorded.receipt}`);
  expect(lookup.status).toBe(200);
  expect(lookup.body.matches).toBe(true);
  await page.getByTestId('back').click();

  // A second device signed in with the same link rebuilds the same sheets from the server.
  const other = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  const phone = await other.newPage();
  await phone.goto(`${base()}/j/${token}`);
  await hydrated(phone);
  for (const [i, p] of presenters.entries()) {
    const row = phone.locator(`button[data-presenter="${p}"]`);
    await expect(row).toHaveAttribute('data-status', 'synced');
    await expect(row.locator('.total')).toHaveText(totals[i]);
  }
  await phone.locator(`button[data-presenter="${presenters[0]}"]`).click();
  await expect(phone.locator('[data-criterion="defence"] input')).toHaveValue('26.5');
  await other.close();
});

test('after the reveal a sheet is read-only and says whether it was counted', async ({ page }) => {
  const token = await judgeToken('j02');
  const { body: state } = await api('/api/v1/events/demo/state', token);
  const presenter: string = state.event.presenters[9].id;

  await page.goto(`${base()}/j/${token}`);
  await hydrated(page);
  await score(page, presenter, { results: '30', defence: '20', satisfaction: '10' });
  await expect(page.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });

  const reveal = await api(`/api/v1/events/demo/presenters/${presenter}/reveal`, hostToken(), {
    method: 'POST',
    body: JSON.stringify({ force: true }),
  });
  expect(reveal.status).toBe(200);

  await page.getByTestId('sync-now').click();
  const row = page.locator(`button[data-presenter="${presenter}"]`);
  await expect(row).toHaveAttribute('data-status', 'counted');
  await row.click();
  const revealed = page.getByTestId('revealed');
  await expect(revealed).toContainText('您的评分已计入');
  await expect(revealed.locator('.final')).toHaveText(String(reveal.body.final));
  await expect(page.locator('[data-criterion="results"] input')).toHaveJSProperty('readOnly', true);
  await expect(page.getByTestId('submit')).toHaveCount(0);
});

test('a wrong link gets a clear page, and a device with no link is told what to do and can paste it', async ({ page }) => {
  await page.goto(`${base()}/j/0123456789abcdef0123456789abcdef`);
  await hydrated(page);
  await expect(page.getByTestId('bad-link')).toContainText('这个评委链接无效');
  await page.goto(`${base()}/j`);
  await hydrated(page);
  await expect(page.locator('.judge')).toHaveAttribute('data-screen', 'nosession');
  await expect(page.locator('.judge')).toContainText('评委链接');

  // An installed iPhone app opens like this: the judge pastes the link instead.
  const form = page.getByTestId('paste-link');
  const field = form.getByLabel('或把评委链接粘贴到这里');
  await field.fill(`${base()}/host#token=${hostToken()}`);
  await form.getByRole('button', { name: '打开' }).click();
  await expect(page.getByTestId('not-a-link')).toBeVisible();
  await expect(page.locator('.judge')).toHaveAttribute('data-screen', 'nosession');
  const { body } = await api('/api/v1/events/demo/judges');
  const j11 = body.judges.find((j: { id: string }) => j.id === 'j11');
  await field.fill(` ${j11.join_url} `);
  await field.press('Enter');
  await expect(page.locator('.judge')).toHaveAttribute('data-screen', 'ready');
  await expect(page.getByTestId('judge-name')).toContainText(j11.name);
  await expect(page).toHaveURL(`${base()}/j`);
});
