// A judge scores as people do, at a person's pace and at a machine's: a tap on submit
// right after fixing a field lands, what is being typed is never rewritten by a sync
// behind it, a refused score stays with its reason, two taps send one sheet, and a draft
// never looks done. axe-core finds nothing serious on the list or the sheet.
import { test, expect, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { api, hydrated, judgeToken } from '../support/judge';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';

let server: Running;

test.use({ locale: 'zh-CN' });

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

async function openJudge(page: Page, judge: string) {
  const token = await judgeToken(judge, server.base, server.hostToken);
  await page.goto(`${server.base}/j/${token}`);
  await hydrated(page);
  await expect(page.getByTestId('presenters').locator('li')).toHaveCount(10);
  return token;
}

async function openSheet(page: Page, presenter: string) {
  await page.locator(`button[data-presenter="${presenter}"]`).click();
  const sheet = page.getByTestId('sheet');
  await expect(sheet).toHaveAttribute('data-presenter', presenter);
  return sheet;
}

/** A finger's tap: down, a human moment, up, at the element's centre as it is now (the
 *  judge has scrolled it into sight first, the field still focused). */
async function humanTap(page: Page, selector: ReturnType<Page['locator']>) {
  await selector.evaluate(e => e.scrollIntoView({ block: 'center' }));
  const box = (await selector.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(160);
  await page.mouse.up();
}

const input = (sheet: ReturnType<Page['locator']>, criterion: string) =>
  sheet.locator(`[data-criterion="${criterion}"] input`);

test('a tap on submit right after filling the missing score lands, at a person\'s pace', async ({ page }) => {
  await openJudge(page, 'j03');
  const sheet = await openSheet(page, 'shinan');
  await input(sheet, 'results').pressSequentially('40', { delay: 60 });
  await input(sheet, 'defence').click();
  await input(sheet, 'defence').pressSequentially('25', { delay: 60 });
  await humanTap(page, sheet.getByTestId('submit'));
  const problem = sheet.getByTestId('problem');
  await expect(problem).toContainText('请先为每一项打分');
  await expect(problem).toContainText('服务对象满意度');
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'draft');
  await shot(page, 'judge-1-missing', true);

  // The judge fills the last field and taps submit straight from it: leaving the field
  // must not move the button from under the finger.
  await input(sheet, 'satisfaction').click();
  await input(sheet, 'satisfaction').pressSequentially('16', { delay: 60 });
  await humanTap(page, sheet.getByTestId('submit'));
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', /^(submitted|synced)$/);
  await expect(sheet.getByTestId('problem')).toHaveCount(0);
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'synced', { timeout: 15_000 });
  await expect(sheet.getByTestId('saved')).toBeVisible();
  await expect(input(sheet, 'satisfaction')).toHaveValue('16');
  await shot(page, 'judge-2-submitted', true);
  await expectNoSeriousAxe(page, 'the judge\'s sheet');
  await page.getByTestId('back').click();
  await expect(page.locator('button[data-presenter="shinan"]')).toHaveAttribute('data-status', 'synced');
  await shot(page, 'judge-3-list', true);
  await expectNoSeriousAxe(page, 'the judge\'s list');
});

test('the same at a machine\'s pace: fill and tap with no pause', async ({ page }) => {
  await openJudge(page, 'j08');
  const sheet = await openSheet(page, 'shinan');
  await input(sheet, 'results').fill('41');
  await input(sheet, 'defence').fill('24');
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('problem')).toContainText('服务对象满意度');
  await input(sheet, 'satisfaction').fill('17');
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', /^(submitted|synced)$/);
});

test('what the judge is typing is never rewritten by the sync behind it', async ({ page }) => {
  await openJudge(page, 'j09');
  const sheet = await openSheet(page, 'xihaian');
  await input(sheet, 'results').pressSequentially('16', { delay: 50 });
  // Straight on to the next field: leaving the first sends it within half a second,
  // and the answer comes back while the judge is still typing here.
  await input(sheet, 'defence').click();
  await input(sheet, 'defence').pressSequentially('25', { delay: 250 });
  await page.waitForTimeout(1500);
  await expect(input(sheet, 'defence')).toBeFocused();
  await expect(input(sheet, 'defence')).toHaveValue('25');
  await expect(input(sheet, 'results')).toHaveValue('16');
  await input(sheet, 'satisfaction').click();
  await expect(input(sheet, 'defence')).toHaveValue('25');
  await expect(sheet.getByTestId('total')).toContainText('41');
});

test('a refused score stays where it was typed, with the field and its limits', async ({ page }) => {
  await openJudge(page, 'j10');
  const sheet = await openSheet(page, 'chengyang');
  await input(sheet, 'results').pressSequentially('60', { delay: 50 });
  // Another field's + right away: the refused 60 must not vanish.
  await humanTap(page, sheet.locator('[data-criterion="defence"] .step.up'));
  await expect(input(sheet, 'results')).toHaveValue('60');
  await expect(sheet.locator('[data-criterion="results"]')).toHaveClass(/bad/);
  await expect(input(sheet, 'results')).toHaveAttribute('aria-invalid', 'true');
  await expect(sheet.getByTestId('problem')).toContainText('“60”不行。工作实绩：0–50 分，每次 0.5 分');
  await expect(input(sheet, 'defence')).toHaveValue('0');
  await shot(page, 'judge-4-refused', true);
  // Submitting over a refused score is refused: the sheet would not be what it shows.
  await input(sheet, 'satisfaction').fill('10');
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'draft');
  await expect(sheet.getByTestId('problem')).toContainText('工作实绩');
  await input(sheet, 'results').fill('45');
  await input(sheet, 'results').blur();
  await expect(sheet.locator('[data-criterion="results"]')).not.toHaveClass(/bad/);
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', /^(submitted|synced)$/);
});

test('a draft never looks done, in the sheet, the list or the sync bar', async ({ page }) => {
  await openJudge(page, 'j11');
  const sheet = await openSheet(page, 'laixi');
  await input(sheet, 'results').fill('30');
  await input(sheet, 'defence').fill('20');
  await input(sheet, 'satisfaction').fill('15');
  await input(sheet, 'satisfaction').blur();
  // Everything is on the server (as a draft) and nothing is pending.
  const bar = page.getByTestId('sync-bar');
  await expect(bar).toHaveAttribute('data-pending', '0', { timeout: 15_000 });
  await expect(bar).toHaveAttribute('data-unsubmitted', '1');
  await expect(bar.getByTestId('pending')).toHaveText('1 份还没提交');
  await expect(sheet.getByTestId('sheet-status')).toHaveText('未提交');
  await expect(sheet.getByTestId('sheet-note')).toContainText('未提交');
  await expect(sheet.getByTestId('saved')).toHaveCount(0);
  await expect(sheet.getByTestId('receipt')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('全部已送到服务器');
  await page.getByTestId('back').click();
  const row = page.locator('button[data-presenter="laixi"]');
  await expect(row).toHaveAttribute('data-status', 'draft');
  await expect(row).toContainText('未提交');
  await expect(row.locator('.total')).toHaveCount(0);
  await shot(page, 'judge-5-draft-list', true);

  await openSheet(page, 'laixi');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('sheet-status')).toHaveAttribute('data-status', 'synced', { timeout: 15_000 });
  await expect(bar.getByTestId('pending')).toHaveText('全部已送到服务器');
});

test('two quick taps on submit send one sheet', async ({ page }) => {
  await openJudge(page, 'j12');
  const sheet = await openSheet(page, 'laoshan');
  await input(sheet, 'results').fill('33');
  await input(sheet, 'defence').fill('22');
  await input(sheet, 'satisfaction').fill('11');
  await sheet.getByTestId('submit').dblclick();
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'synced', { timeout: 15_000 });
  const audit = await api(`/api/v1/events/demo/audit?kind=op&judge=j12&presenter=laoshan`, server.hostToken, {}, server.base);
  const submitted = audit.body.audit.filter((e: { submitted?: boolean }) => e.submitted === true);
  expect(submitted).toHaveLength(1);
});
