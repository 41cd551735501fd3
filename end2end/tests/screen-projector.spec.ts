// The big screen on a hall's projector at 1920×1080, 1280×720 and 1024×768: for each moment
// of the event (the order before the start, who is on, the reveal, the ranking) every
// element of it is inside the viewport, names stay on one line, the reveal strikes the
// dropped marks through before the final, and every number has one format.
import { test, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { judges, move, reveal, scoreAll, show, spread, type Judge } from '../support/event';
import { expectNoSeriousAxe } from '../support/axe';
import { shot } from '../support/shots';

let server: Running;
let panel: Judge[];

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

test.beforeAll(async () => {
  server = await startServer();
  panel = await judges(server);
});

test.afterAll(async () => {
  await server?.stop();
});

async function openScreens(browser: Browser): Promise<Page[]> {
  const pages = [];
  for (const viewport of SIZES) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: false, hasTouch: false, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.base}/screen`);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    pages.push(page);
  }
  return pages;
}

/** Every element `what` finds lies wholly inside the page's viewport, and inside every
 *  ancestor that clips what overflows it (so nothing is cut off by the stage's own box). */
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

/** A name on one line: its box is no taller than one line of its own font. */
async function oneLine(what: Locator, label: string) {
  const lines = await what.evaluateAll(els => els.map(e => {
    const style = getComputedStyle(e);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
    return { lines: e.getBoundingClientRect().height / lineHeight, fits: e.scrollWidth <= e.clientWidth + 1, text: e.textContent };
  }));
  for (const l of lines) {
    expect(l.lines, `${label}: "${l.text}" wraps`).toBeLessThan(1.5);
    expect(l.fits, `${label}: "${l.text}" is cut`).toBe(true);
  }
}

async function settled(el: Locator) {
  await expect.poll(() => el.evaluate(e => getComputedStyle(e).opacity), { timeout: 15_000 }).toBe('1');
}


test('each moment of the event fits the projector at every size', async ({ browser }) => {
  test.setTimeout(240_000);
  const screens = await openScreens(browser);

  // Before the start: all ten presenters, in order.
  for (const page of screens) {
    await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'order');
    await allInView(page, page.locator('.screen-order h2, [data-testid="screen-title"]'), 'the order\'s heading');
    await allInView(page, page.getByTestId('presenter-order').locator('li'), 'the order');
    await oneLine(page.locator('.order-name'), 'the order');
    await expect(page.getByTestId('presenter-order').locator('li')).toHaveCount(10);
    await shot(page, 'screen-1-order');
  }
  await expectNoSeriousAxe(screens[0], 'the screen before the start');

  // Who is on, the phase and the countdown.
  const first = (await move(server, 'start_report')).current.id;
  for (const page of screens) {
    await expect(page.getByTestId('stage-phase')).toHaveText('述职报告');
    for (const el of ['stage-phase', 'stage-name', 'countdown']) {
      await allInView(page, page.getByTestId(el), el);
    }
    await oneLine(page.getByTestId('stage-name'), 'the presenter');
    await shot(page, 'screen-2-report');
  }
  await move(server, 'start_defence');
  await move(server, 'open_scoring');
  await scoreAll(server, panel, first, spread(40));
  for (const page of screens) {
    await expect(page.getByTestId('stage-progress')).toContainText('15 / 15');
    await allInView(page, page.locator('.on-stage-view > *'), 'scoring');
    await shot(page, 'screen-3-scoring');
  }

  // The reveal: the marks, then the dropped ones struck through, then the final.
  const revealed = await reveal(server, first);
  expect(revealed.status).toBe(200);
  for (const page of screens) {
    const moment = page.getByTestId('reveal');
    await expect(moment.locator('.mark')).toHaveCount(15);
    const final = moment.getByTestId('final-score');
    await settled(final);
    await allInView(page, moment.locator('.mark, .groups, [data-testid="final-score"], .reveal-name, .stage-phase'), 'the reveal');
    await oneLine(moment.locator('.reveal-name'), 'the reveal');
    await expect(moment.locator('.mark.dropped')).toHaveCount(2);
    // The strike runs over a dropped total, and it came before the final.
    const struck = await moment.locator('.mark.dropped .mark-total').first()
      .evaluate(e => getComputedStyle(e, '::after').transform);
    expect(struck).toBe('matrix(1, 0, 0, 1, 0, 0)');
    const groups = await moment.locator('.groups li span').allTextContents();
    expect(groups).toEqual(['军创企业', '最美退役军人', '现役军人', '优抚对象', '社会监督员']);
    await shot(page, 'screen-4-reveal');
  }
  await expectNoSeriousAxe(screens[1], 'the screen at a reveal');
  const finalText = (await screens[0].getByTestId('final-score').locator('strong').textContent())!;
  expect(finalText).toMatch(/^\d+\.\d\d$/);

  // Then the ranking takes the screen, with the same number.
  for (const page of screens) {
    await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'ranking', { timeout: 20_000 });
    await expect(page.getByTestId('ranking').locator('.rank-final')).toHaveText([finalText]);
  }

  // The other nine, quickly, and the whole ranking.
  for (let n = 1; n < 10; n++) {
    const next = (await move(server, 'next')).current.id;
    await move(server, 'start_report');
    await move(server, 'open_scoring');
    await scoreAll(server, panel, next, spread(30 + n));
    expect((await reveal(server, next)).status).toBe(200);
  }
  expect((await show(server)).order.every((p: { revealed: boolean }) => p.revealed)).toBe(true);
  for (const page of screens) {
    await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'ranking', { timeout: 30_000 });
    const rows = page.getByTestId('ranking').locator('li');
    await expect(rows).toHaveCount(10);
    await expect(page.locator('.screen-ranking h2')).toHaveText('最终排名');
    await allInView(page, page.locator('.screen-ranking h2'), 'the ranking\'s heading');
    await allInView(page, rows, 'the ranking');
    await oneLine(page.locator('.rank-name'), 'the ranking');
    for (const text of await page.getByTestId('ranking').locator('.rank-final').allTextContents()) {
      expect(text).toMatch(/^\d+\.\d\d$/);
    }
    await shot(page, 'screen-5-ranking');
  }
  await expectNoSeriousAxe(screens[2], 'the screen with the ranking');
});
