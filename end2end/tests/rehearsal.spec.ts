// The day before: a rehearsal of the real event with two judges' phones and the screen;
// every page says it is a rehearsal, and ending it wipes the phones' rehearsal scores, which
// each phone says. Then the real round, with one judge's paper sheet entered by the host, counted
// and marked as paper in the host's results.
import { test, expect, devices, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { startServer, type Running } from '../server';
import { call, judges as judgesOf } from '../support/event';
import { shot } from '../support/shots';
import { hydrated } from '../support/page';

let server: Running;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** A whole sheet for `presenter` on a judge's phone, submitted and synced. */
async function scoreOn(phone: Page, presenter: string, values: Record<string, string>) {
  await phone.locator(`[data-presenter="${presenter}"]`).first().click();
  const sheet = phone.getByTestId('sheet');
  for (const [criterion, value] of Object.entries(values)) {
    const input = sheet.locator(`[data-criterion="${criterion}"] input`);
    await input.fill(value);
    await input.blur();
  }
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('saved')).toBeVisible();
  await phone.getByTestId('back').click();
  await expect(phone.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
}

async function open(browser: Browser, path: string, phone: boolean): Promise<Page> {
  const context = await browser.newContext(phone
    ? { ...devices['Pixel 7'], locale: 'zh-CN' }
    : { viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.base + path);
  await hydrated(page);
  return page;
}

test('a rehearsal says so everywhere, and ending it clears the phone; a paper sheet counts and is marked', async ({ browser }) => {
  const all = await judgesOf(server);
  const judge = all[0];
  const phone = await open(browser, `/j/${judge.token}`, true);
  await expect(phone.getByTestId('presenters').locator('li')).toHaveCount(10);
  const second = await open(browser, `/j/${all[2].token}`, true);
  const screen = await open(browser, '/screen', false);
  await expect(screen.getByTestId('rehearsal-banner')).toHaveCount(0);

  const started = await call(server, 'POST', '/api/v1/events/demo/rehearsal', server.hostToken);
  expect(started.status).toBe(200);
  expect(started.body.event.state).toBe('rehearsal');
  await expect(phone.getByTestId('rehearsal-banner')).toBeVisible();
  await expect(second.getByTestId('rehearsal-banner')).toBeVisible();
  await expect(screen.getByTestId('rehearsal-banner')).toBeVisible();
  await expect(screen.getByTestId('rehearsal-banner')).toContainText('彩排');
  await shot(phone, 'rehearsal-judge');
  await shot(screen, 'rehearsal-screen');

  // The judge tries the app: a whole sheet, submitted and synced.
  const presenter = await phone.getByTestId('presenters').locator('[data-presenter]').first().getAttribute('data-presenter');
  await scoreOn(phone, presenter!, { results: '40', defence: '25', satisfaction: '15' });
  const during = await call(server, 'GET', '/api/v1/events/demo/state', judge.token);
  expect(Object.keys(during.body.sheets)).toContain(presenter);
  // The second judge tries it too.
  await scoreOn(second, presenter!, { results: '38', defence: '22', satisfaction: '14' });

  // The rehearsal ends: the server wipes it, the phone drops its copy and says so.
  const ended = await call(server, 'DELETE', '/api/v1/events/demo/rehearsal', server.hostToken);
  expect(ended.status).toBe(200);
  expect(ended.body.wiped.sheets).toBe(2);
  await expect(phone.getByTestId('rehearsal-dropped')).toBeVisible({ timeout: 15_000 });
  await expect(second.getByTestId('rehearsal-dropped')).toBeVisible({ timeout: 15_000 });
  await expect(second.locator(`button[data-presenter="${presenter}"]`)).toHaveAttribute('data-status', 'not-started');
  await expect(phone.getByTestId('rehearsal-banner')).toHaveCount(0);
  await expect(screen.getByTestId('rehearsal-banner')).toHaveCount(0);
  await expect(phone.locator(`button[data-presenter="${presenter}"]`)).toHaveAttribute('data-status', 'not-started');
  await shot(phone, 'rehearsal-dropped');
  await phone.getByTestId('rehearsal-dropped').getByRole('button').click();
  await expect(phone.getByTestId('rehearsal-dropped')).toHaveCount(0);
  const after = await call(server, 'GET', '/api/v1/events/demo/state', judge.token);
  expect(after.body.sheets).toEqual({});

  // The real round: the phone's score counts now.
  await scoreOn(phone, presenter!, { results: '44', defence: '26', satisfaction: '17' });
  const real = await call(server, 'GET', '/api/v1/events/demo/state', judge.token);
  expect(real.body.sheets[presenter!].values.results).toBe(44);

  // A second judge's phone is broken: the host enters the paper sheet, then reveals.
  const paper = await call(server, 'POST', '/api/v1/events/demo/paper', server.hostToken, {
    judge: all[1].id, presenter, values: { results: 42, defence: 24.5, satisfaction: 16 }, submitted: true,
    op_id: randomUUID(), entered_by: '王秘书',
  });
  expect(paper.status).toBe(200);
  expect(paper.body.outcome).toBe('applied');
  const revealed = await call(server, 'POST', `/api/v1/events/demo/presenters/${presenter}/reveal`, server.hostToken, { force: true });
  expect(revealed.status).toBe(200);

  const host = await open(browser, `/host#token=${server.hostToken}`, true);
  await expect(host.getByTestId('console')).toBeVisible();
  await host.goto(`${server.base}/host/results`);
  await hydrated(host);
  const row = host.locator(`tr[data-judge="${all[1].id}"]`).first();
  await expect(row.getByTestId('paper-mark')).toContainText('王秘书');
  await shot(host, 'results-paper');
  // The audit log names who typed the paper sheet in, not a device's code.
  await host.goto(`${server.base}/host/audit`);
  await hydrated(host);
  await expect(host.getByTestId('audit-paper').first()).toContainText('王秘书');
});
