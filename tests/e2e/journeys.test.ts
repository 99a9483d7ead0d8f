/** Whole journeys as first-time users take them, each from a fresh browser profile on the built site, in both languages. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pageWithStep } from '../../src/lib/browser/pages.ts';
import { encodeAssignment, type Assignment } from '../../src/lib/exercises/assignment.ts';
import { loadCourses } from '../../src/lib/exercises/course-files.ts';
import { loadExercise, pinOf } from '../../src/lib/exercises/exercise.ts';
import { renderMarkdown } from '../../src/lib/exercises/markdown.ts';
import { exerciseStrings } from '../../src/lib/exercises/strings.ts';
import type { SubmissionBundle } from '../../src/lib/exercises/submission.ts';

const LANGS = ['en', 'zh'] as const;
const SOLVE = 'timers-remove-timeout';
const LEAVE = 'loop-rounds';
const STEP = '02-timers';
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

for (const lang of LANGS) {
  test.describe(`an instructor (${lang})`, () => {
    test('builder → copied link → YAML → a student hands in → graded outside the clone → CSV with the receipt', async ({
      browser,
      context,
      page,
    }) => {
      test.slow(); // The grader runs every assigned exercise's tests in sandboxed processes.
      const s = exerciseStrings[lang];
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto(`/${lang}/assignment/`);
      const form = page.locator('form.assignment-form');
      // The title starts in the page's language.
      await expect(form.getByLabel(s.title, { exact: true })).toHaveValue(s.defaultTitle);
      // Nothing picked: the page says so instead of making an empty link.
      await form.getByRole('button', { name: s.makeLink }).click();
      await expect(page.locator('.assignment-form-problem')).toHaveText(s.pickOne);
      const [course] = loadCourses();
      if (!course) throw new Error('no course in content/courses');
      await form.getByLabel(s.courseStart).selectOption(`${course.id}#1`);
      const week = course.weeks[0];
      await expect(form.locator('input[name="exercise"]:checked')).toHaveCount(
        week?.exercises.length ?? -1,
      );
      await form.getByRole('button', { name: s.makeLink }).click();
      const link = await page.locator('.assignment-link').inputValue();
      expect(link).toMatch(/#a=/);
      await page.getByRole('button', { name: s.copyLink }).click();
      await expect(page.locator('.assignment-copied')).toHaveText(s.copied);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

      // The YAML the grader reads, downloaded into a course folder outside the clone.
      const dir = mkdtempSync(join(tmpdir(), 'tal-course-'));
      try {
        await expect(page.locator('.assignment-yaml')).toContainText(`id: "${course.id}-w1"`);
        const yamlDownload = page.waitForEvent('download');
        await page.getByRole('button', { name: s.downloadYaml }).click();
        await (await yamlDownload).saveAs(join(dir, 'assignment.yaml'));

        // A student, in a browser of their own, hands in without starting anything.
        const student = await browser.newContext();
        const studentPage = await student.newPage();
        await studentPage.goto(link);
        const exportForm = studentPage.locator('form.assignment-export');
        await exportForm.getByLabel(s.studentId).fill('s42');
        await exportForm.getByLabel(s.studentName).fill('Grace');
        await exportForm.getByRole('button', { name: s.export }).click();
        const handIn = studentPage.waitForEvent('download');
        await studentPage.getByRole('button', { name: s.exportAnyway }).click();
        mkdirSync(join(dir, 'week1'));
        await (await handIn).saveAs(join(dir, 'week1', 'submission.json'));
        const receipt = await studentPage
          .locator('.assignment-receipt')
          .getAttribute('data-receipt');
        await student.close();

        // The documented command, run from the course folder, not from the clone.
        const graded = spawnSync(
          process.execPath,
          [
            join(process.cwd(), 'src/cli/index.ts'),
            'grade',
            'week1',
            '--assignment',
            'assignment.yaml',
            '--out',
            'grades-week1',
          ],
          { cwd: dir, encoding: 'utf8', timeout: 240_000 },
        );
        expect(graded.status, graded.stderr).toBe(0);
        const [header, row] = readFileSync(join(dir, 'grades-week1', 'grades.csv'), 'utf8')
          .trim()
          .split('\n');
        const columns = (header ?? '').split(',');
        const cells = (row ?? '').split(',');
        expect(cells[columns.indexOf('student_id')]).toBe('s42');
        expect(cells[columns.indexOf('receipt')]).toBe(receipt);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

for (const lang of LANGS) {
  test.describe(`a reader (${lang})`, () => {
    test('landing → chapter → run → edit → timeline → other language at the same place → search → phone', async ({
      page,
    }) => {
      test.slow(); // Monaco loads and two runs go through the Worker on a small machine.
      const other = lang === 'en' ? 'zh' : 'en';
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto('/');
      await page.locator(`a.landing__start[href="/${lang}/"]`).click();
      await expect(page).toHaveURL(`/${lang}/`);
      const chapter = pageWithStep(STEP).replace(/^\/en\//, `/${lang}/`);
      await page.locator(`main a[href="${chapter}"]`).first().click();
      await expect(page).toHaveURL(chapter);

      // Run the step as it is, then edit it and run again.
      const ws = page.locator(`tal-workspace[data-step="${STEP}"]`).first();
      await ws.scrollIntoViewIfNeeded();
      await ws.locator('.ws-run').click();
      await expect(ws).toHaveAttribute('data-last-run', 'exit-0', { timeout: 30_000 });
      await ws.getByRole('tab', { name: /^main\.ts/ }).click();
      await ws.locator('.ws-editor').click();
      await expect(ws).toHaveAttribute('data-editor', 'monaco', { timeout: 30_000 });
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.insertText('\nconsole.log("the reader was here");\n');
      await ws.locator('.ws-run').click();
      await expect(ws).toHaveAttribute('data-last-run', 'exit-0', { timeout: 30_000 });
      await expect(ws.locator('.ws-output-text')).toContainText('the reader was here');

      // The timeline of that run: pick an event from its list.
      const timeline = ws.locator('xpath=following-sibling::tal-timeline[1]');
      await expect(timeline).toHaveAttribute('data-phase', 'ended');
      await timeline.locator('summary').click();
      await timeline.locator('.tl-item').nth(1).click();
      await expect(timeline.locator('.tl-list > li').nth(1)).toHaveAttribute(
        'aria-current',
        'step',
      );

      // The other language, from exactly here: the workspace stays where it was on screen.
      await ws.evaluate((el) =>
        window.scrollBy({ top: el.getBoundingClientRect().top - 200, behavior: 'instant' }),
      );
      const top = async () => (await ws.boundingBox())?.y ?? Number.NaN;
      const before = await top();
      await page.locator('[data-language-switch]').first().click();
      await expect(page).toHaveURL(new RegExp(`^[^#]*/${other}/`));
      await expect.poll(top).toBeGreaterThan(before - 120);
      await expect.poll(top).toBeLessThan(before + 120);
      // The reader's edit is still there in the other language's workspace of the same step.
      await ws.locator('.ws-run').click();
      await expect(ws.locator('.ws-output-text')).toContainText('the reader was here', {
        timeout: 30_000,
      });

      // Search lands on the section that has the word.
      const box = page.getByRole('searchbox');
      await box.fill('callLater');
      const result = page.locator('.search__results a').first();
      await expect(result).toHaveAttribute('href', new RegExp(`^/${other}/[^#]+/#.+`));
      const href = (await result.getAttribute('href')) ?? '';
      await box.press('ArrowDown');
      await expect(result).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(href);
      const id = decodeURIComponent(href.split('#')[1] ?? '');
      await expect(page.locator(`[id="${id}"]`)).toBeInViewport();

      // On a phone: the chapter's title first, nothing sideways, the menu a tap away.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(chapter.replace(`/${lang}/`, `/${other}/`));
      await expect(page.locator('h1')).toBeInViewport();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
}
