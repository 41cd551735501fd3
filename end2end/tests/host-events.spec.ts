// A clerk's events on a phone: every event with its date and state, a new one made blank
// and as a copy beside today's without switching the screen away, the event picker on the
// host's pages, and the current event switched only when the clerk confirms.
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

async function currentEvent(): Promise<string> {
  const { body } = await call(server, 'GET', '/api/v1/events', server.hostToken);
  return body.events.find((e: { current?: boolean }) => e.current)?.id ?? '';
}

test('a clerk makes the next events beside today’s and switches when the day comes', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await expect(page.getByTestId('console')).toBeVisible();
  await page.getByTestId('host-nav').locator('a[href="/host/events"]').click();
  await expect(page).toHaveURL(/\/host\/events$/);
  await hydrated(page);

  // Today's event, current, with its date and state in words.
  const cards = page.getByTestId('event-card');
  await expect(cards).toHaveCount(1);
  const demo = cards.filter({ hasText: '第二季度述职考评' }).first();
  await expect(demo.getByTestId('current-badge')).toHaveText('当前活动');
  await expect(demo.getByTestId('event-state')).toHaveText('筹备中');
  await expect(demo).toContainText('2026-07-06');

  // A title is asked for, in words, and nothing is made without one.
  await page.getByTestId('create-event').click();
  await expect(page.getByTestId('new-event-error')).toHaveText('请填写活动名称。');

  // A blank event: typed straight on, then a double tap on the button makes one event.
  await page.getByTestId('new-title').fill('第四季度述职评议');
  await page.getByTestId('new-date').fill('2026-12-20');
  await page.getByTestId('create-event').dblclick();
  await expect(page.getByTestId('event-made')).toContainText('已新建“第四季度述职评议”');
  await expect(cards).toHaveCount(2);
  const q4 = cards.filter({ hasText: '第四季度述职评议' });
  await expect(q4.getByTestId('event-state')).toHaveText('筹备中');
  await expect(q4.getByTestId('current-badge')).toHaveCount(0);
  await expect(cards.first()).toContainText('第四季度述职评议', { useInnerText: true });
  expect(await currentEvent(), 'making an event does not switch the screen').toBe('demo');
  await fitsThePhone(page);
  await expectNoSeriousAxe(page, 'the events page');
  await shot(page, 'events-1-made', true);

  // A copy of today's event, from its own button.
  await demo.getByTestId('copy-event').click();
  await expect(page.getByTestId('from-copy')).toBeChecked();
  await expect(page.getByTestId('copy-source')).toHaveValue('demo');
  await expect(page.getByTestId('new-title')).toHaveValue(/（副本）$/);
  await page.getByTestId('create-event').click();
  await expect(cards).toHaveCount(3);
  const events = (await call(server, 'GET', '/api/v1/events', server.hostToken)).body.events;
  const copy = events.find((e: { title: string }) => e.title.endsWith('（副本）'));
  expect(copy.presenters).toBe(10);
  expect(copy.judges).toBe(15);
  const q4Id = events.find((e: { title: string }) => e.title === '第四季度述职评议').id;

  // The picker on another host page opens the chosen event by its address.
  await page.getByTestId('host-nav').locator('a[href="/host/setup"]').click();
  await hydrated(page);
  const picker = page.getByTestId('event-picker-select');
  await expect(picker).toHaveValue('demo');
  await picker.selectOption(q4Id);
  await expect(page).toHaveURL(new RegExp(`/host/setup\\?event=${q4Id}$`));
  await hydrated(page);
  await expect(page.getByTestId('setup-state')).toContainText('第四季度述职评议');
  await expect(page.getByTestId('event-picker-select')).toHaveValue(q4Id);
  await shot(page, 'events-2-picker', false);

  // Making it current asks first; cancelled, nothing changes.
  await page.getByTestId('host-nav').locator('a[href^="/host/events"]').click();
  await hydrated(page);
  const q4Again = page.getByTestId('event-card').filter({ hasText: '第四季度述职评议' });
  await q4Again.getByTestId('make-current').click();
  await expect(q4Again.getByTestId('confirm-current')).toContainText('大屏幕、主持台和评委手机都会换到这场活动');
  await shot(page, 'events-3-confirm', false);
  await q4Again.getByRole('button', { name: '取消' }).click();
  expect(await currentEvent()).toBe('demo');
  await q4Again.getByTestId('make-current').click();
  await q4Again.getByTestId('confirm-make-current').click();
  await expect(q4Again.getByTestId('current-badge')).toHaveText('当前活动');
  expect(await currentEvent()).toBe(q4Id);

  // The console runs the current event; its picker switches only after the browser asks.
  await page.goto(`${server.base}/host`);
  await hydrated(page);
  await expect(page.getByTestId('event-picker-select')).toHaveValue(q4Id);
  page.once('dialog', dialog => dialog.dismiss());
  await page.getByTestId('event-picker-select').selectOption('demo');
  await page.waitForTimeout(300);
  expect(await currentEvent(), 'a dismissed question changes nothing').toBe(q4Id);
  page.once('dialog', dialog => dialog.accept());
  await page.getByTestId('event-picker-select').selectOption('demo');
  await expect.poll(currentEvent).toBe('demo');
  await hydrated(page);
  await expect(page.getByTestId('event-picker-select')).toHaveValue('demo');
});

test('the events page speaks English too', async ({ page }) => {
  await page.goto(`${server.base}/host#token=${server.hostToken}`);
  await hydrated(page);
  await page.goto(`${server.base}/host/events`);
  await hydrated(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Events');
  await expect(page.getByTestId('new-event')).toContainText('Start from');
  await expectNoSeriousAxe(page, 'the events page in English');
  await shot(page, 'events-4-english', true);
});
