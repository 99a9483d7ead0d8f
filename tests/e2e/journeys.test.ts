/** Whole journeys as first-time users take them, each from a fresh browser profile on the built site, in both languages. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { encodeAssignment, type Assignment } from '../../src/lib/exercises/assignment.ts';
import { loadExercise, pinOf } from '../../src/lib/exercises/exercise.ts';
import { renderMarkdown } from '../../src/lib/exercises/markdown.ts';
import { exerciseStrings } from '../../src/lib/exercises/strings.ts';
import type { SubmissionBundle } from '../../src/lib/exercises/submission.ts';

const LANGS = ['en', 'zh'] as const;
const SOLVE = 'timers-remove-timeout';
const LEAVE = 'loop-rounds';
// The exercise cuts its gap from step 02, so its solution is the step's own file.
const solution = readFileSync('content/sandboxes/02-timers/ioloop.ts', 'utf8');

/** The first words of an exercise's instructions as the page shows them (tags and entities gone). */
function firstWords(id: string, lang: 'en' | 'zh'): string {
  const html = renderMarkdown(loadExercise(id).instructions[lang]);
  const text = (/<p>(.*?)<\/p>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return text.slice(0, 24);
}

for (const lang of LANGS) {
  test.describe(`a student (${lang})`, () => {
    // A phone: the plain editor takes a whole file at once, as pasting would.
    test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });

    test('assignment link → instructions → Check fails → hint → solve → what next → export → receipt', async ({
      page,
    }) => {
      const s = exerciseStrings[lang];
      const solveOne = loadExercise(SOLVE);
      const leaveOne = loadExercise(LEAVE);
      const assignment: Assignment = {
        format: 1,
        id: `journey-${lang}`,
        title: lang === 'zh' ? '第一周：定时器' : 'Week 1: timers',
        due: '2027-03-08',
        notes: '',
        exercises: [
          { id: SOLVE, pin: pinOf(solveOne) },
          { id: LEAVE, pin: pinOf(leaveOne) },
        ],
      };
      await page.goto(`/${lang}/assignment/#a=${await encodeAssignment(assignment)}`);
      await expect(page.locator('.assignment-title')).toHaveText(assignment.title);
      await expect(page.locator('.assignment-howto li')).toHaveCount(3);

      // Exercises are named by title, and opening one shows what to do.
      await page.getByRole('button', { name: s.openExercise(solveOne.data.title[lang]) }).tap();
      const article = page.locator('.assignment-work article');
      await expect(article.getByRole('heading', { level: 3 })).toHaveText(
        solveOne.data.title[lang],
      );
      await expect(article.getByRole('heading', { level: 3 })).toBeFocused();
      await expect(article.locator('.assignment-instructions')).toContainText(
        firstWords(SOLVE, lang),
      );
      await expect(article.locator('.exercise-difficulty')).toContainText(
        s.difficulty[solveOne.data.difficulty],
      );

      // The starter fails its checks.
      const ws = article.locator('tal-workspace');
      await ws.scrollIntoViewIfNeeded();
      await expect(ws).toHaveAttribute('data-ready', 'true');
      await ws.locator('.ws-check').tap();
      await expect(ws).toHaveAttribute('data-last-check', /^\d+\/\d+$/, { timeout: 30_000 });
      const [passed, total] = ((await ws.getAttribute('data-last-check')) ?? '0/0')
        .split('/')
        .map(Number);
      expect(passed).toBeLessThan(total ?? 0);
      await expect(article.locator('.assignment-next')).toBeEmpty();

      // A hint, one at a time.
      const hints = solveOne.data.hints;
      expect(hints.length).toBeGreaterThan(0);
      await article.getByRole('button', { name: s.showHint(1, hints.length) }).tap();
      const shown = article.locator('.exercise-hints li:not([hidden])');
      await expect(shown).toHaveCount(1);
      await expect(shown.first()).toContainText(
        (hints[0]?.[lang] ?? '').replace(/[`*]/g, '').slice(0, 12),
      );

      // Solve it: Check goes green, and the page says what comes next.
      await ws.getByRole('tab', { name: /^ioloop\.ts/ }).tap();
      await ws.locator('.ws-editor').tap();
      await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
      await ws.locator('textarea.ws-plain').fill(solution);
      await ws.locator('.ws-check').tap();
      await expect(ws).toHaveAttribute('data-last-check', `${total}/${total}`, {
        timeout: 30_000,
      });
      const next = article.locator('.assignment-next');
      await expect(next).toContainText(s.solvedNext);
      await expect(
        next.getByRole('button', { name: s.openExercise(leaveOne.data.title[lang]) }),
      ).toBeVisible();
      await expect(
        page.locator(`.assignment-exercises li[data-exercise="${SOLVE}"]`),
      ).toContainText(s.solved);

      // Hand in: the unstarted exercise is named before anything is exported.
      const form = page.locator('form.assignment-export');
      await form.getByLabel(s.studentId).fill('s1234');
      await form.getByLabel(s.studentName).fill(lang === 'zh' ? '王小明' : 'Ada Lovelace');
      await form.getByRole('button', { name: s.export }).tap();
      await expect(page.locator('.assignment-export-warning')).toContainText(s.exportWarning(1, 2));
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: s.exportAnyway }).tap();
      const bundle = JSON.parse(
        readFileSync(await (await download).path(), 'utf8'),
      ) as SubmissionBundle;
      const receipt = page.locator('.assignment-receipt');
      await expect(receipt).toContainText(s.receipt);
      expect(await receipt.getAttribute('data-receipt')).toBe(bundle.manifest.receipt);
      expect(bundle.files[`${SOLVE}/ioloop.ts`]).toBe(solution);
      expect(bundle.manifest.exercises.find((e) => e.id === SOLVE)?.claimed).toEqual({
        passed: total,
        total,
      });
    });
  });
}
