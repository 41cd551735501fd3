// The host's console on a phone, as a clerk uses it: one next step at a time, a refused
// reveal said in the host's words with the groups by name, the late sheet by names on a
// card that fits the phone, and an amendment recorded once however often it is tapped.
import { test, expect, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { call, judges, scoreAll, spread, type Judge } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';
import { fitsThePhone } from '../support/page';

let server: Running;
let panel: Judge[];

test.use({ locale: 'zh-CN' });
// The second test goes on from where the first left the run of show.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startServer();
  panel = await judges(server);
});

test.afterAll(async () => {
  await server?.stop();
});


const nextSteps = (page: Page) => page.locator('[data-next="true"]');

test('a host runs a presenter with one clear next step and counts a late sheet once', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await expect(page.getByTestId('console')).toBeVisible();
  await expect(nextSteps(page)).toHaveCount(1);
  await expect(nextSteps(page)).toHaveText('开始第一位述职');
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the console before the start');
  await shot(page, 'console-1-before', true);

  await nextSteps(page).click();
  await expect(page.getByTestId('console')).toHaveAttribute('data-phase', 'report');
  // During the report the next step is the defence; skipping it is there, but quiet.
  await expect(nextSteps(page)).toHaveCount(1);
  await expect(nextSteps(page)).toHaveText('开始答辩');
  await expect(page.locator('[data-action="open_scoring"]')).toHaveText('跳过答辩，直接评分');
  await expect(page.locator('[data-action="open_scoring"]')).not.toHaveClass(/primary/);
  await expect(page.locator('[data-action="reveal"]')).toHaveCount(0);
  const first = (await page.getByTestId('current-presenter').textContent())!;
  await nextSteps(page).click();
  await expect(nextSteps(page)).toHaveText('开始评分');
  await nextSteps(page).click();
  await expect(nextSteps(page)).toHaveText('亮分');
  await shot(page, 'console-2-scoring', true);

  // One judge scores; the console names who is still missing.
  const showNow = await call(server, 'GET', '/api/v1/events/demo/show', server.hostToken);
  const presenter = showNow.body.current.id;
  await scoreAll(server, panel.slice(0, 1), presenter, spread(40));
  await expect(page.getByTestId('quorum')).toContainText('还不能亮分：已交 1 份，共 15 位评委；亮分需要 10 份');
  await expect(page.getByTestId('progress-now')).toContainText(`${first}：已交 1 份，共 15 份`);
  await expect(page.getByTestId('missing').locator('li')).toHaveCount(14);
  await expect(page.getByTestId('missing')).toContainText(panel[14].name);

  // A refused reveal says why, in the host's words, with the groups by name.
  await nextSteps(page).click();
  const offer = page.getByTestId('force-offer');
  await expect(offer).toContainText('亮分至少需要 10 份评分，现在有 1 份。');
  await expect(offer).toContainText('这些组的评分还不够：最美退役军人、现役军人、优抚对象、社会监督员。');
  for (const api of ['force', '{', 'quorum', 'business', 'supervisor', 'sheets needed']) {
    await expect(offer).not.toContainText(api);
  }
  await fitsThePhone(page);
  await shot(page, 'console-3-refused', true);
  await page.locator('[data-action="force-reveal"]').click();
  await expect(page.getByTestId('console')).toHaveAttribute('data-phase', 'revealed');
  await expect(page.getByTestId('quorum')).toHaveCount(0);
  await expect(nextSteps(page)).toHaveText('下一位');

  // A judge's sheet arrives after the reveal: a card with names, on the phone's width.
  await scoreAll(server, [panel[6]], presenter, () => ({ results: 30, defence: 20, satisfaction: 10 }), true,
    '亮分时我的手机没有网络，这是当时打的分。');
  const card = page.getByTestId('late-row');
  await expect(card).toHaveCount(1, { timeout: 10_000 });
  await expect(card).toContainText(panel[6].name);
  await expect(card).toContainText(first);
  await expect(card).toContainText('工作实绩 30 · 现场论述 20 · 服务对象满意度 10');
  await expect(card).not.toContainText(panel[6].id);
  // What the judge wrote with the sheet helps the host decide whether to count it.
  await expect(card.getByTestId('late-note')).toHaveText('评委写的意见建议：亮分时我的手机没有网络，这是当时打的分。');
  await fitsThePhone(page);
  await card.getByTestId('amend-reason').fill('评委的手机在亮分时断网');
  // The button is within the phone's width, not off to the side of a wide table.
  const button = card.locator('[data-action="amend"]');
  await button.scrollIntoViewIfNeeded();
  await expect(button).toBeInViewport({ ratio: 1 });
  await shot(page, 'console-4-late', true);
  // Two quick taps: one amendment.
  await card.locator('[data-action="amend"]').dblclick();
  await expect(card.getByTestId('late-counted')).toHaveText('已在第 1 次修正中计入');
  await expect(card.locator('[data-action="amend"]')).toHaveCount(0);
  const full = await call(server, 'GET', '/api/v1/events/demo/results/full', server.hostToken);
  const amended = full.body.places.find((p: { id: string }) => p.id === presenter);
  expect(amended.amendments).toHaveLength(1);
  await expectNoSeriousAxe(page, 'the console after a reveal');
  await shot(page, 'console-5-amended', true);

  // The devices: the judge's phones by name, pending as the phone last said.
  await page.locator('.grid-details summary').last().click();
  await expect(page.getByTestId('devices')).toContainText(panel[0].name);
  await expect(page.getByTestId('devices')).not.toContainText(panel[0].id);
  // The folded grid and phones, open: a scrollable grid is reachable by keyboard.
  for (const details of await page.locator('.grid-details').all()) {
    await details.evaluate(d => { (d as HTMLDetailsElement).open = true; });
  }
  await expectNoSeriousAxe(page, 'the console with its grid open');
});

// A clerk's quick taps: the steps change places as the phase moves on, and a tap that comes
// straight after one (a double tap, a finger already on its way) must not land on the step
// that took the first one's place.
test('a tap straight after a step does not land on the step that took its place', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  const console_ = page.getByTestId('console');
  await expect(console_).toHaveAttribute('data-phase', 'revealed');
  await nextSteps(page).click();
  await expect(console_).toHaveAttribute('data-phase', 'waiting');
  const second = (await page.getByTestId('current-presenter').textContent())!;
  await nextSteps(page).click();
  await expect(console_).toHaveAttribute('data-phase', 'report');
  // "Next presenter" keeps its place among the steps from the report to the defence.
  const next = page.locator('[data-action="next"]');
  const place = async () => {
    const [main, box] = [(await nextSteps(page).boundingBox())!, (await next.boundingBox())!];
    return { x: box.x - main.x, y: box.y - main.y };
  };
  const inReport = await place();
  const skip = (await page.locator('[data-action="open_scoring"]').boundingBox())!;
  await shot(page, 'console-6-report', true);
  // Start the defence, and tap where "skip to scoring" was a moment later.
  await nextSteps(page).click();
  await page.waitForTimeout(120);
  await page.mouse.click(skip.x + skip.width / 2, skip.y + skip.height / 2);
  await expect(console_).toHaveAttribute('data-phase', 'defence');
  expect(await place(), 'where "next presenter" is').toEqual(inReport);
  await page.waitForTimeout(1_000);
  await expect(console_).toHaveAttribute('data-phase', 'defence');
  await expect(page.getByTestId('current-presenter')).toHaveText(second);

  await nextSteps(page).click();
  await expect(console_).toHaveAttribute('data-phase', 'scoring');
  const show = await call(server, 'GET', '/api/v1/events/demo/show', server.hostToken);
  await scoreAll(server, panel, show.body.current.id, spread(40));
  await expect(page.getByTestId('quorum')).toHaveClass(/ok/);
  // A double tap on "reveal", at a person's pace: one reveal, and the same presenter on.
  await expect(nextSteps(page)).toHaveText('亮分');
  // (It takes taps again a moment after the steps changed.)
  await expect(nextSteps(page)).toBeEnabled();
  const reveal = (await nextSteps(page).boundingBox())!;
  await page.mouse.click(reveal.x + reveal.width / 2, reveal.y + reveal.height / 2);
  await page.waitForTimeout(150);
  await page.mouse.click(reveal.x + reveal.width / 2, reveal.y + reveal.height / 2);
  await expect(console_).toHaveAttribute('data-phase', 'revealed');
  await page.waitForTimeout(1_000);
  await expect(console_).toHaveAttribute('data-phase', 'revealed');
  await expect(page.getByTestId('current-presenter')).toHaveText(second);
  const after = await call(server, 'GET', '/api/v1/events/demo/show', server.hostToken);
  expect(after.body.phase).toBe('revealed');
  expect(after.body.current.id).toBe(show.body.current.id);
});
