import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { builtPages, chapterPages, DIST } from '../../src/lib/browser/pages.ts';
import { axeViolations } from './axe.ts';

/** The pages axe checks in both color schemes: the landing page, both contents pages, every chapter. */
const AXE_PAGES = ['/', '/zh/', '/en/', ...chapterPages()];

/** Collects console errors and uncaught exceptions for the life of the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test.describe('every page', () => {
  const pages = builtPages();

  test('the build produced the landing, both contents pages and chapters in both languages', () => {
    expect(pages).toContain('/');
    expect(pages).toContain('/zh/');
    expect(pages).toContain('/en/');
    expect(chapterPages().filter((p) => p.startsWith('/zh/')).length).toBeGreaterThanOrEqual(2);
    expect(chapterPages().filter((p) => p.startsWith('/en/')).length).toBeGreaterThanOrEqual(2);
  });

  // Pages axe checks below are watched for console errors there, in the same visit.
  for (const path of pages.filter((p) => !AXE_PAGES.includes(p))) {
    test(`${path} renders with no console errors`, async ({ page }) => {
      const errors = watchErrors(page);
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1')).toBeVisible();
      await page.waitForLoadState('load');
      expect(errors).toEqual([]);
    });
  }

  test('an unknown address gets the 404 page', async ({ page }) => {
    const response = await page.goto('/no/such/page/');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: '目录' })).toHaveAttribute('href', '/zh/');
  });
});

test('chapter pages are cross-origin isolated', async ({ page }) => {
  await page.goto(chapterPages()[0] ?? '/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('the reader can go from the landing page through the chapters and back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Start reading' }).click();
  await expect(page).toHaveURL('/en/');
  const first = page.locator('.chapter-list a').first();
  const firstTitle = await first.textContent();
  await first.click();
  await expect(page.locator('h1')).toHaveText(firstTitle ?? '');
  await expect(page.locator('[aria-current="page"]')).toHaveText(firstTitle ?? '');
  const firstUrl = page.url();
  await page.getByRole('link', { name: /Next/ }).click();
  await expect(page.locator('h1')).not.toHaveText(firstTitle ?? '');
  // The pager is at the end of a long page: this click once landed on text that slid under the
  // pointer as skipped blocks were laid out (see "steady layout" in light-pages.test.ts).
  await page.getByRole('link', { name: /Previous/ }).click();
  await expect(page).toHaveURL(firstUrl);
  await expect(page.locator('h1')).toHaveText(firstTitle ?? '');
});

test.describe('language switch', () => {
  test('keeps the reader on the section named in the address', async ({ page }) => {
    await page.goto('/en/01-overview/#section-1-2');
    await page.getByRole('link', { name: /^Switch to the Chinese edition/ }).click();
    await expect(page).toHaveURL('/zh/01-overview/#section-1-2');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });

  test('keeps the reader on the section scrolled into view', async ({ page }) => {
    await page.setViewportSize({ width: 1000, height: 500 });
    await page.goto('/zh/01-overview/');
    await page.locator('#section-1-3').evaluate((h) => h.scrollIntoView());
    await page.getByRole('link', { name: /^切换到英文版/ }).click();
    await expect(page).toHaveURL('/en/01-overview/#section-1-3');
    await expect(page.locator('#section-1-3')).toBeInViewport();
  });

  test('deep inside a section, both ways, the reader lands on the same subsection', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    // "Switching happens only at await", the fourth subsection of 3.2, far below 3.2's top.
    const heading = () => page.locator('#section-3-2 ~ h3').nth(3);
    const topOf = async () => (await heading().boundingBox({ timeout: 15_000 }))?.y ?? Number.NaN;
    await page.goto('/en/03-async-machinery/');
    await expect(heading()).toContainText('Switching happens only at');
    // Bring the subsection's heading just above the reading line, as a reader scrolling on would.
    await heading().evaluate((h) =>
      window.scrollBy({ top: h.getBoundingClientRect().top - 80, behavior: 'instant' }),
    );
    const section = await page.locator('#section-3-2').boundingBox();
    expect(section?.y ?? 0).toBeLessThan(-900); // 3.2's own heading is more than a screen above
    await page.getByRole('link', { name: /^Switch to the Chinese edition/ }).click();
    await expect(page).toHaveURL('/zh/03-async-machinery/#section-3-2');
    await expect(heading()).toContainText('await');
    await expect.poll(() => topOf()).toBeGreaterThan(20);
    await expect.poll(() => topOf()).toBeLessThan(160);
    await page.getByRole('link', { name: /^切换到英文版/ }).click();
    await expect(page).toHaveURL('/en/03-async-machinery/#section-3-2');
    await expect.poll(() => topOf()).toBeGreaterThan(40);
    await expect.poll(() => topOf()).toBeLessThan(120);
  });
});

test.describe('theme', () => {
  test('toggles, and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/en/01-overview/');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    const toggle = page.getByRole('button', { name: 'Switch between light and dark theme' });
    await toggle.click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(15, 20, 25)');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
  });

  test('follows the system before the reader chooses, from the first paint', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/zh/01-overview/', { waitUntil: 'commit' });
    await page.waitForSelector('body');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  });
});

test.describe('search', () => {
  test('finds a word that only the Chinese chapters use', async ({ page }) => {
    await page.goto('/zh/02-request-flow/');
    await page.getByRole('searchbox', { name: '搜索' }).fill('事件循环');
    const result = page.locator('.search__results a').first();
    await expect(result).toHaveAttribute('href', /^\/zh\//);
  });

  test('finds a word from an English chapter and lands on the section that has it', async ({
    page,
  }) => {
    await page.goto('/en/02-request-flow/');
    await page.getByRole('searchbox', { name: 'Search' }).fill('FriendFeed');
    const result = page.locator('.search__results a').first();
    await expect(result).toHaveAttribute('href', /^\/en\/01-overview\/#[a-z0-9-]+$/);
    const href = (await result.getAttribute('href')) ?? '';
    await result.click();
    await expect(page).toHaveURL(href);
    const heading = page.locator(`[id="${href.split('#')[1] ?? ''}"]`);
    await expect(heading).toBeInViewport();
    // The word itself is in the section the reader landed on, on screen.
    await expect(page.getByText(/FriendFeed/).first()).toBeInViewport();
  });

  test('arrow keys move through the results and back to the box; Enter opens one', async ({
    page,
  }) => {
    await page.goto('/zh/02-request-flow/');
    const box = page.getByRole('searchbox', { name: '搜索' });
    await box.fill('callLater');
    const links = page.locator('.search__results a');
    await expect(links.nth(1)).toBeVisible();
    await box.press('ArrowDown');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(box).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const href = (await links.nth(0).getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/zh\/[^#]+\/#.+/);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(href);
  });
});

test('at 360 px wide nothing scrolls sideways and the chapter menu folds', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/', ...chapterPages()]) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  await expect(page.locator('.sidebar__summary')).toBeVisible();
});

test.describe('accessibility (axe)', () => {
  for (const path of AXE_PAGES) {
    test(`${path} renders with no console errors and axe finds nothing, light and dark`, async ({
      page,
    }) => {
      const errors = watchErrors(page);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        await page.waitForLoadState('load');
        expect(await axeViolations(page), `${path} (${scheme})`).toEqual([]);
      }
      expect(errors).toEqual([]);
    });
  }
});

test('the axe check catches a violation put into a page', async ({ page }) => {
  // Proves the in-page (legacy mode) run sees the page it is given, so a clean result means something.
  await page.goto('/en/');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/favicon.svg';
    document.querySelector('main')?.append(img);
  });
  expect((await axeViolations(page)).join('\n')).toMatch(/^image-alt: /m);
});

test('every internal link and anchor in the built site resolves', () => {
  const html = (path: string): string | undefined => {
    const file = path.endsWith('/') ? `${DIST}${path}index.html` : `${DIST}${path}`;
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const broken: string[] = [];
  let checked = 0;
  for (const page of builtPages()) {
    const source = html(page) ?? '';
    for (const [, href = ''] of source.matchAll(/\shref="([^"]*)"/g)) {
      if (!href.startsWith('/') && !href.startsWith('#')) continue;
      const [rawPath = '', hash] = href.split('#');
      const path = rawPath === '' ? page : decodeURI(rawPath);
      const target = html(path) ?? html(`${path}/`);
      checked++;
      if (target === undefined) broken.push(`${page} → ${href} (no page)`);
      else if (hash && !target.includes(`id="${decodeURIComponent(hash)}"`)) {
        broken.push(`${page} → ${href} (no anchor)`);
      }
    }
  }
  expect(checked).toBeGreaterThan(100);
  expect(broken).toEqual([]);
});
