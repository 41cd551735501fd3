// 评委意见建议 on 局长直通车: a judge's written point, sent with the sheet, reaches the host's
// items page (names, never ids), and one tap turns it into the raise form filled in, which
// the host checks and sends.
import { randomUUID } from 'node:crypto';
import { test, expect } from '@playwright/test';
import { startServer, type Running } from '../server';
import { call, judges } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';
import { fitsThePhone, hydrated } from '../support/page';

let server: Running;

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** A judge's sheet for `presenter` with a written point, as the judge's phone sends it. */
async function sendNote(token: string, presenter: string, note: string) {
  const res = await call(server, 'POST', '/api/v1/events/demo/sync', token, {
    device: randomUUID(),
    ops: [{ op_id: randomUUID(), presenter, rev: 1, values: { results: 40 }, submitted: false,
      client_time: new Date().toISOString(), note }],
  });
  expect(res.status).toBe(200);
  expect(res.body.results[0].outcome).toBe('applied');
}

test('a judge’s point becomes an item in one tap and a check', async ({ page }) => {
  test.setTimeout(120_000);
  const panel = await judges(server);
  const byId = (id: string) => panel.find((j) => j.id === id)!;

  // Before any point: the card says so.
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await page.getByTestId('host-nav').locator('a[href^="/host/items"]').click();
  await hydrated(page);
  const card = page.getByTestId('notes');
  await expect(card).toContainText('评委意见建议');
  await expect(card.getByTestId('notes-empty')).toHaveText('还没有评委写意见建议。');

  const point = '社区服务站夜间没人值守\n群众晚上办事找不到人，建议排班。';
  await sendNote(byId('j05').token, 'shinan', point);
  await sendNote(byId('j01').token, 'jiaozhou', '优待清单要让群众看得懂');
  await page.reload();
  await hydrated(page);

  // The points, in speaking order, with the unit and the judge's group: never an id.
  const rows = card.getByTestId('sheet-note');
  await expect(rows).toHaveCount(2);
  const row = card.locator('[data-testid="sheet-note"][data-presenter="shinan"]');
  await expect(row).toContainText('市南区退役军人事务局');
  await expect(row).toContainText('最美退役军人评委');
  await expect(row.locator('.sheet-note-text')).toHaveText(point);
  const words = (await card.innerText());
  for (const id of ['shinan', 'jiaozhou', 'j05', 'j01', 'exemplary', 'business']) {
    expect(words, `the card shows no id (${id})`).not.toContain(id);
  }
  await card.scrollIntoViewIfNeeded();
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the judges’ points');
  await shot(page, 'notes-1-card', false);

  // 转为事项: the raise form, filled in, the title in focus for the host to check.
  await row.getByTestId('note-to-item').click();
  const title = page.getByTestId('raise-title');
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('社区服务站夜间没人值守');
  await expect(page.getByTestId('raise-detail')).toHaveValue(point);
  await expect(page.getByTestId('raise-unit').locator('option:checked')).toContainText('市南区退役军人事务局');
  await expect(page.getByTestId('raise-source')).toHaveValue('representative');
  await expect(page.getByTestId('raise-group').locator('option:checked')).toHaveText('最美退役军人');
  await page.getByTestId('raise-owner').fill('李明');
  await page.getByTestId('raise-due').fill('2099-09-30');
  await shot(page, 'notes-2-form', false);
  await page.getByTestId('raise-submit').click();
  await expect(page.getByTestId('raise-done')).toContainText('已交办，编号');

  const items = (await call(server, 'GET', '/api/v1/events/demo/items', server.hostToken)).body.items;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    presenter: 'shinan',
    title: '社区服务站夜间没人值守',
    detail: point,
    source: 'representative',
    raised_by: 'exemplary',
    owner: '李明',
  });
  await expect(page.getByTestId('item-list')).toContainText('社区服务站夜间没人值守');
});
