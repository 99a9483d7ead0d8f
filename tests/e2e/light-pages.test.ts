import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { builtPages, chapterPages, DIST } from '../../src/lib/browser/pages.ts';

/** Budget from DESIGN.md: elements per built page before any script runs. */
const ELEMENT_BUDGET = 3000;

test.describe('light pages', () => {
  test.use({ javaScriptEnabled: false });

  test('every built page has at most 3,000 elements before any script runs', async ({ page }) => {
    // About 50 page loads: several seconds on a busy 2-core machine.
    test.setTimeout(120_000);
    const counts: Record<string, number> = {};
    for (const path of builtPages()) {
      await page.goto(path);
      counts[path] = await page.evaluate(() => document.getElementsByTagName('*').length);
    }
    const over = Object.entries(counts).filter(([, n]) => n > ELEMENT_BUDGET);
    expect(over).toEqual([]);
    // The count is real: a chapter page is far from empty.
    expect(Math.max(...Object.values(counts))).toBeGreaterThan(300);
  });

  test('a step shown before the steps it builds on is labelled a preview, in both languages', async ({
    page,
  }) => {
    await page.goto('/en/01-overview/');
    const note = page.locator('.preview-note');
    await expect(note).toHaveCount(1);
    await expect(note).toHaveText(
      /^Preview: step 09 builds on steps that are all shown only by chapter 4\./,
    );
    // The note sits right before the workspace it is about.
    expect(await note.evaluate((p) => p.nextElementSibling?.getAttribute('data-step'))).toBe(
      '09-serving',
    );
    await page.goto('/zh/03-async-machinery/');
    await expect(page.locator('.preview-note')).toHaveText([/^预览：第 05 步/, /^预览：第 06 步/]);
    // In reading order, chapter 4 shows each step after the ones it builds on.
    await page.goto('/en/04-request-path/');
    await expect(page.locator('.preview-note')).toHaveCount(0);
  });

  test('long code reads as plain text without JavaScript, every character kept', async ({
    page,
  }) => {
    const path = chapterPages().find((p) => p.includes('04-'));
    if (!path) throw new Error('no chapter 04');
    await page.goto(path);
    const deferred = page.locator('pre[data-highlight]');
    expect(await deferred.count()).toBeGreaterThan(3);
    const first = deferred.first();
    await expect(first.locator('span')).toHaveCount(0);
    // The fragment holds the same text, coloured.
    const url = await first.getAttribute('data-highlight');
    const markup = await (await page.request.get(url ?? '')).text();
    const coloured = await page.evaluate((m) => {
      const t = document.createElement('template');
      t.innerHTML = m;
      return t.content.textContent;
    }, markup);
    expect(await first.locator('code').textContent()).toBe(coloured);
  });

  test('canonical and hreflang links are absolute and point at the same chapter', () => {
    const path = chapterPages().find((p) => p.startsWith('/en/'));
    const html = readFileSync(`${DIST}${path}index.html`, 'utf8');
    const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
    expect(canonical).toMatch(new RegExp(`^https?://[^/]+${path}$`));
    const zh = /<link rel="alternate" hreflang="zh[^"]*" href="([^"]+)"/.exec(html)?.[1];
    expect(zh).toMatch(new RegExp(`^https?://[^/]+${path?.replace('/en/', '/zh/')}$`));
  });
});

test.describe('code highlighting on approach', () => {
  test('a deferred block is coloured once the reader scrolls near it, with the same text', async ({
    page,
  }) => {
    const path = chapterPages().find((p) => p.startsWith('/en/04-'));
    if (!path) throw new Error('no chapter 04');
    await page.goto(path);
    const last = page.locator('main pre.astro-code').last();
    const before = await last.textContent();
    await last.scrollIntoViewIfNeeded();
    await expect(last.locator('span').first()).toBeAttached();
    expect(await last.textContent()).toBe(before);
    await expect(last).not.toHaveAttribute('data-highlight');
  });

  test('a block whose fragment cannot load keeps its plain text', async ({ page }) => {
    await page.route('**/_code/**', (route) => route.fulfill({ status: 404, body: '' }));
    const path = chapterPages().find((p) => p.startsWith('/zh/04-'));
    if (!path) throw new Error('no chapter 04');
    await page.goto(path);
    const block = page.locator('main pre.astro-code').last();
    await expect(block).toHaveAttribute('data-highlight');
    const text = await block.textContent();
    const requested = page.waitForResponse('**/_code/**');
    await block.scrollIntoViewIfNeeded();
    await requested;
    await expect(block).not.toHaveAttribute('data-highlight');
    expect(await block.textContent()).toBe(text);
    expect(await block.locator('span').count()).toBe(0);
  });
});

test.describe('steady layout', () => {
  test('every chapter is as tall before its code is laid out as after: nothing moves on scrolling', async ({
    page,
  }) => {
    // 16 chapter loads: about 15 s on a busy 2-core machine.
    test.setTimeout(120_000);
    const grew: Record<string, number> = {};
    for (const path of chapterPages()) {
      await page.goto(path);
      const height = () => page.evaluate(() => document.documentElement.scrollHeight);
      const before = await height();
      // Lay out every block the browser was skipping (content-visibility), as scrolling past does.
      await page.addStyleTag({ content: '.prose > * { content-visibility: visible !important }' });
      const after = await height();
      // A few pixels per page are horizontal scrollbars under wide code; a wrong estimate moved
      // chapters by hundreds to thousands.
      if (Math.abs(after - before) > 40) grew[path] = after - before;
    }
    expect(grew).toEqual({});
  });
});
