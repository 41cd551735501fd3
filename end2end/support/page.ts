// What many page tests wait for and check: the page hydrated, and nothing wider than the
// phone to scroll sideways to.
import { expect, type Page } from '@playwright/test';

/** The browser bundle has taken over the server's page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** The page is no wider than the phone: nothing to scroll sideways to. */
export async function fitsThePhone(page: Page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'the page is wider than the phone').toBeLessThanOrEqual(inner);
}
