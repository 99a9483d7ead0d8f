/** One way to run axe in the browser tests: in the page itself, which our pages (no iframes) allow. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * The page's axe violations (within `include`, when given) as `rule: help <html> | …` lines.
 *
 * Without iframes, legacy mode runs `axe.run` in the page instead of opening a second page to
 * merge per-frame results: the same rules and results at half the cost (a chapter page: 1.5 s
 * instead of 3.0 s on 2 cores). A page with iframes (the workspace's preview, WebContainer's boot frame) gets
 * the full per-frame run, since legacy mode would skip what is inside them.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const iframes = page.frames().length - 1;
  let builder = new AxeBuilder({ page }).setLegacyMode(iframes === 0);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`);
}
