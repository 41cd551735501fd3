// A visitor opens each page: it renders, hydrates, and the language switch changes it.
import { test, expect, type Page } from '@playwright/test';
import { bigEnoughToTap, hydrated } from '../support/page';
import { judgeToken } from '../support/judge';

test.describe('in Chinese by default', () => {
  test.use({ locale: 'zh-CN' });

  test('landing page explains Leitai and switches to English, remembered', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('擂台');
    await hydrated(page);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitai');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('intro')).toContainText('judges score on their own phones');
    // The choice outlives a reload: the server now renders English.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitai');
    await hydrated(page);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('擂台');
  });

  test('screen shows the demo event title and its order, with no app chrome', async ({ page }) => {
    await page.goto('/screen');
    await expect(page.getByTestId('screen-title')).toHaveText('区（市）退役军人事务局第二季度述职考评');
    await hydrated(page);
    const order = page.getByTestId('presenter-order').locator('li');
    await expect(order).toHaveCount(10);
    await expect(order.first()).toContainText('胶州市退役军人事务局');
    await expect(order.last()).toContainText('市北区退役军人事务局');
    await expect(page.locator('.screen-order h2')).toHaveText('出场顺序');
    await expect(page.locator('.topbar')).toHaveCount(0);
    await expect(page.getByTestId('lang-switch')).toHaveCount(0);
  });

  test('host page asks for the host link, refuses a wrong one and accepts the right one', async ({ page }) => {
    await page.goto('/host');
    await hydrated(page);
    await page.getByTestId('host-link').fill('http://example.invalid/host#token=wrong');
    await page.getByTestId('host-sign-in').click();
    await expect(page.getByTestId('host-error')).toHaveText('这个主持人链接不对，请核对后重试。');
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('host-error')).toHaveText('That host link is not right; check it and try again.');
    await page.getByTestId('host-link').fill(`${process.env.LEITAI_BASE_URL}/host#token=${process.env.LEITAI_HOST_TOKEN}`);
    await page.getByTestId('host-sign-in').click();
    await expect(page.getByTestId('host-signed-in')).toBeVisible();
    // Remembered on this device.
    await page.reload();
    await expect(page.getByTestId('host-signed-in')).toBeVisible();
  });

  test('the host link signs in by itself and leaves the address bar clean', async ({ page }) => {
    await page.goto(`/host#token=${process.env.LEITAI_HOST_TOKEN}`);
    await expect(page.getByTestId('host-signed-in')).toBeVisible();
    expect(page.url()).not.toContain('token');
  });

  test('every control on the host pages and the judge sheet is big enough for a thumb', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(`/host#token=${process.env.LEITAI_HOST_TOKEN}`);
    await expect(page.getByTestId('host-signed-in')).toBeVisible();
    for (const path of ['/host', '/host/setup', '/host/events', '/host/edit', '/host/links', '/host/results',
      '/host/items', '/host/audit', '/host/report', '/host/review', '/', '/results']) {
      await page.goto(path);
      await hydrated(page);
      await page.waitForTimeout(1_200);
      await bigEnoughToTap(page);
    }
    await page.goto(`/j/${await judgeToken('j01')}`);
    await page.locator('button[data-presenter]').first().click();
    await expect(page.getByTestId('sheet')).toBeVisible();
    await bigEnoughToTap(page);
  });

  test('an unknown address gets a real 404 page', async ({ page }) => {
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('link', { name: '回到首页' })).toBeVisible();
  });
});

test.describe('in English for an English browser', () => {
  test.use({ locale: 'en-US' });

  test('landing page follows the browser language', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitai');
  });

  test('the big screen speaks the event\'s language, whatever the projector\'s browser speaks', async ({ page }) => {
    await page.goto('/screen');
    await hydrated(page);
    await expect(page.locator('.screen-order h2')).toHaveText('出场顺序');
  });
});
