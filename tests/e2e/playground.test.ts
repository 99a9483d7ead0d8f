/** The parser playground, driven in Chromium against the built site: presets that teach, verdicts only after a run, errors that replace stale results. */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { fromLatin1 } from '../../content/sandboxes/_template/bytes.ts';
import { HTTP1Parser } from '../../content/sandboxes/08-bodies/http1-parser.ts';
import { presetGroups, presets, type Preset } from '../../src/lib/http-corpus/presets.ts';
import { axeViolations } from './axe.ts';

function preset(id: string): Preset {
  const found = presets.find((p) => p.id === id);
  if (!found) throw new Error(`the presets lost ${id}`);
  return found;
}

async function open(page: Page, lang: 'en' | 'zh' = 'en'): Promise<Locator> {
  await page.goto(`/${lang}/playground/`);
  const pg = page.locator('tal-parser-playground');
  await expect(pg).toHaveAttribute('data-ready', 'true');
  return pg;
}

/** Nothing on the page says what became of the bytes: no table, no verdict, no expectation. */
async function expectNoVerdict(pg: Locator): Promise<void> {
  await expect(pg).not.toHaveAttribute('data-verdict');
  await expect(pg.locator('.pp-chunks')).toHaveCount(0);
  await expect(pg.locator('.pp-result, .pp-verdict, .pp-expect')).toHaveCount(0);
}

test.describe('the parser playground', () => {
  test('refuses Content-Length with Transfer-Encoding, with the status and reason of the parser', async ({
    page,
  }) => {
    const clte = preset('cl-te-both');
    const expected = new HTTP1Parser().feed(fromLatin1(clte.raw)).find((e) => e.type === 'error');
    if (expected?.type !== 'error') throw new Error('the parser accepted cl-te-both');
    expect(expected.error.status).toBe(clte.expect);
    const pg = await open(page);
    await pg.getByLabel('Preset', { exact: true }).selectOption('cl-te-both');
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(pg).toHaveAttribute('data-verdict', 'refused');
    await expect(pg.locator('.pp-verdict')).toHaveText(`Refused with status ${clte.expect}`);
    await expect(pg.locator('.pp-reason')).toHaveText(expected.error.message);
    await expect(pg.locator('.pp-reason')).toContainText(/Content-Length.*Transfer-Encoding/);
    await expect(pg.locator('.pp-expect')).toHaveText(
      `RFC 9112 expects: refused with ${clte.expect}. The parser did just that.`,
    );
    await expect(pg.locator('.pp-expect')).toHaveAttribute('data-met', 'true');
  });

  test('accepts a request split into single bytes, one row per byte, with its parts', async ({
    page,
  }) => {
    const raw =
      'POST /echo HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabc\\r\\n0\\r\\n\\r\\n';
    const length = raw.replaceAll('\\r', '\r').replaceAll('\\n', '\n').length;
    const pg = await open(page);
    await pg.getByLabel('Request bytes').fill(raw);
    // Typed bytes are the reader's own: the preset's sentence gives way, and no expectation applies.
    await expect(pg.getByLabel('Preset', { exact: true })).toHaveValue('');
    await expect(pg.locator('.pp-about')).toHaveText(/no expectation to compare with/);
    await pg.getByRole('button', { name: 'Single bytes' }).click();
    await expect(pg.locator('.pp-chunks tbody tr')).toHaveCount(length);
    await expect(pg.locator('.pp-split')).toContainText(`${length} bytes in ${length} chunks`);
    await expect(pg).toHaveAttribute('data-verdict', 'accepted');
    await expect(pg.locator('.pp-start-line')).toHaveText('POST /echo HTTP/1.1');
    await expect(pg.locator('.pp-body')).toHaveText('abc');
    await expect(pg.locator('.pp-expect')).toHaveCount(0);
    // Until the first CRLF arrives, nothing is consumed: the row for byte 1 still says 0.
    await expect(pg.locator('.pp-chunks tbody tr').first().locator('td').nth(4)).toHaveText('0');
  });

  test('a random split shows its seed, and the same seed gives the same cuts', async ({ page }) => {
    const pg = await open(page, 'zh');
    await pg.getByRole('button', { name: '随机切分' }).click();
    const seed = await pg.getByLabel('种子').inputValue();
    await expect(pg.locator('.pp-split')).toContainText(`种子 ${seed}`);
    const cuts = await pg.getByLabel('在这些字节位置切分').inputValue();
    await pg.getByLabel('在这些字节位置切分').fill('');
    await pg.getByLabel('种子').fill(seed);
    await pg.getByLabel('种子').dispatchEvent('change');
    await expect(pg.getByLabel('在这些字节位置切分')).toHaveValue(cuts);
  });

  test('the presets are grouped by what they teach, under labels that do not give the verdict away', async ({
    page,
  }) => {
    const pg = await open(page);
    const select = pg.getByLabel('Preset', { exact: true });
    expect(
      await select
        .locator('optgroup')
        .evaluateAll((gs: HTMLOptGroupElement[]) => gs.map((g) => g.label)),
    ).toEqual(presetGroups.map((g) => g.name.en));
    const options = await select.locator('optgroup > option').allTextContents();
    expect(options).toEqual(presets.map((p) => p.label.en));
    for (const text of options) expect(text).not.toMatch(/\b[45]\d\d\b|→|\bok\b|refus|accept/i);
  });

  test('choosing a preset shows its sentence and no verdict', async ({ page }) => {
    const pg = await open(page);
    const select = pg.getByLabel('Preset', { exact: true });
    // On arrival: the first preset, its sentence, an invitation to predict, and nothing else.
    await expect(select).toHaveValue(presets[0]?.id ?? '');
    await expect(pg.locator('.pp-about')).toHaveText(presets[0]?.teaches.en ?? '');
    await expect(pg.locator('.pp-pending')).toHaveText(
      'Predict what the parser will do with these bytes, then press Parse.',
    );
    await expectNoVerdict(pg);
    const xchunked = preset('te-xchunked');
    await select.selectOption(xchunked.id);
    await expect(pg.locator('.pp-about')).toHaveText(xchunked.teaches.en);
    await expect(pg.locator('.pp-about')).toHaveAttribute('aria-live', 'polite');
    await expect(select).toHaveAccessibleDescription(xchunked.teaches.en);
    await expect(pg.getByLabel('Request bytes')).toHaveValue(/Transfer-Encoding: xchunked/);
    await expectNoVerdict(pg);
  });

  test('the verdict and the expectation appear only after a run, and go when the preset changes', async ({
    page,
  }) => {
    const pg = await open(page);
    const select = pg.getByLabel('Preset', { exact: true });
    await select.selectOption('pipelined-two-gets');
    await expectNoVerdict(pg);
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(pg).toHaveAttribute('data-verdict', 'accepted');
    await expect(pg.locator('.pp-verdict')).toHaveText('Accepted: 2 requests.');
    await expect(pg.locator('.pp-expect')).toHaveText(
      'RFC 9112 expects: 2 requests, accepted. The parser did just that.',
    );
    await select.selectOption('cl-body-short');
    await expectNoVerdict(pg);
    // Left open, a connection with a body cut short is still waiting: not what the preset expects.
    await pg.getByLabel('Then the client closes the connection').uncheck();
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(pg).toHaveAttribute('data-verdict', 'incomplete');
    await expect(pg.locator('.pp-expect')).toHaveAttribute('data-met', 'false');
    await expect(pg.locator('.pp-expect')).toContainText('RFC 9112 expects: refused with 400.');
    await expect(pg.locator('.pp-expect')).toContainText('assumes the client closes');
    await pg.getByLabel('Then the client closes the connection').check();
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(pg).toHaveAttribute('data-verdict', 'refused');
    await expect(pg.locator('.pp-expect')).toHaveAttribute('data-met', 'true');
  });

  test('a bad split replaces the previous table with the error alone; a good one brings it back', async ({
    page,
  }) => {
    const pg = await open(page);
    const cuts = pg.getByLabel('Split at byte positions');
    const length = fromLatin1(preset('get-root').raw).length;
    await pg.getByLabel('Preset', { exact: true }).selectOption('get-root');
    await cuts.fill('5');
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(pg.locator('.pp-chunks tbody tr')).toHaveCount(2);
    await expect(pg).toHaveAttribute('data-verdict', 'accepted');
    const error = pg.getByRole('alert');
    for (const [typed, message] of [
      [`5, ${length + 40}`, `Position ${length + 40} is not inside the ${length} bytes`],
      ['5, x', '"x" is not a byte position.'],
    ] as const) {
      await cuts.fill(typed);
      await pg.getByRole('button', { name: 'Parse' }).click();
      await expect(error).toBeVisible();
      await expect(error).toContainText(message);
      await expectNoVerdict(pg);
      await expect(pg.locator('.pp-split')).toHaveText('');
      await cuts.fill('5, 9');
      await pg.getByRole('button', { name: 'Parse' }).click();
      await expect(error).toBeHidden();
      await expect(pg.locator('.pp-chunks tbody tr')).toHaveCount(3);
      await expect(pg).toHaveAttribute('data-verdict', 'accepted');
    }
    // A malformed escape in the bytes is reported the same way.
    await pg.getByLabel('Request bytes').fill('GET / HTTP/1.1\\q');
    await cuts.fill('');
    await pg.getByRole('button', { name: 'Parse' }).click();
    await expect(error).toHaveText(
      'Bad escape at character 15: use \\r \\n \\t \\0 \\\\ or \\xHH.',
    );
    await expectNoVerdict(pg);
  });

  test('the Chinese page names the groups, explains the presets and compares in Chinese', async ({
    page,
  }) => {
    const pg = await open(page, 'zh');
    const select = pg.getByLabel('预设', { exact: true });
    expect(
      await select
        .locator('optgroup')
        .evaluateAll((gs: HTMLOptGroupElement[]) => gs.map((g) => g.label)),
    ).toEqual(presetGroups.map((g) => g.name.zh));
    expect(await select.locator('optgroup > option').allTextContents()).toEqual(
      presets.map((p) => p.label.zh),
    );
    const clte = preset('cl-te-both');
    await select.selectOption(clte.id);
    await expect(pg.locator('.pp-about')).toHaveText(clte.teaches.zh);
    await expectNoVerdict(pg);
    await pg.getByRole('button', { name: '解析' }).click();
    await expect(pg.locator('.pp-verdict')).toHaveText(`拒绝，状态码 ${clte.expect}`);
    await expect(pg.locator('.pp-expect')).toHaveText(
      `RFC 9112 的预期：以状态码 ${clte.expect} 拒绝。解析器的结果正是如此。`,
    );
    await pg.getByLabel('在这些字节位置切分').fill('0');
    await pg.getByRole('button', { name: '解析' }).click();
    await expect(pg.getByRole('alert')).toContainText('位置 0 不在这');
    await expectNoVerdict(pg);
  });

  for (const lang of ['en', 'zh'] as const) {
    test(`the page explains request smuggling and links RFC 9112 §6.3, headings in order (${lang})`, async ({
      page,
    }) => {
      const pg = await open(page, lang);
      await pg.getByRole('button', { name: lang === 'en' ? 'Parse' : '解析' }).click();
      await expect(pg.locator('.pp-request')).toHaveCount(1);
      const heading = page.getByRole('heading', {
        level: 2,
        name: lang === 'en' ? /Request smuggling/ : /请求走私/,
      });
      await expect(heading).toBeVisible();
      const section = page.locator('section', { has: heading });
      await expect(section).toContainText('Content-Length');
      await expect(section).toContainText('Transfer-Encoding');
      await expect(section).toContainText('obs-fold');
      await expect(section.getByRole('link', { name: /RFC 9112 §6\.3/ })).toHaveAttribute(
        'href',
        'https://www.rfc-editor.org/rfc/rfc9112#section-6.3',
      );
      // No level is skipped on the way down, with the playground's own headings drawn.
      const levels = await page
        .locator('main')
        .locator('h1, h2, h3, h4, h5, h6')
        .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));
      expect(levels[0]).toBe(1);
      for (const [i, level] of levels.entries()) {
        if (i > 0) expect(level - (levels[i - 1] ?? 0), levels.join(' ')).toBeLessThanOrEqual(1);
      }
    });
  }
});

test.describe('the playground’s accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds nothing after a parse, nor with an error shown (${scheme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const pg = await open(page);
      await pg.getByLabel('Preset', { exact: true }).selectOption('cl-te-hidden-request');
      await pg.getByRole('button', { name: 'Parse' }).click();
      await expect(pg.locator('.pp-expect')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await pg.getByLabel('Split at byte positions').fill('x');
      await pg.getByRole('button', { name: 'Parse' }).click();
      await expect(pg.getByRole('alert')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
