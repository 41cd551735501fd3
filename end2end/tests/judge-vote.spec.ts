// The representatives vote on the items completed since the last session (回头看测评) on their
// phones, offline as well as online, each vote reaching the server once; a vote after the
// host closed it is kept as late and the phone says so; a judge's written point on a sheet
// (意见建议) reaches the server with the sheet.
import { test, expect, devices, type Browser, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { cable } from '../support/cable';
import { call } from '../support/event';
import { controlled } from '../support/judge';
import { fitsThePhone, hydrated } from '../support/page';
import { shot } from '../support/shots';

test.use({ locale: 'zh-CN' });

let server: Running;
/** The next quarter's event, with the items carried into it. */
let event: string;
let tokens: Record<string, string>;
let items: { id: string; title: string }[];

const TITLES = ['社区养老服务站夜间无人值守', '老旧小区路灯长期不亮'];

test.beforeAll(async () => {
  server = await startServer();
  const host = server.hostToken;
  const demoJudges = (await call(server, 'GET', '/api/v1/events/demo/judges', host)).body.judges;
  const state = (await call(server, 'GET', '/api/v1/events/demo/state', demoJudges[0].token)).body;
  // Two items raised at this session, reported done by their units and accepted.
  for (const [i, title] of TITLES.entries()) {
    const raised = await call(server, 'POST', '/api/v1/events/demo/items', host, {
      presenter: state.event.presenters[i].id, title, source: 'representative', owner: '王强',
      assigned_on: '2026-04-10', due: '2099-06-30',
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const path = `/api/v1/events/demo/items/${raised.body.id}/transitions`;
    const reported = await call(server, 'POST', path, host, { to: 'reported', reason: '已排班，夜间有专人值守，家属回访满意。' });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    const accepted = await call(server, 'POST', path, host, { to: 'accepted' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  }
  // The next quarter: the accepted items come along, onto its ballot.
  const next = await call(server, 'POST', '/api/v1/events/demo/next', host, { id: 'q-vote', title: '第三季度述职评议', force: true });
  expect(next.status, JSON.stringify(next.body)).toBe(201);
  event = next.body.event.id;
  const judges = (await call(server, 'GET', `/api/v1/events/${event}/judges`, host)).body.judges;
  tokens = Object.fromEntries(judges.map((j: { id: string; token: string }) => [j.id, j.token]));
  const ballot = await call(server, 'GET', `/api/v1/events/${event}/ballot`, tokens.j01);
  expect(ballot.status, JSON.stringify(ballot.body)).toBe(200);
  items = ballot.body.items;
  expect(items.map(i => i.title).sort()).toEqual([...TITLES].sort());
});

test.afterAll(async () => {
  await server?.stop();
});

async function phone(browser: Browser, judge: string, at = server.base): Promise<Page> {
  const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${at}/j/${tokens[judge]}`);
  await hydrated(page);
  return page;
}

/** Every vote op the phone sends, across all its requests. */
function voteOps(page: Page) {
  const ops: { op_id: string; item: string; choice: string; rev: number }[] = [];
  page.on('request', r => {
    if (r.method() === 'POST' && r.url().endsWith('/votes')) ops.push(...JSON.parse(r.postData() ?? '{}').ops);
  });
  return ops;
}

const card = (page: Page, item: string) => page.locator(`[data-testid="ballot-item"][data-item="${item}"]`);
const ownVotes = async (judge: string) =>
  (await call(server, 'GET', `/api/v1/events/${event}/ballot`, tokens[judge])).body;

test('two representatives vote, one of them offline through a reload, and each vote counts once', async ({ browser }) => {
  test.setTimeout(120_000);
  const [first, second] = items;
  const a = await phone(browser, 'j01');
  const sentByA = voteOps(a);
  const ballot = a.getByTestId('ballot');
  await expect(ballot.locator('h2')).toHaveText('回头看测评（2 项）');
  // The ballot sits above the presenters' sheets.
  const ballotBox = (await ballot.boundingBox())!;
  const listBox = (await a.getByTestId('presenters').boundingBox())!;
  expect(ballotBox.y + ballotBox.height).toBeLessThanOrEqual(listBox.y);
  const c1 = card(a, first.id);
  await expect(c1).toContainText(first.title);
  await expect(c1).toContainText('办理情况：');
  await expect(c1.getByTestId('vote-state')).toHaveText('还没有投票');
  for (const b of await c1.locator('button.choice').all()) {
    expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(48);
  }

  // A double tap on 满意: one op, sent, and the button marked chosen.
  await c1.getByRole('button', { name: '满意', exact: true }).dblclick();
  await expect(c1.getByTestId('vote-state')).toHaveText('已提交', { timeout: 20_000 });
  // The chosen one is marked with a tick as well as by colour (and read out as pressed).
  await expect(c1.locator('[data-choice="satisfied"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(c1.locator('[data-choice="satisfied"]')).toHaveAccessibleName(/^✓\s*满意$/);
  await expect(c1.locator('[data-choice="unsatisfied"]')).toHaveAttribute('aria-pressed', 'false');
  expect(sentByA.filter(o => o.item === first.id)).toHaveLength(1);
  expect((await ownVotes('j01')).votes[first.id]).toMatchObject({ rev: 1, choice: 'satisfied' });
  await fitsThePhone(a);
  await shot(a, 'vote-1-online', true);

  // The second representative loses the connection, votes, and reloads the page offline.
  const wifi = await cable(server.base);
  const b = await phone(browser, 'j02', wifi.base);
  await controlled(b);
  await expect(card(b, first.id)).toBeVisible();
  wifi.plug(false);
  await b.context().setOffline(true);
  const c2 = card(b, first.id);
  await c2.getByRole('button', { name: '不满意' }).click();
  await card(b, second.id).getByRole('button', { name: '弃权' }).click();
  await expect(c2.getByTestId('vote-state')).toHaveText('已保存在本机，联网后自动提交');
  await expect(b.getByTestId('sync-bar')).toHaveAttribute('data-pending', '2');
  await shot(b, 'vote-2-offline', true);
  await b.reload();
  await hydrated(b);
  await expect(c2.locator('[data-choice="unsatisfied"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(c2.getByTestId('vote-state')).toHaveText('已保存在本机，联网后自动提交');
  expect((await ownVotes('j02')).votes[first.id]).toBeUndefined();

  // Back online: both votes go, and the server counts them.
  wifi.plug(true);
  await b.context().setOffline(false);
  await expect(c2.getByTestId('vote-state')).toHaveText('已提交', { timeout: 20_000 });
  await expect(b.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0');
  const mine = await ownVotes('j02');
  expect(mine.votes[first.id]).toMatchObject({ rev: 1, choice: 'unsatisfied' });
  expect(mine.votes[second.id]).toMatchObject({ rev: 1, choice: 'abstain' });
  expect(mine.items.find((i: { id: string }) => i.id === first.id).votes).toBe(2);
  await a.context().close();
  await b.context().close();
  await wifi.close();
});

test('after the host closes an item’s vote a later tap says it was not counted and is listed late', async ({ browser }) => {
  test.setTimeout(90_000);
  const item = items[1];
  const a = await phone(browser, 'j03');
  await controlled(a);
  const c = card(a, item.id);
  await expect(c).toHaveAttribute('data-open', 'true');
  // The phone is offline while the host closes the vote, so it still offers the buttons.
  await a.context().setOffline(true);
  const closed = await call(server, 'POST', `/api/v1/events/${event}/items/${item.id}/vote/close`, server.hostToken, {});
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  await c.getByRole('button', { name: '基本满意' }).click();
  await expect(c.getByTestId('vote-state')).toHaveText('已保存在本机，联网后自动提交');
  await a.context().setOffline(false);
  await expect(c.getByTestId('vote-state')).toHaveText('测评已结束，这一票没有计入', { timeout: 20_000 });
  await expect(c).toHaveAttribute('data-open', 'false');
  await expect(c.locator('[data-choice="satisfied"]')).toBeDisabled();
  // Nothing shows as chosen: the vote that came late was never counted.
  await expect(c.locator('[aria-pressed="true"]')).toHaveCount(0);
  await shot(a, 'vote-3-late', true);

  const late = await call(server, 'GET', `/api/v1/events/${event}/votes/late`, server.hostToken);
  expect(late.status).toBe(200);
  expect(JSON.stringify(late.body)).toContain(item.id);
  expect(JSON.stringify(late.body)).toContain('basically_satisfied');
  // Another phone that opens the ballot now sees the vote over.
  const b = await phone(browser, 'j04');
  await expect(card(b, item.id).getByTestId('vote-state')).toHaveText('测评已结束');
  await a.context().close();
  await b.context().close();
});

test('a judge’s written point on a sheet reaches the server with the sheet', async ({ browser }) => {
  const a = await phone(browser, 'j05');
  const presenter = await a.locator('button[data-presenter]').first().getAttribute('data-presenter');
  await a.locator(`button[data-presenter="${presenter}"]`).click();
  const sheet = a.getByTestId('sheet');
  const note = sheet.getByLabel('意见建议（选填，只有主持人能看到）');
  await note.fill('答辩很扎实，建议把群众回访的数字讲清楚。');
  await expect(sheet.getByTestId('note-count')).toHaveText('20/200 字');
  for (const [criterion, value] of Object.entries({ results: '45', defence: '26', satisfaction: '18' })) {
    const input = sheet.locator(`[data-criterion="${criterion}"] input`);
    await input.fill(value);
    await input.blur();
  }
  await sheet.getByTestId('submit').click();
  await expect(a.getByTestId('sync-bar')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'synced');
  await fitsThePhone(a);
  await shot(a, 'vote-4-note', true);
  const state = (await call(server, 'GET', `/api/v1/events/${event}/state`, tokens.j05)).body;
  expect(state.sheets[presenter!].note).toBe('答辩很扎实，建议把群众回访的数字讲清楚。');
  expect(state.sheets[presenter!].submitted).toBe(true);

  // A longer text is cut to 200 characters on the phone, and a change waits for 确认修改.
  await note.fill('长'.repeat(230));
  await note.blur();
  await expect(note).toHaveValue('长'.repeat(200));
  await expect(sheet.getByTestId('note-count')).toHaveText('200/200 字');
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'draft');
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('sheet-status')).toHaveAttribute('data-status', 'synced', { timeout: 20_000 });
  const after = (await call(server, 'GET', `/api/v1/events/${event}/state`, tokens.j05)).body;
  expect(after.sheets[presenter!].note).toBe('长'.repeat(200));
  await a.context().close();
});
