// A clerk brings their own contest with only a browser: a blank event made on the events
// page, its groups, criteria and times set in the editor (every problem said beside its
// field as they type), the roster read from an XLSX workbook and then a GBK CSV (both made
// here, as Excel and WPS save them), and after the start only a misspelt name corrected.
import { test, expect, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { call } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';
import { gbk, xlsx } from '../support/xlsx';
import { hydrated, fitsThePhone } from '../support/page';

let server: Running;

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('a blank event set up in the editor, its roster from XLSX and GBK CSV', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await page.goto(`${server.base}/host/events`);
  await hydrated(page);

  // A blank event, then straight to its settings.
  await page.getByTestId('new-title').fill('第四季度述职评议');
  await page.getByTestId('new-date').fill('2026-12-20');
  await page.getByTestId('create-event').click();
  await page.getByTestId('edit-new-event').click();
  await expect(page).toHaveURL(/\/host\/edit\?event=e2026-12-20$/);
  await hydrated(page);
  await expect(page.getByTestId('edit-title')).toHaveValue('第四季度述职评议');
  const event = '/api/v1/events/e2026-12-20';

  // A problem is said beside its field as the clerk types, and saving waits for the fix.
  const save = page.getByTestId('save-config');
  await page.getByTestId('edit-title').fill('');
  const problems = page.getByTestId('config-problems');
  await expect(problems).toContainText('标题');
  await expect(save).toHaveClass(/blocked/);
  // Tapped while blocked, it saves nothing and takes the clerk to the first problem.
  await save.click();
  await expect(problems.locator('.edit-jump').first()).toBeFocused();
  await page.getByTestId('edit-title').fill('二〇二六年第四季度述职评议');
  await expect(problems).toHaveCount(0);

  // Two groups, two criteria, shorter reports.
  await page.getByTestId('group-name-0').fill('群众代表');
  await page.getByTestId('add-group').click();
  await expect(save).toHaveClass(/blocked/);
  await page.getByTestId('group-name-1').fill('企业家代表');
  await page.getByTestId('criterion-name-0').fill('工作实绩');
  await page.getByTestId('criterion-max-0').fill('60');
  await page.getByTestId('add-criterion').click();
  await page.getByTestId('criterion-name-1').fill('现场表现');
  await page.getByTestId('criterion-max-1').fill('40');
  // A step that does not divide the range, said in words, then fixed.
  await page.getByTestId('criterion-step-1').fill('3');
  await expect(page.locator('[data-field="criteria[1].step"]')).toBeVisible();
  await page.getByTestId('criterion-step-1').fill('0.5');
  await page.getByTestId('edit-phases-report').fill('8:00');
  await expect(problems).toHaveCount(0);
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the editor of a blank event');
  await shot(page, 'edit-1-blank', true);
  // Tapped straight from a field, and twice.
  await page.getByTestId('edit-phases-scoring').fill('2:30');
  await save.dblclick();
  await expect(page.getByTestId('config-saved')).toBeVisible();
  const saved = (await (await fetch(`${server.base}${event}/config`, {
    headers: { authorization: `Bearer ${server.hostToken}`, accept: 'application/json' },
  })).json());
  expect(saved.title).toBe('二〇二六年第四季度述职评议');
  expect(saved.groups.map((g: { name: string }) => g.name)).toEqual(['群众代表', '企业家代表']);
  expect(saved.criteria.map((c: { name: string }) => c.name)).toEqual(['工作实绩', '现场表现']);
  expect(saved.criteria[1].step).toBe(0.5);
  expect(saved.phases.report).toBe('8:00');
  expect(saved.phases.scoring).toBe('2:30');
  const audit = (await call(server, 'GET', `${event}/audit?kind=host`, server.hostToken)).body.audit;
  expect(audit.filter((e: { action: string }) => e.action === 'replace_config')).toHaveLength(1);

  // The roster from a workbook, on this event's setup page (the picker keeps it in view).
  await page.getByTestId('host-nav').locator('a[href^="/host/setup"]').click();
  await expect(page).toHaveURL(/\/host\/setup\?event=e2026-12-20$/);
  await hydrated(page);
  // Not the current event yet: the page says so before a rehearsal is tried.
  await expect(page.getByTestId('not-current')).toContainText('还不是当前活动');
  const file = page.getByTestId('roster-file');
  await file.setInputFiles({
    name: '名单.xlsx', mimeType: XLSX_TYPE, buffer: xlsx([
      ['类型', '姓名', '组别', '单位', '顺序'],
      ['评委', '李明', '群众代表', '', ''],
      ['评委', '王芳', '企业家代表', '', ''],
      ['述职人', '赵刚', '', '城东区', '2'],
      ['述职人', '孙丽', '', '城西区', '1'],
    ]),
  });
  const preview = page.getByTestId('roster-preview');
  await expect(preview).toHaveAttribute('data-rows', '4');
  await expect(preview).toHaveAttribute('data-errors', '0');
  await page.getByTestId('roster-import').click();
  await expect(page.getByTestId('roster-done')).toContainText('评委 2 位，述职人 2 位');

  // Then the full list as a GBK CSV, as WPS saves one: the same people keep their links.
  const before = (await call(server, 'GET', `${event}/judges`, server.hostToken)).body.judges;
  const liMing = before.find((j: { name: string }) => j.name === '李明').token;
  const csv = [
    '类型,姓名,组别,单位,顺序',
    '评委,李明,群众代表,,',
    '评委,王芳,企业家代表,,',
    '评委,孙丽,群众代表,,',
    '评委,赵刚,企业家代表,,',
    '述职人,李明,,城北区,3',
    '述职人,赵刚,,城东区,2',
    '述职人,孙丽,,城西区,1',
  ].join('\r\n') + '\r\n';
  await file.setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: gbk(csv) });
  await expect(preview).toHaveAttribute('data-rows', '7');
  await expect(preview).toHaveAttribute('data-errors', '0');
  await expect(preview).toContainText('城北区');
  await page.getByTestId('roster-import').click();
  await expect(page.getByTestId('roster-done')).toContainText('评委 4 位，述职人 3 位');
  const after = (await call(server, 'GET', `${event}/judges`, server.hostToken)).body.judges;
  expect(after).toHaveLength(4);
  expect(after.find((j: { name: string }) => j.name === '李明').token, 'a known judge keeps the link').toBe(liMing);

  // The editor shows the roster; the event starts; then only words may change.
  await page.getByTestId('host-nav').locator('a[href^="/host/edit"]').click();
  await hydrated(page);
  await expect(page.getByTestId('presenter-name-2')).toHaveValue('孙丽');
  const moved = await call(server, 'POST', `${event}/show`, server.hostToken, { action: 'start_report' });
  expect(moved.status).toBe(200);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('edit-locked')).toContainText('只能更正');
  await expect(page.getByTestId('criterion-max-0')).toBeDisabled();
  await expect(page.getByTestId('add-presenter')).toHaveCount(0);
  await page.getByTestId('judge-name-3').fill('赵钢');
  await save.click();
  await expect(page.getByTestId('config-saved')).toBeVisible();
  const corrected = (await call(server, 'GET', `${event}/audit?kind=host`, server.hostToken)).body.audit
    .filter((e: { action: string }) => e.action === 'correct_config');
  expect(corrected).toHaveLength(1);
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the editor after the start');
  await shot(page, 'edit-2-locked', true);

  // The event as a file, for those who keep one.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-toml').click()]);
  const path = await download.path();
  const text = (await import('node:fs')).readFileSync(path!, 'utf8');
  expect(text).toContain('赵钢');
});
