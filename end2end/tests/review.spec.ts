// 回头看 at the next quarter's session: the host starts it on the console (a phone), the big
// screen (1920×1080 and 1280×720) shows the last session's figures as the API counts them and
// the table by unit in speaking order, all inside the projector's view; the representatives'
// votes come in, the host closes one and the screen shows its result; the next step calls
// the first presenter and the screen shows the stage again. The printable report has the
// same figures and every item reviewed.
import { randomUUID } from 'node:crypto';
import { test, expect, devices, type Browser, type Locator, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { call } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { fitsThePhone, hydrated } from '../support/page';
import { shot } from '../support/shots';

test.use({ locale: 'zh-CN' });

let server: Running;
const PREVIOUS = 'q2';
const EVENT = 'q3';
const PREVIOUS_TITLE = '2026年第二季度局长直通车交办事项';
/** Two units with long names, as a hall may have them. */
const LONG_UNITS = ['青岛西海岸新区退役军人事务局双拥工作服务中心', '青岛市退役军人服务中心（市双拥工作服务中心）'];
/** Presenters of the Q2 session by id, in its speaking order. */
let presenters: { id: string; unit: string }[];
/** The item to vote on (accepted in Q2) and the judges' tokens in Q3. */
let accepted: string;
let tokens: string[];

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];

/** A day `days` from today, `YYYY-MM-DD`. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A public answer, asked with no token at all (as the big screen asks). */
async function publicGet(path: string) {
  const res = await fetch(server.base + path);
  expect(res.status, path).toBe(200);
  return res.json();
}

async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

test.beforeAll(async () => {
  server = await startServer();
  const host = server.hostToken;
  // The Q2 session, made from the demo.
  await ok(call(server, 'POST', '/api/v1/events/new', host, {
    from: 'demo', id: PREVIOUS, title: PREVIOUS_TITLE, date: '2026-05-20',
  }), 201);
  // Two of its units with long names.
  const auth = { authorization: `Bearer ${host}` };
  const config = await (await fetch(`${server.base}/api/v1/events/${PREVIOUS}/config`,
    { headers: { ...auth, accept: 'application/json' } })).json();
  const inOrder = [...config.presenters].sort((a: { order: number }, b: { order: number }) => a.order - b.order);
  inOrder[1].unit = LONG_UNITS[0];
  inOrder[4].unit = LONG_UNITS[1];
  const put = await fetch(`${server.base}/api/v1/events/${PREVIOUS}/config`, {
    method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(config),
  });
  expect(put.status, await put.text()).toBe(200);
  const judges = (await ok(call(server, 'GET', `/api/v1/events/${PREVIOUS}/judges`, host))).judges;
  const state = await ok(call(server, 'GET', `/api/v1/events/${PREVIOUS}/state`, judges[0].token));
  presenters = [...state.event.presenters]
    .sort((a: { order: number }, b: { order: number }) => a.order - b.order)
    .map((p: { id: string; unit: string }) => ({ id: p.id, unit: p.unit }));

  // Its items, each taken along its path.
  const raise = async (presenter: string | null, title: string, due: string) => (await ok(call(server, 'POST',
    `/api/v1/events/${PREVIOUS}/items`, host, {
      presenter, title, source: 'representative', owner: '王强', assigned_on: '2026-05-20', due,
    }), 201)).id as string;
  const step = (id: string, body: unknown) =>
    ok(call(server, 'POST', `/api/v1/events/${PREVIOUS}/items/${id}/transitions`, host, body));
  const [p1, p2, p3] = presenters.map(p => p.id);
  for (const [who, title] of [[p1, '社区养老服务站夜间无人值守'], [p2, '老旧小区路灯长期不亮']] as const) {
    const id = await raise(who, title, '2099-06-30');
    await step(id, { to: 'reported', reason: '已整改到位。' });
    await step(id, { to: 'accepted' });
    await ok(call(server, 'POST', `/api/v1/events/${PREVIOUS}/items/${id}/vote`, host,
      { satisfied: 9, basically_satisfied: 2, unsatisfied: 1, abstain: 0 }));
  }
  accepted = await raise(p1, '退役军人优待证办理时间过长', '2099-06-30');
  await step(accepted, { to: 'reported', reason: '窗口增设专人，办理时间缩短到三天。' });
  await step(accepted, { to: 'accepted' });
  const overdue = await raise(p3, '双拥共建项目资金拨付滞后', '2026-06-30');
  await step(overdue, { to: 'in_progress' });
  const soon = await raise(null, '光荣牌悬挂台账不全', dayFromNow(2));
  await ok(call(server, 'POST', `/api/v1/events/${PREVIOUS}/items/${soon}/behind-plan`, host, { behind_plan: true }));
  const withdrawn = await raise(p2, '重复反映的事项', '2099-06-30');
  await step(withdrawn, { to: 'withdrawn', reason: '与 001 号重复。' });
  // Every other unit has one item in hand: ten units and the bureau in the table.
  for (const p of presenters.slice(3)) await raise(p.id, '退役军人服务站规范化建设', '2099-06-30');

  // The session is over; the next quarter carries the open ones and becomes current.
  await ok(call(server, 'POST', `/api/v1/events/${PREVIOUS}/next`, host,
    { id: EVENT, title: '2026年第三季度述职评议', date: '2026-08-20', force: true }), 201);
  await ok(call(server, 'POST', `/api/v1/events/${EVENT}/current`, host, {}));
  tokens = (await ok(call(server, 'GET', `/api/v1/events/${EVENT}/judges`, host))).judges
    .map((j: { token: string }) => j.token);
});

test.afterAll(async () => {
  await server?.stop();
});

/** Every element `what` finds lies wholly inside the viewport, and inside every ancestor
 *  that clips what overflows it (as `screen-projector.spec.ts` measures the stage). */
async function allInView(page: Page, what: Locator, label: string) {
  const { width, height } = page.viewportSize()!;
  const boxes = await what.evaluateAll(els => els.map(e => {
    const r = e.getBoundingClientRect();
    let clipped = '';
    for (let a = e.parentElement; a && !clipped; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      if (r.x < c.x - 0.5 || r.y < c.y - 0.5 || r.right > c.right + 0.5 || r.bottom > c.bottom + 0.5) {
        clipped = `${a.tagName.toLowerCase()}.${a.className}`;
      }
    }
    return { x: r.x, y: r.y, w: r.width, h: r.height, clipped, text: (e.textContent ?? '').trim().slice(0, 30) };
  }));
  expect(boxes.length, `${label}: nothing found`).toBeGreaterThan(0);
  for (const b of boxes) {
    const inside = b.x >= -0.5 && b.y >= -0.5 && b.x + b.w <= width + 0.5 && b.y + b.h <= height + 0.5;
    expect(inside, `${label} at ${width}×${height}: "${b.text}" at ${JSON.stringify(b)}`).toBe(true);
    expect(b.clipped, `${label} at ${width}×${height}: "${b.text}" is cut off by ${b.clipped}`).toBe('');
  }
}

/** Text that is not cut: nothing of it scrolls out of its own box. */
async function notCut(what: Locator, label: string) {
  const cut = await what.evaluateAll(els => els
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.textContent));
  expect(cut, `${label}: cut off`).toEqual([]);
}

async function openScreens(browser: Browser): Promise<Page[]> {
  const pages = [];
  for (const viewport of SIZES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: false, hasTouch: false, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.base}/screen`);
    await hydrated(page);
    pages.push(page);
  }
  return pages;
}

/** A rate as the pages write it: `"0.6000"` is `60.0%`, none is a dash. */
function percent(rate: string | null): string {
  if (rate === null) return '—';
  const [whole, fraction = ''] = rate.split('.');
  const tenths = Math.floor((Number(whole) * 10_000 + Number(fraction.padEnd(4, '0')) + 5) / 10);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

async function expectFigures(where: Locator, review: any) {
  const expected: Record<string, string> = {
    total: String(review.figures.total),
    closed: String(review.figures.closed),
    in_progress: String(review.in_progress),
    overdue: String(review.overdue),
    closure_rate: percent(review.figures.closure_rate),
    on_time_rate: percent(review.figures.on_time_rate),
    satisfaction_rate: percent(review.figures.satisfaction_rate),
  };
  for (const [key, value] of Object.entries(expected)) {
    await expect(where.locator(`[data-figure="${key}"] dd`), key).toHaveText(value);
  }
}

test('the host runs 回头看 from the console and the screen follows it, then the first presenter', async ({ browser }) => {
  test.setTimeout(180_000);
  const review = await publicGet(`/api/v1/events/${EVENT}/review`);
  // What the API counts, against the items' own story: thirteen raised, three done (two
  // closed by last quarter's vote, one accepted since), one withdrawn; one overdue, one due soon.
  expect(review.previous).toEqual({ id: PREVIOUS, title: PREVIOUS_TITLE });
  expect(review.figures).toMatchObject({ total: 13, closed: 3, withdrawn: 1, closure_rate: '0.2500' });
  expect(review.in_progress).toBe(9);
  expect(review.overdue).toBe(1);
  const order = (await publicGet(`/api/v1/events/${EVENT}/show`)).order.map((p: { id: string }) => p.id);
  const withItems = new Set(review.units.map((u: { presenter: string | null }) => u.presenter));
  const expectedRows = [...order.filter((id: string) => withItems.has(id)), 'bureau'];
  expect(review.units.map((u: { presenter: string | null }) => u.presenter ?? 'bureau')).toEqual(expectedRows);
  expect(expectedRows).toHaveLength(11);

  const screens = await openScreens(browser);
  for (const page of screens) await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'order');

  // The host on a phone: before the first presenter, the big 开始回头看.
  const phone = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  const host = await phone.newPage();
  await host.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(host);
  const start = host.locator('button[data-action="start_review"]');
  await expect(start).toHaveText('开始回头看');
  expect((await start.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await start.click();

  // The screen shows the review, its figures the API's, its table in speaking order.
  for (const page of screens) {
    const board = page.getByTestId('review');
    await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'review');
    await expect(board.getByTestId('review-title')).toHaveText(`回头看：${PREVIOUS_TITLE}`);
    await expectFigures(board.getByTestId('review-figures'), review);
    const rows = board.getByTestId('review-units').locator('tbody tr');
    await expect(rows).toHaveCount(expectedRows.length);
    expect(await rows.evaluateAll(trs => trs.map(tr => tr.getAttribute('data-unit')))).toEqual(expectedRows);
    await expect(rows.last().locator('th')).toHaveText('市局本级');
    for (const name of LONG_UNITS) await expect(rows.locator('th', { hasText: name })).toHaveCount(1);
    // Flags in colour and in words.
    const overdueRow = board.locator(`tr[data-unit="${presenters[2].id}"]`);
    await expect(overdueRow.locator('.item-flag.red')).toHaveText('逾期 1');
    await expect(rows.last().locator('.item-flag.blue')).toHaveText('临期 1');
    await expect(rows.last().locator('.item-flag.yellow')).toHaveText('滞后 1');
    // The ballot: the accepted item, with no vote yet.
    const line = board.locator(`[data-testid="ballot"] li[data-item="${accepted}"]`);
    await expect(line).toContainText('退役军人优待证办理时间过长');
    await expect(line).toContainText(presenters[0].unit);
    await expect(line.getByTestId('ballot-votes')).toHaveText('已有 0 人测评');
    await shot(page, 'review-0-screen-start');
    await allInView(page, board.locator('[data-testid="review-title"], .review-figure, .review-figure dd, [data-testid="review-units"] tr, .unit-name, .item-flag, [data-testid="ballot"] li, [data-testid="ballot"] h3, .ballot-title, .ballot-state'), 'the review');
    await notCut(board.locator('.unit-name, .review-figure dd'), 'the review');
  }

  // Undo goes back to before the review; the review starts again.
  await expect(host.getByTestId('review-console')).toBeVisible();
  await host.locator('button[data-action="undo"]').click();
  for (const page of screens) await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'order');
  await host.locator('button[data-action="start_review"]').click();
  for (const page of screens) await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'review');

  // The representatives vote on their phones; the screen and the console count them.
  const choices = ['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied'];
  for (const [i, choice] of choices.entries()) {
    await ok(call(server, 'POST', `/api/v1/events/${EVENT}/votes`, tokens[i], {
      device: randomUUID(),
      ops: [{ op_id: randomUUID(), item: accepted, rev: 1, choice, client_time: new Date().toISOString() }],
    }));
  }
  for (const page of screens) {
    await expect(page.locator(`li[data-item="${accepted}"]`).getByTestId('ballot-votes')).toHaveText('已有 4 人测评');
    await shot(page, 'review-1-screen-voting');
  }
  const item = host.locator(`[data-testid="console-ballot-item"][data-item="${accepted}"]`);
  await expect(item.getByTestId('ballot-votes')).toContainText('已有 4 / 15 人测评');
  await expect(host.locator('button[data-action="next"][data-next="true"]')).toHaveText('请第一位汇报人');
  await expectFigures(host.getByTestId('review-console').getByTestId('review-figures'), review);
  await fitsThePhone(host);
  await expectNoSeriousAxe(host, 'the console in the review');
  await shot(host, 'review-2-console-voting', true);

  // The host closes the vote (a second tap shows no error) and the console says what came of it.
  const close = item.getByTestId('close-vote');
  expect((await close.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // Eleven have not voted: the console asks first, since a close cannot be taken back.
  let asked = '';
  host.once('dialog', (dialog) => { asked = dialog.message(); void dialog.dismiss(); });
  await close.click();
  await expect.poll(() => asked).toContain('还有 11 位代表没有测评');
  await expect(item).toHaveAttribute('data-open', 'true');
  host.on('dialog', (dialog) => void dialog.accept());
  await close.dblclick();
  await expect(item.getByTestId('ballot-result')).toContainText('已销号');
  await expect(item.getByTestId('ballot-result')).toContainText('满意 2，基本满意 1，不满意 1，弃权 0');
  await expect(host.getByTestId('console-error')).toHaveCount(0);
  await expect(item.locator('.error')).toHaveCount(0);
  const closed = await ok(call(server, 'GET', `/api/v1/events/${EVENT}/items/${accepted}`, server.hostToken));
  expect(closed.status).toBe('closed');
  await shot(host, 'review-3-console-closed', true);

  // The screen shows the result; the figures move with it (the vote counts in the rate).
  const after = await publicGet(`/api/v1/events/${EVENT}/review`);
  for (const page of screens) {
    const line = page.locator(`li[data-item="${accepted}"]`);
    await expect(line.getByTestId('ballot-result')).toHaveText('已销号');
    await expect(line.getByTestId('ballot-tally')).toHaveText('满意 2，基本满意 1，不满意 1，弃权 0');
    await expectFigures(page.getByTestId('review-figures'), after);
    await allInView(page, page.locator('[data-testid="review"] li, [data-testid="review-units"] tr, .review-figure'), 'the review after the vote');
    await allInView(page, line.locator('[data-testid="ballot-result"], [data-testid="ballot-tally"]'), 'the vote\'s result');
    await notCut(line.locator('.ballot-state'), 'the vote\'s result');
    await shot(page, 'review-4-screen-result');
  }
  await expectNoSeriousAxe(screens[1], 'the screen in the review');

  // Next calls the first presenter; the screen shows the stage again.
  await host.locator('button[data-action="next"][data-next="true"]').click();
  for (const page of screens) {
    await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'on-stage');
    await expect(page.getByTestId('stage-name')).toHaveText(
      (await publicGet(`/api/v1/events/${EVENT}/show`)).current.unit);
  }
  await expect(host.getByTestId('review-console')).toHaveCount(0);
  await phone.close();
  for (const page of screens) await page.context().close();
});

test('the A4 report has the figures, the table by unit and every item reviewed', async ({ page }) => {
  const review = await publicGet(`/api/v1/events/${EVENT}/review`);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await page.goto(`${server.base}/host/items?event=${EVENT}`);
  await hydrated(page);
  await page.getByTestId('review-report-link').click();
  await expect(page).toHaveURL(new RegExp(`/host/review\\?event=${EVENT}$`));
  await hydrated(page);
  const report = page.getByTestId('review-report');
  await expect(report.getByTestId('review-report-title')).toHaveText(`回头看：${PREVIOUS_TITLE}`);
  await expectFigures(report.getByTestId('review-figures'), review);
  await expect(report.getByTestId('review-units').locator('tbody tr')).toHaveCount(review.units.length);
  // Thirteen items, in the order of their numbers, each status in words.
  const rows = report.getByTestId('review-items').locator('tbody tr');
  await expect(rows).toHaveCount(13);
  const statuses = await rows.evaluateAll(trs => trs.map(tr => tr.getAttribute('data-status')));
  expect(statuses).toEqual(['closed', 'closed', 'closed', 'in_progress', 'assigned', 'withdrawn', ...Array(7).fill('assigned')]);
  await expect(rows.nth(0)).toContainText('已销号');
  await expect(rows.nth(0)).toContainText('满意 9，基本满意 2，不满意 1，弃权 0');
  await expect(rows.nth(2)).toContainText('窗口增设专人，办理时间缩短到三天。');
  await expect(rows.nth(4)).toContainText('市局本级');
  await expect(rows.nth(5)).toContainText('已撤销');
  await expect(rows.nth(5)).toContainText('与 001 号重复。');
  await expectNoSeriousAxe(page, 'the review report');
  await shot(page, 'review-5-report', true);
  // Printed: A4 portrait, the host's links and buttons left out.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('host-nav')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await shot(page, 'review-6-report-print', true);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide, 'the printed report is wider than A4').toBeLessThanOrEqual(794);
  await page.emulateMedia({ media: 'screen' });
});

test('a judge who opens last quarter\'s link is told which event is on now', async ({ browser }) => {
  const judges = await ok(call(server, 'GET', `/api/v1/events/${PREVIOUS}/judges`, server.hostToken));
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  const phone = await context.newPage();
  await phone.goto(`${server.base}/j/${judges.judges[0].token}`);
  const notice = phone.getByTestId('old-event');
  await expect(notice).toHaveText(
    `这是“${PREVIOUS_TITLE}”的评分链接。现在进行的是“2026年第三季度述职评议”，请向工作人员要这一次的评分链接。`);
  await fitsThePhone(phone);
  await expectNoSeriousAxe(phone, 'an old quarter\'s judge link');
  await shot(phone, 'judge-old-event');
  await context.close();
  // This quarter's link says nothing of the kind.
  const now = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  const current = await now.newPage();
  await current.goto(`${server.base}/j/${tokens[0]}`);
  await expect(current.getByTestId('presenters').locator('li').first()).toBeVisible();
  await expect(current.getByTestId('old-event')).toHaveCount(0);
  await now.close();
});
