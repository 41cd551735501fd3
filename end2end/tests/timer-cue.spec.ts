// The timer's cues on the big screen: the screen asks for one tap to turn its sound on, in
// a corner where it covers nothing; a minute before the report's end and at time up the
// countdown flashes (and beeps), each cue once, even when the clock jumps there as a tab
// woken in the background does. The page's clock is Playwright's, so the minutes pass at once.
import { test, expect, type Page } from '@playwright/test';
import { startServer, type Running } from '../server';
import { move } from '../support/event';
import { shot } from '../support/shots';

let server: Running;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** The boxes of `selector`'s elements, as the page lays them out. */
async function boxes(page: Page, selector: string) {
  return page.locator(selector).evaluateAll(els => els.map(e => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: (e.textContent ?? '').trim().slice(0, 30) };
  }));
}

test('the screen asks for a tap, then flashes its countdown a minute before the end and at time up', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, locale: 'zh-CN',
  });
  // A projector's browser will not play sound before a tap, whatever this Chromium allows:
  // every audio context here starts suspended, as it would there.
  await context.addInitScript(() => {
    const Real = window.AudioContext;
    if (!Real) return;
    window.AudioContext = class extends Real {
      constructor(options?: AudioContextOptions) {
        super(options);
        void this.suspend();
      }
    };
  });
  const page = await context.newPage();
  // Installed before the page loads, so every timer of the page runs on this clock; it
  // flows as real time until the test pauses it.
  await page.clock.install();
  await page.goto(`${server.base}/screen`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-view', 'order');

  // The note: small, in the bottom-left corner, over none of the stage's content.
  const note = page.getByTestId('sound-note');
  await expect(note).toBeVisible();
  await expect(note).toHaveText('轻点屏幕一次，开启计时提示音');
  const [box] = await boxes(page, '[data-testid="sound-note"]');
  expect(box.left).toBeLessThan(1280 / 4);
  expect(box.bottom).toBeLessThanOrEqual(720);
  expect(box.top).toBeGreaterThan(720 * 0.9);
  for (const other of await boxes(page, '[data-testid="screen-title"], .screen-order > *, [data-testid="presenter-order"] li')) {
    const apart = other.right <= box.left || other.left >= box.right || other.bottom <= box.top || other.top >= box.bottom;
    expect(apart, `the note covers "${other.text}": ${JSON.stringify({ note: box, other })}`).toBe(true);
  }
  await shot(page, 'timer-cue-1-note');

  // One tap anywhere turns the sound on, and the note goes.
  await page.getByTestId('stage').click();
  await expect(note).toHaveCount(0);

  // The report starts, on the server's clock.
  const started = await move(server, 'start_report');
  const limitMs: number = started.limits_ms.report;
  expect(limitMs).toBe(600_000);
  expect(started.cues_ms).toEqual([60_000, 0]);
  const countdown = page.getByTestId('countdown');
  await expect(countdown).toHaveText(/^(10:00|9:5\d)$/);
  await expect(countdown).not.toHaveAttribute('data-cue');

  // The screen counts down from the server's `since_ms`, lined up by the `server_ms` of the
  // last news against the page's own clock: time left = limit - (server_ms - since_ms) -
  // (the page's clock now - the page's clock when the news came). So jumping the page's
  // clock by the limit less 59 s, from now, leaves between 0 and 59 s: past the minute's
  // cue, short of time up. Paused there, the flash stays while the test looks at it.
  const pageNow = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(pageNow + limitMs - 59_000);
  await expect(countdown).toHaveAttribute('data-cue', '60');
  await expect(countdown).toHaveClass(/(^|\s)cue(\s|$)/);
  await expect(countdown).toHaveText(/^0:[0-5]\d$/);
  await shot(page, 'timer-cue-2-minute');

  // About three seconds later the flash is over, and the minute does not cue again.
  await page.clock.runFor(3_500);
  await expect(countdown).not.toHaveAttribute('data-cue');
  await expect(countdown).not.toHaveClass(/(^|\s)cue(\s|$)/);

  // Another jump, past the end: time up cues, and the overrun shows.
  await page.clock.fastForward(60_000);
  await expect(countdown).toHaveAttribute('data-cue', '0');
  await expect(countdown).toHaveClass(/(^|\s)overrun(\s|$)/);
  await expect(countdown).toHaveText(/^-0:\d\d$/);
  await shot(page, 'timer-cue-3-time-up');

  // The overrun runs on quietly: no cue fires again.
  await page.clock.runFor(5_000);
  await expect(countdown).not.toHaveAttribute('data-cue');
  await expect(countdown).toHaveClass(/(^|\s)overrun(\s|$)/);
  await context.close();
});
