// axe-core in the page, as a test would ask a screen reader user or a low-vision reader:
// fails on any serious or critical violation, naming the rule and the elements.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Found { id: string; impact: string | null; help: string; nodes: string[] }

export async function expectNoSeriousAxe(page: Page, what: string) {
  // Evaluated through the DevTools protocol, which the page's script policy does not govern.
  await page.evaluate(source);
  const found: Found[] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }));
  });
  expect(found, `${what}: ${JSON.stringify(found, null, 2)}`).toEqual([]);
}
