// Screenshots for people to look at: written only when LEITAI_SHOTS names a directory
// (`LEITAI_SHOTS=/tmp/shots npx playwright test`), never checked by the tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export async function shot(page: Page, name: string, fullPage = false) {
  const dir = process.env.LEITAI_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: join(dir, `${name}-${width}x${height}.png`), fullPage });
}
