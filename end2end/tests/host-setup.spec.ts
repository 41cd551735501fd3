// An office clerk prepares their own contest on a phone: a rehearsal started and ended with
// its scores wiped and said in words, a roster with a mistake shown row by row and then a
// good one imported, and a judge's paper sheet entered, counted and given a receipt.
import { test, expect, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { call } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';
import { hydrated, fitsThePhone } from '../support/page';

let server: Running;

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** The demo event's groups, by the names a clerk writes in the roster. */
const GROUPS = ['军创企业', '最美退役军人', '现役军人', '优抚对象', '社会监督员'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** A judge in a group the event does not have (row 2), and a good presenter (row 3). */
const BAD_ROSTER = csv([
  '类型,姓名,组别,单位,顺序',
  '评委,张三,财务组,,',
  '述职人,王局长,,城东区,1',
]);

/** Ten judges, two from each group (the demo's quorum), and two presenters. */
const GOOD_ROSTER = csv([
  '类型,姓名,组别,单位,顺序',
  ...Array.from({ length: 10 }, (_, i) => `评委,评委${i},${GROUPS[i % GROUPS.length]},,`),
  '述职人,王局长,,城东区,2',
  '述职人,赵局长,,城西区,1',
]);

test('a clerk rehearses, imports the roster and enters a paper sheet', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await expect(page.getByTestId('console')).toBeVisible();
  await page.getByTestId('host-nav').locator('a[href="/host/setup"]').click();
  await expect(page).toHaveURL(/\/host\/setup$/);

  // The state in plain words, and a rehearsal started with one tap.
  const state = page.getByTestId('event-state');
  await expect(state).toHaveText('筹备中');
  await expect(page.getByTestId('setup-state')).toContainText('评委用自己的真实链接打分');
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the setup page before a rehearsal');
  await shot(page, 'setup-1-draft', true);
  await page.getByTestId('start-rehearsal').click();
  await expect(state).toHaveText('彩排中');
  await expect(page.getByTestId('start-rehearsal')).toHaveCount(0);

  // A score made in the rehearsal (a paper sheet, as the API takes it).
  const rehearsed = await call(server, 'POST', '/api/v1/events/demo/paper', server.hostToken, {
    judge: 'j01', presenter: 'jiaozhou', values: { results: 40, defence: 25, satisfaction: 15 }, submitted: true,
  });
  expect(rehearsed.status, JSON.stringify(rehearsed.body)).toBe(200);
  expect(rehearsed.body.outcome).toBe('applied');

  // Ending it asks first; cancelled, nothing happens.
  await page.getByTestId('end-rehearsal').click();
  await expect(page.getByTestId('confirm-end-rehearsal')).toHaveText('确认结束并清除彩排评分');
  await page.getByTestId('cancel-end-rehearsal').click();
  await expect(page.getByTestId('confirm-end-rehearsal')).toHaveCount(0);
  await expect(state).toHaveText('彩排中');
  await page.getByTestId('end-rehearsal').click();
  await shot(page, 'setup-2-confirm', true);
  await page.getByTestId('confirm-end-rehearsal').click();
  await expect(page.getByTestId('wiped')).toContainText('已清除 1 份评分、0 次亮分。');
  await expect(state).toHaveText('筹备中');
  const demoJudges = (await call(server, 'GET', '/api/v1/events/demo/judges', server.hostToken)).body.judges;
  const j01 = demoJudges.find((j: { id: string }) => j.id === 'j01');
  const after = await call(server, 'GET', '/api/v1/events/demo/state', j01.token);
  expect(after.body.sheets, "the rehearsal's sheet is gone").toEqual({});

  // The template downloads with the host's token.
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-template').click()]);
  expect(template.suggestedFilename()).toBe('roster-template.xlsx');

  // A roster with a mistake: the row and the problem, and no import.
  const file = page.getByTestId('roster-file');
  await file.setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_ROSTER, 'utf8') });
  const errors = page.getByTestId('roster-errors');
  await expect(errors).toContainText('第 2 行：');
  await expect(errors).toContainText('财务组');
  await expect(page.getByTestId('roster-preview')).toContainText('王局长');
  await expect(page.getByTestId('roster-import')).toBeDisabled();
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'a roster with a problem');
  await shot(page, 'setup-3-roster-errors', true);

  // The fixed roster (UTF-8 with a byte order mark, as Excel saves "CSV UTF-8"): previewed
  // with groups by name, then imported.
  await file.setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.concat([BOM, Buffer.from(GOOD_ROSTER, 'utf8')]) });
  const preview = page.getByTestId('roster-preview');
  await expect(preview).toHaveAttribute('data-rows', '12');
  await expect(preview).toHaveAttribute('data-errors', '0');
  await expect(errors).toHaveCount(0);
  await expect(preview).toContainText('评委0');
  await expect(preview).toContainText('社会监督员');
  await expect(preview).toContainText('城西区');
  await expect(preview).not.toContainText('supervisor');
  await expect(page.getByTestId('roster-import')).toBeEnabled();
  await shot(page, 'setup-4-roster-preview', true);
  await page.getByTestId('roster-import').click();
  const done = page.getByTestId('roster-done');
  await expect(done).toContainText('名单已导入：评委 10 位，述职人 2 位。');
  await expect(page.getByTestId('roster-links')).toHaveAttribute('href', '/host/links?event=demo');
  const judges = (await call(server, 'GET', '/api/v1/events/demo/judges', server.hostToken)).body.judges;
  expect(judges.map((j: { name: string }) => j.name)).toContain('评委3');
  expect(judges).toHaveLength(10);

  // A paper sheet for a judge of the new roster, picked by name.
  await page.getByTestId('paper-judge').selectOption({ label: '评委3（优抚对象）' });
  await page.getByTestId('paper-presenter').selectOption({ label: '城西区（赵局长）' });
  await page.getByTestId('paper-value-results').fill('45');
  await page.getByTestId('paper-value-defence').fill('27.5');
  await page.getByTestId('paper-value-satisfaction').fill('18');
  await expect(page.getByTestId('paper-submitted')).toBeChecked();
  await page.getByTestId('paper-clerk').fill('王秘书');
  await page.getByTestId('paper-submit').click();
  const outcome = page.getByTestId('paper-outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'applied');
  await expect(outcome).toContainText('已计入');
  await expect(outcome).toContainText('评委3（优抚对象） · 城西区（赵局长）');
  await expect(page.getByTestId('paper-receipt')).toHaveText(/^回执序号 \d+，回执码 [0-9a-f]{8}$/);
  // The boxes are emptied for the next sheet, and the event has started for real.
  await expect(page.getByTestId('paper-value-results')).toHaveValue('');
  await expect(state).toHaveText('正式进行中');
  await shot(page, 'setup-5-paper', true);

  // The sheet counted once, as the judge's, entered on paper by the clerk.
  const audit = await call(server, 'GET', '/api/v1/events/demo/audit?kind=op', server.hostToken);
  const paperLines = audit.body.audit.filter((e: { paper?: string }) => e.paper === '王秘书');
  expect(paperLines).toHaveLength(1);

  // Printed, only the receipt is on paper: names, each value, the total and a line to sign.
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('paper-slip');
  await expect(slip).toBeVisible();
  await expect(page.getByTestId('setup-paper')).toBeHidden();
  await expect(slip).toContainText('评委3');
  await expect(slip).toContainText('赵局长');
  await expect(slip).toContainText('27.5');
  await expect(slip).toContainText('90.5');
  await expect(slip).toContainText('纸质表');
  await expect(slip).toContainText('评委签名：');
  await page.emulateMedia({ media: 'screen' });
  await expect(slip).toBeHidden();

  // In English too, with what the page shows kept.
  await page.getByTestId('lang-switch').click();
  await expect(state).toHaveText('Live');
  await expect(outcome).toContainText('Counted');
  await expect(page.getByTestId('paper-receipt')).toHaveText(/^Receipt no\. \d+, code [0-9a-f]{8}$/);
  await expect(done).toContainText('Roster imported: judges 10, presenters 2.');
});
