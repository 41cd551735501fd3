// A whole short event: the host runs two presenters through every phase while a screen
// and three judges follow live; one judge is offline at the second reveal and its score
// arrives late; every page recovers its state after a reload.
import { test, expect, devices, type Browser, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { shot } from '../support/shots';
import { hydrated } from '../support/page';

let server: Running;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

async function openPage(browser: Browser, path: string, phone: boolean): Promise<Page> {
  const context = await browser.newContext(phone
    ? { ...devices['Pixel 7'], locale: 'zh-CN' }
    : { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.base + path);
  await hydrated(page);
  return page;
}

async function judgeLinks(): Promise<Record<string, string>> {
  const res = await fetch(`${server.base}/api/v1/events/demo/judges`, {
    headers: { authorization: `Bearer ${server.hostToken}` },
  });
  const body = await res.json();
  return Object.fromEntries(body.judges.map((j: { id: string; token: string }) => [j.id, `/j/${j.token}`]));
}

async function judgeName(id: string): Promise<string> {
  const res = await fetch(`${server.base}/api/v1/events/demo/judges`, {
    headers: { authorization: `Bearer ${server.hostToken}` },
  });
  const body = await res.json();
  return body.judges.find((j: { id: string }) => j.id === id).name;
}

async function hostDoes(host: Page, action: string) {
  await host.locator(`[data-action="${action}"]`).click();
}

async function score(judge: Page, presenter: string, values: [string, string, string]) {
  await judge.locator(`button[data-presenter="${presenter}"]`).click();
  const sheet = judge.getByTestId('sheet');
  for (const [i, criterion] of ['results', 'defence', 'satisfaction'].entries()) {
    const input = sheet.locator(`[data-criterion="${criterion}"] input`);
    await input.fill(values[i]);
    await input.blur();
  }
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('saved')).toBeVisible();
  await judge.getByTestId('back').click();
}

test('a host runs two presenters while the screen and three judges follow live', async ({ browser }) => {
  test.setTimeout(120_000);
  const links = await judgeLinks();
  const j07Name = await judgeName('j07');
  const host = await openPage(browser, `/host#token=${server.hostToken}`, false);
  await expect(host.getByTestId('console')).toBeVisible();
  const screen = await openPage(browser, '/screen', false);
  await expect(screen.getByTestId('stage')).toHaveAttribute('data-started', 'false');
  const judges = [];
  for (const id of ['j01', 'j04', 'j07']) {
    const page = await openPage(browser, links[id], true);
    await expect(page.getByTestId('presenters').locator('li')).toHaveCount(10);
    judges.push(page);
  }
  const [a, b, c] = judges;

  // First presenter: report, defence, scoring, a refused then forced reveal.
  await hostDoes(host, 'start_report');
  const first = (await host.getByTestId('current-presenter').textContent())!;
  await expect(screen.getByTestId('stage-name')).toHaveText(first);
  await expect(screen.getByTestId('stage-phase')).toHaveText('述职报告');
  await expect(screen.getByTestId('countdown')).toHaveText(/^(10:00|9:5\d)$/);
  await expect(a.getByTestId('on-stage')).toContainText('述职报告');
  const firstId = (await a.locator('.presenters li.current button').getAttribute('data-presenter'))!;

  await hostDoes(host, 'start_defence');
  await expect(screen.getByTestId('stage-phase')).toHaveText('现场答辩');
  // A mistaken step is undone.
  await hostDoes(host, 'open_scoring');
  await expect(screen.getByTestId('stage-phase')).toHaveText('评委评分');
  await hostDoes(host, 'undo');
  await expect(screen.getByTestId('stage-phase')).toHaveText('现场答辩');
  await hostDoes(host, 'open_scoring');
  await expect(screen.getByTestId('stage-phase')).toHaveText('评委评分');

  await score(a, firstId, ['45', '26', '18']);
  await score(b, firstId, ['40', '25', '17']);
  await score(c, firstId, ['42', '24', '16']);
  await expect(screen.getByTestId('stage-progress')).toContainText('3 / 15');
  await expect(host.locator(`tr[data-judge="j04"] td[data-presenter="${firstId}"]`)).toHaveAttribute('data-state', 'submitted');

  await hostDoes(host, 'reveal');
  await expect(host.getByTestId('force-offer')).toBeVisible();
  await expect(screen.getByTestId('reveal')).toHaveCount(0);
  await hostDoes(host, 'force-reveal');
  const reveal = screen.getByTestId('reveal');
  await expect(reveal.locator('.mark')).toHaveCount(3);
  await expect(reveal.getByTestId('final-score')).toContainText('84.33');
  // The ranking takes the screen once the reveal has played out.
  await expect(screen.getByTestId('ranking').locator('li')).toHaveCount(1, { timeout: 20_000 });
  await a.getByTestId('sync-now').click();
  await expect(a.locator(`button[data-presenter="${firstId}"]`)).toHaveAttribute('data-status', 'counted');

  // Second presenter: judge C is offline at the reveal.
  await hostDoes(host, 'next');
  await expect(screen.getByTestId('stage-phase')).toHaveText('下一位');
  await hostDoes(host, 'start_report');
  await hostDoes(host, 'start_defence');
  await hostDoes(host, 'open_scoring');
  await expect(a.getByTestId('on-stage')).toContainText('评委评分');
  const secondId = (await a.locator('.presenters li.current button').getAttribute('data-presenter'))!;
  expect(secondId).not.toBe(firstId);
  await score(a, secondId, ['48', '28', '19']);
  await score(b, secondId, ['47', '27', '18']);
  await c.context().setOffline(true);
  await score(c, secondId, ['30', '20', '10']);
  await expect(c.getByTestId('sync-bar')).toHaveAttribute('data-pending', '1');
  await expect(screen.getByTestId('stage-progress')).toContainText('2 / 15');

  await hostDoes(host, 'reveal');
  await hostDoes(host, 'force-reveal');
  await expect(screen.getByTestId('reveal').getByTestId('final-score')).toContainText('93.5');
  await expect(screen.getByTestId('ranking').locator('li')).toHaveCount(2, { timeout: 20_000 });
  await expect(screen.getByTestId('ranking').locator('li').first()).toHaveAttribute('data-presenter', secondId);

  await c.context().setOffline(false);
  await expect(c.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  await c.locator(`button[data-presenter="${secondId}"]`).click();
  await expect(c.getByTestId('verdict')).toHaveAttribute('data-verdict', 'late');
  await expect(c.getByTestId('revealed')).toContainText('亮分以后才送到');
  await c.getByTestId('back').click();
  await expect(c.locator(`button[data-presenter="${secondId}"]`)).toHaveAttribute('data-status', 'late');
  // The host sees the late sheet by names, never ids.
  const lateRow = host.getByTestId('late').getByTestId('late-row');
  await expect(lateRow).toContainText(j07Name, { timeout: 10_000 });
  await expect(host.getByTestId('late')).not.toContainText('j07');

  // The host counts the late score, with a written reason; the screen marks it amended.
  await expect(lateRow.locator('[data-action="amend"]')).toBeDisabled();
  await lateRow.getByTestId('amend-reason').fill('评委手机在亮分时断网');
  await lateRow.locator('[data-action="amend"]').click();
  await expect(lateRow.getByTestId('late-counted')).toBeVisible();
  await expect(screen.getByTestId('ranking').getByTestId('amended')).toHaveCount(1, { timeout: 20_000 });

  // Every page comes back to the same state after a reload.
  for (const page of [host, screen, a, b, c]) {
    await page.reload();
    await hydrated(page);
  }
  await expect(host.getByTestId('console')).toHaveAttribute('data-phase', 'revealed');
  await expect(host.getByTestId('late')).toContainText(j07Name);
  // After a reload the reveal plays again, with the amended final, then the ranking.
  // The amended result counts C's 60 in C's group: (95 + 92 + 60) / 3.
  await expect(screen.getByTestId('reveal').getByTestId('final-score')).toContainText('82.33');
  await expect(screen.getByTestId('ranking').locator('li')).toHaveCount(2, { timeout: 20_000 });
  for (const judge of [a, b]) {
    await expect(judge.locator(`button[data-presenter="${secondId}"]`)).toHaveAttribute('data-status', 'counted');
  }
  await expect(c.locator(`button[data-presenter="${firstId}"]`)).toHaveAttribute('data-status', 'counted');
  await expect(screen.getByTestId('ranking').getByTestId('amended')).toHaveCount(1);

  // The judges' links and QR codes, on one printable sheet.
  const sheet = await host.context().newPage();
  await sheet.goto(`${server.base}/host/links`);
  await hydrated(sheet);
  await expect(sheet.locator('.judge-card')).toHaveCount(15);
  await expect(sheet.locator('.judge-card svg')).toHaveCount(15);
  await expect(sheet.locator('.judge-card').first()).toContainText('/j/');
  // Started without --public-url, the links point at this computer: the page says so.
  const warning = sheet.getByTestId('links-warning');
  await expect(warning).toContainText('127.0.0.1');
  await expect(warning).toContainText('--public-url');
  await shot(sheet, 'links-warning', true);
});
