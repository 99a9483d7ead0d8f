import { expect, test, type Locator, type Page } from '@playwright/test';
import { pageWithStep } from '../../src/lib/browser/pages.ts';
import { axeViolations } from './axe.ts';

const LANGS = ['en', 'zh'] as const;
type Lang = (typeof LANGS)[number];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

/** A chapter with workspaces, a long menu of headings and numbered sections, in `lang`. */
const REQUEST_LINE = '07-request-line';
function chapter(lang: Lang): string {
  return pageWithStep(REQUEST_LINE).replace(/^\/en\//, `/${lang}/`);
}

function workspace(page: Page, step: string): Locator {
  return page.locator(`tal-workspace[data-step="${step}"]`).first();
}

/** Waits until the workspace's last run ended (an exit, a stop or a compile error). */
async function runEnded(ws: Locator): Promise<string> {
  await expect(ws).toHaveAttribute('data-last-run', /^(exit-\d+|stopped|compile-error)$/, {
    timeout: 30_000,
  });
  return (await ws.getAttribute('data-last-run')) ?? '';
}

/** Runs the workspace's demo as a reader would: scroll to it, wait for it to upgrade, tap Run. */
async function runDemo(ws: Locator): Promise<void> {
  await ws.scrollIntoViewIfNeeded();
  await expect(ws).toHaveAttribute('data-ready', 'true');
  await ws.locator('.ws-run').tap();
  await runEnded(ws);
}

/** Where the output pane is scrolled, and the box it shows. */
function paneState(pane: Locator) {
  return pane.evaluate((el) => ({
    top: el.scrollTop,
    height: el.clientHeight,
    content: el.scrollHeight,
    width: el.clientWidth,
    wide: el.scrollWidth,
    atBottom: el.scrollTop + el.clientHeight >= el.scrollHeight - 4,
  }));
}

/**
 * The terminal's first rendered row, whether the pane shows it whole without being scrolled, and
 * the output's first line. The terminal renders only the rows in its own viewport, so a terminal
 * that scrolled itself to the end shows a later line in its first row.
 */
function firstRow(pane: Locator) {
  return pane.evaluate((el) => {
    const row = el.querySelector('.xterm-rows > div');
    const box = row?.getBoundingClientRect();
    const frame = el.getBoundingClientRect();
    const mirror = el.closest('tal-workspace')?.querySelector('.ws-output-text')?.textContent ?? '';
    return {
      text: (row?.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
      firstLine: mirror.split('\n')[0]?.trimEnd() ?? '',
      visible:
        box !== undefined &&
        box.height > 0 &&
        box.top >= frame.top - 0.5 &&
        box.bottom <= frame.bottom + 0.5,
    };
  });
}

test.describe('on a phone (360×740)', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  for (const lang of LANGS) {
    test(`${lang}: the chapter's title comes first; the menu is closed and opens from the keyboard`, async ({
      page,
    }) => {
      await page.goto(chapter(lang));
      const menu = page.locator('.sidebar__details');
      await expect(menu).not.toHaveAttribute('open');
      const title = await page.locator('main h1').boundingBox();
      expect(title).not.toBeNull();
      expect(title?.y ?? -1).toBeGreaterThanOrEqual(0);
      expect((title?.y ?? 0) + (title?.height ?? 0)).toBeLessThanOrEqual(PHONE.height);
      // A keyboard reader tabs from the top of the page to the menu's summary and opens it.
      const summary = page.locator('.sidebar__summary');
      for (let i = 0; i < 25; i++) {
        if (await summary.evaluate((s) => s === document.activeElement)) break;
        await page.keyboard.press('Tab');
      }
      await expect(summary).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(menu).toHaveAttribute('open');
      await expect(page.locator('.sidebar__link').first()).toBeVisible();
    });

    test(`${lang}: a heading reached by its #anchor is not under the sticky header`, async ({
      page,
    }) => {
      const header = page.locator('.site-header');
      const clearOfHeader = async (id: string) => {
        const heading = await page.locator(`[id="${id}"]`).boundingBox();
        const bar = await header.boundingBox();
        return (heading?.y ?? -1) - ((bar?.y ?? 0) + (bar?.height ?? Infinity));
      };
      // Loaded with the anchor in the address, as from a search result or a shared link.
      await page.goto(`${chapter(lang)}#section-2-2`);
      await expect.poll(() => clearOfHeader('section-2-2')).toBeGreaterThanOrEqual(0);
      // And followed within the page, as from the heading's own link.
      await page.locator('a.heading-anchor[href="#section-2-3"]').tap();
      await expect(page).toHaveURL(/#section-2-3$/);
      await expect.poll(() => clearOfHeader('section-2-3')).toBeGreaterThanOrEqual(0);
      // Not far below it either: the heading is where the reader's eyes are.
      expect(await clearOfHeader('section-2-3')).toBeLessThan(40);
      // The header's own controls are in view already: focusing one does not scroll the page.
      const scrolled = await page.evaluate(() => scrollY);
      await header.getByRole('button').last().focus();
      expect(await page.evaluate(() => scrollY)).toBe(scrolled);
    });

    test(`${lang}: the workspace toolbar takes at most two rows and nothing scrolls sideways`, async ({
      page,
    }) => {
      await page.goto(chapter(lang));
      const ws = workspace(page, REQUEST_LINE);
      await ws.scrollIntoViewIfNeeded();
      await expect(ws).toHaveAttribute('data-ready', 'true');
      const tops = await ws
        .locator('.ws-toolbar')
        .evaluate((bar) =>
          [...bar.querySelectorAll<HTMLElement>(':scope > :is(button, select)')]
            .filter((control) => control.checkVisibility())
            .map((control) => control.getBoundingClientRect().top),
        );
      expect(tops.length).toBeGreaterThanOrEqual(8);
      const rows = tops
        .sort((a, b) => a - b)
        .filter((top, i, all) => i === 0 || top - (all[i - 1] ?? top) > 4);
      expect(rows.length).toBeLessThanOrEqual(2);
      // The output of a run has lines far wider than a phone; they must not widen the page.
      await runDemo(ws);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        inner: innerWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      expect(widths.scroll).toBeLessThanOrEqual(PHONE.width);
    });

    test(`${lang}: after a Run the output shows its first line without scrolling the pane`, async ({
      page,
    }) => {
      await page.goto(chapter(lang));
      const ws = workspace(page, REQUEST_LINE);
      await runDemo(ws);
      const pane = ws.locator('.ws-output');
      await pane.scrollIntoViewIfNeeded();
      await expect.poll(async () => (await firstRow(pane)).firstLine).not.toBe('');
      const first = await firstRow(pane);
      expect(first.text).toBe(first.firstLine);
      expect(first.visible).toBe(true);
      const state = await paneState(pane);
      expect(state.top).toBe(0);
      // The pane grew to show the whole of this run (26 lines), the size of a typical one.
      expect(state.content).toBeLessThanOrEqual(state.height);
      const lines = Number(await pane.getAttribute('data-lines'));
      expect(lines).toBeGreaterThan(20);
      expect(await pane.locator('.xterm-rows > div').count()).toBeGreaterThanOrEqual(lines);
      // Its lines are wider than a phone, so the pane scrolls sideways: keyboard readers reach it
      // with Tab (after the toolbar and the files) and scroll it with the arrow keys.
      // Chromium makes a scrolling box focusable by itself; Safari needs the tabindex.
      await expect(pane).toHaveAttribute('tabindex', '0');
      await expect(pane).toHaveRole('region');
      // Named by its step, so the several output panes of a chapter differ as landmarks must.
      await expect(pane).toHaveAccessibleName(/^(输出（第 \d\d 步）|Output \(step \d\d\))$/);
      expect(state.wide).toBeGreaterThan(state.width);
      await ws.locator('.ws-run').focus();
      for (let i = 0; i < 40; i++) {
        if (await pane.evaluate((el) => el === document.activeElement)) break;
        await page.keyboard.press('Tab');
      }
      await expect(pane).toBeFocused();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => pane.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    });
  }

  test('output is followed only from the bottom of the pane, and a new run starts at the top', async ({
    page,
  }) => {
    const ws = workspace(page, '02-timers');
    await page.goto(pageWithStep('02-timers'));
    await ws.scrollIntoViewIfNeeded();
    await ws.getByRole('tab', { name: /^main\.ts/ }).tap();
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    // Sixty lines, then a loop that prints nothing: Stop ends it and adds one line, "── stopped".
    await ws
      .locator('textarea.ws-plain')
      .fill('for (let i = 1; i <= 60; i++) console.log("line " + i);\nwhile (true) {}\n');
    const pane = ws.locator('.ws-output');
    const stop = ws.getByRole('button', { name: 'Stop' });
    const runToLoop = async () => {
      await ws.locator('.ws-run').tap();
      await expect(ws.locator('.ws-output-text')).toContainText('line 60');
      await expect(ws).toHaveAttribute('data-last-run', 'running');
      // Every line laid out: the pane scrolls, since sixty lines are taller than it may grow.
      await expect
        .poll(async () => (await paneState(pane)).content, { timeout: 15_000 })
        .toBeGreaterThan(60 * 16);
    };

    // The reader stays at the top: the new line does not pull the pane down.
    await runToLoop();
    await pane.scrollIntoViewIfNeeded();
    expect((await paneState(pane)).top).toBe(0);
    let before = (await paneState(pane)).content;
    await stop.tap();
    expect(await runEnded(ws)).toBe('stopped');
    await expect.poll(async () => (await paneState(pane)).content).toBeGreaterThan(before);
    expect((await paneState(pane)).top).toBe(0);

    // A reader at the bottom when Run is pressed still sees the new run from its first line.
    await pane.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await paneState(pane)).atBottom).toBe(true);
    await runToLoop();
    // Tapping Run scrolled the page up to the toolbar; the terminal renders once it is in view.
    await pane.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await firstRow(pane)).text).toBe('line 1');
    expect((await firstRow(pane)).visible).toBe(true);
    expect((await paneState(pane)).top).toBe(0);

    // Scrolled to the end, the reader follows the output: the new line comes into view.
    await pane.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await paneState(pane)).atBottom).toBe(true);
    before = (await paneState(pane)).content;
    await stop.tap();
    expect(await runEnded(ws)).toBe('stopped');
    await expect.poll(async () => (await paneState(pane)).content).toBeGreaterThan(before);
    await expect.poll(async () => (await paneState(pane)).atBottom).toBe(true);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`a chapter page has no accessibility violations in the ${scheme} theme, a run included`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(chapter('en'));
      await runDemo(workspace(page, REQUEST_LINE));
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

test.describe('in the dark theme', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true, colorScheme: 'dark' });

  test("the output's descenders (g, j, p, q, y) are not clipped", async ({ page }) => {
    await page.goto(chapter('en'));
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const ws = workspace(page, REQUEST_LINE);
    await runDemo(ws);
    const pane = ws.locator('.ws-output');
    await pane.scrollIntoViewIfNeeded();
    await expect(pane.locator('.xterm-rows > div').first()).toBeVisible();
    const rows = await pane.evaluate((el) => {
      const context = document.createElement('canvas').getContext('2d');
      return [...el.querySelectorAll<HTMLElement>('.xterm-rows > div')].slice(0, 5).map((row) => {
        const style = getComputedStyle(row);
        const fontSize = parseFloat(style.fontSize);
        const lineHeight = parseFloat(style.lineHeight);
        const height = row.getBoundingClientRect().height;
        // Where a descender's ink ends in the row: the text sits centred in its line box.
        if (context) context.font = `${style.fontSize} ${style.fontFamily}`;
        const m = context?.measureText('gjpqy');
        const ascent = m?.fontBoundingBoxAscent ?? fontSize;
        const descent = m?.fontBoundingBoxDescent ?? 0;
        const ink =
          (lineHeight - ascent - descent) / 2 + ascent + (m?.actualBoundingBoxDescent ?? 0);
        return { fontSize, lineHeight, height, ink, clips: style.overflow !== 'visible' };
      });
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.lineHeight).toBeGreaterThanOrEqual(row.fontSize * 1.3);
      // The row clips what overflows it: a descender needs a pixel to spare for its soft edge.
      if (row.clips) expect(row.ink).toBeLessThanOrEqual(row.height - 1);
    }
  });
});

test.describe('the practice pages are easy to find', () => {
  for (const lang of LANGS) {
    test(`${lang}: at 1280×900 a chapter shows its Practice links in the first screen`, async ({
      page,
    }) => {
      await page.setViewportSize(DESKTOP);
      await page.goto(chapter(lang));
      // The menu is open beside the chapter on a wide screen, as before.
      await expect(page.locator('.sidebar__details')).toHaveAttribute('open');
      for (const href of [`/${lang}/exercises/`, `/${lang}/playground/`, `/${lang}/assignment/`]) {
        const link = page.locator(`.sidebar a[href="${href}"]`);
        await expect(link).toBeVisible();
        const box = await link.boundingBox();
        expect(box?.y ?? -1, href).toBeGreaterThanOrEqual(0);
        expect((box?.y ?? 0) + (box?.height ?? 0), href).toBeLessThanOrEqual(DESKTOP.height);
      }
    });
  }

  for (const path of ['/', '/en/', '/zh/']) {
    test(`${path} introduces the exercises, the playground and the assignments`, async ({
      page,
    }) => {
      await page.goto(path);
      const langs = path === '/' ? LANGS : LANGS.filter((l) => path === `/${l}/`);
      for (const lang of langs) {
        for (const name of ['exercises', 'playground', 'assignment']) {
          const link = page.locator(`main a[href="/${lang}/${name}/"]`);
          await expect(link, `${path} → /${lang}/${name}/`).toBeVisible();
          // Each link says what it is in the language of the text around it.
          const own = await link.evaluate((a) => a.closest('[lang]')?.getAttribute('lang'));
          expect(own?.startsWith(lang === 'zh' ? 'zh' : 'en')).toBe(true);
          expect((await link.textContent())?.trim()).not.toBe('');
        }
      }
    });
  }
});
