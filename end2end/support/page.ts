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

/** Every control on the page is big enough to hit with a thumb: 44 × 44 CSS pixels at
 *  least (a box tick or a choice counts with the label around it; a link inside a sentence
 *  is part of the text). */
export async function bigEnoughToTap(page: Page) {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, summary, [role=button]'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const label = el.closest('label')?.getBoundingClientRect();
      if (label && label.width >= 44 && label.height >= 44) continue;
      const parentText = el.parentElement?.textContent?.trim() ?? '';
      if (el.tagName === 'A' && parentText !== (el.textContent ?? '').trim()) continue;
      if (box.width < 44 || box.height < 44) {
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  });
  expect(small, `controls smaller than 44 × 44 on ${page.url()}`).toEqual([]);
}
