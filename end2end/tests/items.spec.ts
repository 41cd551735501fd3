// 局长直通车 from the browser: an item raised on the presenter on stage in two taps (and a
// title), the unit's own link posting progress and reporting it done on a phone, the host
// accepting it and entering the representatives' vote, the figures following, and the ledger
// (台账) downloaded and read back.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startServer, type Running } from '../server';
import { call, move } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';
import { fitsThePhone, hydrated } from '../support/page';
import { readXlsx } from '../support/xlsx';

let server: Running;

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

test('an item raised live is followed to closure through the unit’s own link', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await move(server, 'start_report');
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  const onStage = (await page.getByTestId('current-presenter').textContent())!.trim();

  // Tap one: the presenter on stage; the form opens with the unit chosen and the title ready.
  await page.getByTestId('raise-item').click();
  await expect(page).toHaveURL(/\/host\/items\?event=demo&presenter=[a-z]+#raise$/);
  await hydrated(page);
  await expect(page.getByTestId('raise-title')).toBeFocused();
  await expect(page.getByTestId('raise-unit').locator('option:checked')).toContainText(onStage);
  await page.getByTestId('raise-title').fill('社区养老服务站夜间无人值守');
  await page.getByTestId('raise-owner').fill('王强');
  await page.getByTestId('raise-due').fill('2099-09-30');
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the raise form');
  await shot(page, 'items-1-raise', false);
  // Tap two (twice: it counts once).
  await page.getByTestId('raise-submit').dblclick();
  const done = page.getByTestId('raise-done');
  await expect(done).toContainText('已交办，编号');
  const items = (await call(server, 'GET', '/api/v1/events/demo/items', server.hostToken)).body.items;
  expect(items).toHaveLength(1);
  const item = items[0];
  expect(item.title).toBe('社区养老服务站夜间无人值守');

  // The unit's link, made on the links page.
  await page.getByTestId('to-unit-links').click();
  await hydrated(page);
  await expect(page.getByTestId('unit-links')).toBeInViewport();
  const unitRow = page.locator(`[data-testid="unit-link"][data-unit="${item.presenter}"]`);
  await expect(unitRow).toContainText('1 件事项');
  await unitRow.getByTestId('unit-issue').click();
  const url = (await unitRow.getByTestId('unit-join-url').textContent())!.trim();
  expect(url).toMatch(/\/u\/[0-9a-f]{32}$/);
  await expect(unitRow.locator('.unit-qr svg')).toBeVisible();
  // A new link ends the old one at once, so the page asks first; dismissed, the link stays.
  page.once('dialog', (dialog) => dialog.dismiss());
  await unitRow.getByTestId('unit-issue').click();
  await expect(unitRow.getByTestId('unit-join-url')).toHaveText(url);

  // The unit on its own phone: the item, a progress note, then "done" with what was done.
  const unitPhone = await browser.newContext({ ...test.info().project.use, locale: 'zh-CN' });
  const unit = await unitPhone.newPage();
  await unit.goto(url);
  await hydrated(unit);
  await expect(unit.getByTestId('unit-name')).toHaveText(onStage);
  const card = unit.getByTestId('unit-item');
  await expect(card).toContainText('社区养老服务站夜间无人值守');
  await expect(card.getByTestId('unit-item-status')).toHaveText('已交办');
  await card.getByTestId('unit-note').click();
  await expect(card.getByTestId('unit-failed')).toHaveText('请先写上进展。');
  await card.getByTestId('unit-text').fill('已排班，夜间有专人值守。');
  await card.getByTestId('unit-note').click();
  await expect(unit.getByTestId('unit-item')).toContainText('已排班，夜间有专人值守。');
  await unit.getByTestId('unit-text').fill('值守制度已上墙，家属回访满意。');
  await unit.getByTestId('unit-move-reported').dblclick();
  await expect(unit.getByTestId('unit-item-status')).toHaveText('已反馈');
  await fitsThePhone(unit);
  await expectNoSeriousAxe(unit, 'the unit’s page');
  await shot(unit, 'items-2-unit', true);
  const history = (await call(server, 'GET', `/api/v1/events/demo/items/${item.id}`, server.hostToken)).body.history;
  expect(history.filter((e: { by: string }) => e.by === 'unit')).toHaveLength(3);

  // The host accepts it, then enters the vote; the figures follow.
  await page.goto(`${server.base}/host/items?event=demo`);
  await hydrated(page);
  const hostCard = page.locator(`[data-testid="item-card"][data-item="${item.id}"]`);
  await expect(hostCard).toHaveAttribute('data-status', 'reported');
  await hostCard.getByTestId('item-open').click();
  await expect(hostCard.getByTestId('item-history')).toContainText('值守制度已上墙');
  await hostCard.getByTestId('item-move-accepted').click();
  await hostCard.getByTestId('item-confirm-move').click();
  await expect(hostCard).toHaveAttribute('data-status', 'accepted');
  const figures = page.getByTestId('items-figures');
  await expect(figures).toContainText('100.0%');
  // The card stays open after a step, or opens again with one tap.
  if (!(await hostCard.getByTestId('item-vote-satisfied').isVisible())) await hostCard.getByTestId('item-open').click();
  await hostCard.getByTestId('item-vote-satisfied').fill('9');
  await hostCard.getByTestId('item-vote-basically_satisfied').fill('2');
  await hostCard.getByTestId('item-vote-unsatisfied').fill('1');
  await hostCard.getByTestId('item-vote-abstain').fill('0');
  await hostCard.getByTestId('item-vote').click();
  await expect(hostCard).toHaveAttribute('data-status', 'closed');
  const summary = (await call(server, 'GET', '/api/v1/events/demo/items/summary', server.hostToken)).body;
  expect(summary.closure_rate).toBe('1.0000');
  expect(summary.satisfaction_rate).toBe('0.9167');
  await expect(figures).toContainText('91.7%');

  // The ledger (台账) downloaded from the page and read back: the item's row, and the rates
  // on its figures sheet as the page shows them.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-xlsx').click()]);
  expect(file.suggestedFilename()).toBe('leitai-demo-items.xlsx');
  const book = readXlsx(readFileSync((await file.path())!));
  const ledger = book.get('事项台账')!;
  expect(ledger[0].slice(0, 4)).toEqual(['编号', '来源', '责任单位', '事项']);
  const row = ledger.find(r => r[0] === item.number)!;
  expect(row[3]).toBe('社区养老服务站夜间无人值守');
  expect(row[8]).toBe('已销号');
  expect(row[13]).toBe('满意 9，基本满意 2，不满意 1，弃权 0');
  const stats = book.get('统计')!;
  const all = stats.find(r => r[0] === '合计')!;
  expect(all.slice(6, 9)).toEqual(['100.0%', '100.0%', '91.7%']);
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the items page');
  await shot(page, 'items-3-host', true);
  await unitPhone.close();
});
