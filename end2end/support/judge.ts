// What the judge specs share: the API as a test client sees it, and a judge's steps.
import { expect, type Page } from '@playwright/test';

export const base = () => process.env.LEITAI_BASE_URL!;
export const hostToken = () => process.env.LEITAI_HOST_TOKEN!;

export async function api(path: string, token = hostToken(), init: RequestInit = {}, at = base()) {
  const res = await fetch(at + path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  return { status: res.status, body: await res.json() };
}

export async function judgeToken(id: string, at = base(), host = hostToken()): Promise<string> {
  const { body } = await api('/api/v1/events/demo/judges', host, {}, at);
  return body.judges.find((j: { id: string }) => j.id === id).token;
}

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Waits until the service worker controls the page. */
export async function controlled(page: Page) {
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
}

/** Opens a presenter's sheet, enters the values (then one step up on `stepUp`, if given),
 *  submits, and goes back to the list. */
export async function score(page: Page, presenter: string, values: Record<string, string>,
  { stepUp }: { stepUp?: string } = {}) {
  await page.locator(`[data-presenter="${presenter}"]`).first().click();
  const sheet = page.getByTestId('sheet');
  await expect(sheet).toHaveAttribute('data-presenter', presenter);
  for (const [criterion, value] of Object.entries(values)) {
    const input = sheet.locator(`[data-criterion="${criterion}"] input`);
    await input.fill(value);
    await input.blur();
    await expect(input).toHaveValue(value);
  }
  if (stepUp) await sheet.locator(`[data-criterion="${stepUp}"] .step.up`).click();
  await sheet.getByTestId('submit').click();
  await expect(sheet.getByTestId('saved')).toBeVisible();
  await expect(sheet.getByTestId('sheet-note')).not.toBeEmpty();
  await page.getByTestId('back').click();
}
