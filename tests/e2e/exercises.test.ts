import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  digestInput,
  receiptCode,
  sha256Hex,
  type SubmissionBundle,
} from '../../src/lib/exercises/submission.ts';
import { loadCourses } from '../../src/lib/exercises/course-files.ts';
import { exerciseIds, loadExercise } from '../../src/lib/exercises/exercise.ts';
import { exerciseStrings } from '../../src/lib/exercises/strings.ts';
import { axeViolations } from './axe.ts';

const ID = 'timers-remove-timeout';
const FILE = 'ioloop.ts';
// The exercise cuts its gap from step 02, so its solution is the step's own file.
const solution = readFileSync(`content/sandboxes/02-timers/${FILE}`, 'utf8');

async function checked(ws: Locator): Promise<[number, number]> {
  await expect(ws).toHaveAttribute('data-last-check', /^\d+\/\d+$/, { timeout: 30_000 });
  const [passed, total] = ((await ws.getAttribute('data-last-check')) ?? '0/0')
    .split('/')
    .map(Number);
  return [passed ?? 0, total ?? 0];
}

test.describe('an exercise', () => {
  // The plain editor takes a whole file at once, as pasting would; Monaco would re-indent typing.
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });

  test('the starter fails, the solution turns Check green, and progress survives a reload', async ({
    page,
  }) => {
    await page.goto(`/en/exercises/${ID}/`);
    const ws = page.locator('tal-workspace');
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.getByRole('button', { name: 'Check' }).tap();
    const [failedPass, total] = await checked(ws);
    expect(total).toBeGreaterThan(0);
    expect(failedPass).toBeLessThan(total);
    await expect(ws.locator('.ws-result--fail').first()).toBeVisible();

    await ws.getByRole('tab', { name: new RegExp(`^${FILE.replace('.', '\\.')}`) }).tap();
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    await ws.locator('textarea.ws-plain').fill(solution);
    await ws.getByRole('button', { name: 'Check' }).tap();
    await expect(ws).toHaveAttribute('data-last-check', `${total}/${total}`, { timeout: 30_000 });
    await expect(ws.locator('.ws-result--fail')).toHaveCount(0);
    await expect(page.locator('.exercise-progress')).toContainText('Solved');

    await page.reload();
    await expect(page.locator('.exercise-progress')).toContainText('Solved');
    await page.goto('/en/exercises/');
    await expect(page.locator(`[data-exercise="${ID}"]`).first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('a check that never ends', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });
  const looping = `${solution}\n// A learner's mistake: a loop that never ends.\nwhile (Date.now() > 0) {}\n`;

  async function solveThenLoop(page: Page, lang: 'en' | 'zh'): Promise<Locator> {
    await page.goto(`/${lang}/exercises/${ID}/`);
    const ws = page.locator('tal-workspace');
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.getByRole('tab', { name: new RegExp(`^${FILE.replace('.', '\\.')}`) }).tap();
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    await ws.locator('textarea.ws-plain').fill(solution);
    await ws.locator('.ws-check').tap();
    await expect(ws).toHaveAttribute('data-last-check', /^(\d+)\/\1$/, { timeout: 30_000 });
    await expect(page.locator('.exercise-progress')).toHaveAttribute('data-state', 'solved');
    await ws.locator('textarea.ws-plain').fill(looping);
    await ws.locator('.ws-check').tap();
    await expect(ws).toHaveAttribute('data-last-check', 'running');
    // The green results of the last run are gone while this one runs.
    await expect(ws.locator('.ws-result')).toHaveCount(0);
    return ws;
  }

  test('ends at the exercise’s time limit with a message, and the progress stays solved', async ({
    page,
  }) => {
    const ws = await solveThenLoop(page, 'en');
    // timeLimitMs is 5000: the page stops the run itself.
    await expect(ws).toHaveAttribute('data-last-check', 'timeout', { timeout: 30_000 });
    await expect(ws.locator('.ws-results')).toContainText('did not finish within 5 s');
    await expect(page.locator('.exercise-progress')).toHaveAttribute('data-state', 'solved');
  });

  test('Stop ends it with no result, in the page’s language, and the progress stays solved', async ({
    page,
  }) => {
    const ws = await solveThenLoop(page, 'zh');
    await ws.locator('.ws-stop').tap();
    await expect(ws).toHaveAttribute('data-last-check', 'stopped');
    await expect(ws.locator('.ws-results')).toHaveText(/^检查在测试跑完之前被停止/);
    await expect(page.locator('.exercise-progress')).toHaveAttribute('data-state', 'solved');
    await page.goto('/zh/exercises/');
    await expect(page.locator(`li[data-exercise="${ID}"]`)).toHaveAttribute('data-state', 'solved');
  });
});

test('an exercise page reads well: the step links to its chapter, hints show code, and a quiet Check leaves no empty terminal', async ({
  page,
}) => {
  await page.goto(`/zh/exercises/${ID}/`);
  // Step 02 is first shown in chapter 2.
  await expect(page.locator('.exercise-meta a')).toHaveAttribute('href', '/zh/02-request-flow/');
  const hintButton = page.locator('.exercise-hint-button');
  expect(await hintButton.evaluate((b) => getComputedStyle(b).borderStyle)).toBe('solid');
  await hintButton.click();
  const hint = page.locator('.exercise-hints li').first();
  await expect(hint).toBeVisible();
  await expect(hint.locator('code')).toHaveText('callback');
  await expect(hint).not.toContainText('`');
  const ws = page.locator('tal-workspace');
  await ws.locator('.ws-check').click();
  await expect(ws).toHaveAttribute('data-last-check', /^\d+\/\d+$/, { timeout: 30_000 });
  await expect(ws.locator('.ws-result').first()).toBeVisible();
  await expect(ws.locator('.ws-output')).toBeHidden();
  // Run shows the terminal again.
  await ws.locator('.ws-run').click();
  await expect(ws.locator('.ws-output')).toBeVisible();
});

test.describe('a failing framing check', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });

  test('names its case whole and says what the parser made of it', async ({ page }) => {
    // A plausible mistake: Content-Length beside Transfer-Encoding is let through.
    const right = readFileSync('content/sandboxes/08-bodies/http1-parser.ts', 'utf8');
    const guard = '      if (cl.length > 0) {';
    expect(right).toContain(guard);
    await page.goto('/en/exercises/body-framing/');
    const ws = page.locator('tal-workspace');
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    await ws.locator('textarea.ws-plain').fill(right.replace(guard, '      if (cl.length < 0) {'));
    await ws.locator('.ws-check').click();
    await expect(ws).toHaveAttribute('data-last-check', /^\d+\/\d+$/, { timeout: 30_000 });
    const refused = ws.locator('.ws-result--fail', { hasText: 'ambiguous or broken framing' });
    await expect(refused.locator('.ws-result__message')).toHaveText(
      /^after the Host line: "Content-Length: 3/,
    );
    await expect(refused.locator('.ws-result__values')).toContainText('refused 400 cl-te-conflict');
  });
});

test('an assignment link opens for a student, who exports a submission whose receipt matches', async ({
  page,
}) => {
  await page.goto('/en/assignment/');
  const form = page.locator('form.assignment-form');
  await form.getByLabel('Title').fill('Week 3: timers');
  await form.locator(`input[name="exercise"][value^="${ID}@"]`).check();
  await form.locator('input[name="exercise"][value^="loop-rounds@"]').check();
  await form.getByRole('button', { name: 'Make link' }).click();
  // The link is made asynchronously (the exercises' pins are hashed with Web Crypto).
  await expect(page.locator('.assignment-link')).toHaveValue(/#a=/);
  const link = await page.locator('.assignment-link').inputValue();

  await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.locator('.assignment-title')).toHaveText('Week 3: timers');
  await expect(page.locator('.assignment-exercises li')).toHaveCount(2);
  const exportForm = page.locator('form.assignment-export');
  await exportForm.getByLabel('Student id').fill('s1234');
  await exportForm.getByLabel('Name').fill('Ada Lovelace');
  // Neither exercise was started: the page says so before it hands in the starters.
  await exportForm.getByRole('button', { name: 'Export submission' }).click();
  await expect(page.locator('.assignment-export-warning')).toContainText(
    '2 of 2 exercises are not started',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export anyway' }).click();
  const bundle = JSON.parse(
    readFileSync(await (await download).path(), 'utf8'),
  ) as SubmissionBundle;
  const shown = await page.locator('.assignment-receipt').getAttribute('data-receipt');
  expect(bundle.manifest.student).toMatchObject({ id: 's1234', name: 'Ada Lovelace' });
  expect(bundle.manifest.exercises.map((e) => e.id).sort()).toEqual(['loop-rounds', ID]);
  // The receipt on screen is the bundle's, and both follow from the files' own hashes.
  for (const exercise of bundle.manifest.exercises) {
    for (const file of exercise.files) {
      const text = bundle.files[`${exercise.id}/${file.path}`];
      expect(text, `${exercise.id}/${file.path}`).toBeDefined();
      expect(await sha256Hex(text ?? '')).toBe(file.sha256);
    }
  }
  const digest = await sha256Hex(digestInput(bundle.manifest));
  expect(bundle.manifest.digest).toBe(digest);
  expect(shown).toBe(receiptCode(digest));
  expect(bundle.manifest.receipt).toBe(shown);
});

test('a link with a forged exercise id or a zip bomb shows a clear message and opens nothing', async ({
  page,
}) => {
  const encode = async (value: unknown) => {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    return Buffer.from(packed).toString('base64url');
  };
  const base = { format: 1, id: 'a1', title: 'T', due: '', notes: '' };
  const forged = await encode({
    ...base,
    exercises: [{ id: 'x"] , body, [x="', pin: '0123456789abcdef' }],
  });
  const bomb = await encode({
    ...base,
    notes: ' '.repeat(8 << 20),
    exercises: [{ id: ID, pin: '0123456789abcdef' }],
  });
  for (const [encoded, reason] of [
    [forged, /exercise id .*lowercase letters, digits and -/],
    [bomb, /larger than 64 KB once unpacked/],
  ] as const) {
    // A fresh document each time: a change of fragment alone would not run the page again.
    await page.goto('about:blank');
    await page.goto(`/en/assignment/#a=${encoded}`);
    const error = page.locator('.assignment-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText('This assignment link cannot be read');
    await expect(error).toContainText(reason);
    await expect(page.locator('.assignment-exercises li')).toHaveCount(0);
  }
});

test('each exercise says whether it is practice or graded, in both languages', async ({ page }) => {
  await page.goto(`/en/exercises/${ID}/`);
  await expect(page.locator('.exercise-kind')).toHaveAttribute('data-kind', 'practice');
  await expect(page.locator('.exercise-kind')).toContainText('Practice');
  await expect(page.locator('.exercise-solution-button')).toBeVisible();
  await page.goto('/zh/exercises/');
  const labels = page.locator('.exercise-list .exercise-kind-label');
  await expect(labels.first()).toHaveText('练习题');
  expect(await labels.count()).toBe(await page.locator('.exercise-list li').count());
});

test.describe('beyond the book', () => {
  const further = exerciseIds()
    .map((id) => loadExercise(id))
    .filter((e) => e.data.extends !== undefined);

  test('at least ten graded exercises go further than the chapters', () => {
    expect(further.length).toBeGreaterThanOrEqual(10);
    for (const e of further) expect(e.data.kind, e.data.id).toBe('private');
  });

  test('each chapter lists, under "Go further", the exercises that extend it, in both languages', async ({
    page,
  }) => {
    const chapters = [...new Set(further.map((e) => e.data.extends ?? ''))];
    for (const lang of ['en', 'zh'] as const) {
      for (const chapter of chapters) {
        await page.goto(`/${lang}/${chapter}/`);
        const nav = page.locator('nav.exercise-links[data-group="further"]');
        await expect(nav.locator('h2')).toHaveText(lang === 'en' ? 'Go further' : '更进一步');
        const expected = further.filter((e) => e.data.extends === chapter);
        await expect(nav.locator('li')).toHaveCount(expected.length);
        for (const e of expected) {
          const item = nav.locator('li', { has: page.locator(`[data-exercise="${e.data.id}"]`) });
          await expect(item.locator('a')).toHaveText(e.data.title[lang]);
          await expect(item.locator('.exercise-kind-label')).toHaveText(
            lang === 'en' ? 'Graded' : '评分题',
          );
          await expect(item.locator('.exercise-difficulty')).toContainText(
            exerciseStrings[lang].difficulty[e.data.difficulty],
          );
        }
      }
    }
  });

  test('the exercises index shows every exercise with its difficulty and kind, beyond-the-book ones apart', async ({
    page,
  }) => {
    await page.goto('/zh/exercises/');
    const group = page.locator('section[data-group="further"]');
    await expect(group.locator('h2')).toHaveText('超出本书的练习');
    await expect(group.locator('li')).toHaveCount(further.length);
    await expect(page.locator('.exercise-list li')).toHaveCount(exerciseIds().length);
    await expect(page.locator('.exercise-list .exercise-difficulty')).toHaveCount(
      exerciseIds().length,
    );
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('graded exercises in the browser', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });
  const graded = exerciseIds()
    .map((id) => loadExercise(id))
    .filter((e) => e.data.kind === 'private');

  for (const exercise of graded) {
    const id = exercise.data.id;
    test(`${id}: no solution on the page, the Tornado code linked, and Check passes only the solution kept off the site`, async ({
      page,
    }) => {
      await page.goto(`/en/exercises/${id}/`);
      await expect(page.locator('.exercise-kind')).toHaveAttribute('data-kind', 'private');
      await expect(page.locator('.exercise-solution-button')).toHaveCount(0);
      await expect(page.locator('.exercise-tornado a').first()).toHaveAttribute(
        'href',
        /github\.com\/tornadoweb\/tornado\/blob\/v6\.2\.0\/tornado\//,
      );
      const ws = page.locator('tal-workspace');
      await ws.scrollIntoViewIfNeeded();
      await expect(ws).toHaveAttribute('data-ready', 'true');
      await ws.getByRole('button', { name: 'Check' }).tap();
      const [starterPassed, total] = await checked(ws);
      expect(total).toBeGreaterThan(0);
      expect(starterPassed).toBe(0);
      // The solution never reaches the site; the test reads it from the content folder.
      for (const file of exercise.data.editable.filter((f) => f !== 'main.ts')) {
        await ws.getByRole('tab', { name: new RegExp(`^${file.replace('.', '\\.')}`) }).tap();
        await ws.locator('.ws-editor').tap();
        await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
        await ws.locator('textarea.ws-plain').fill(exercise.solution[file] ?? '');
      }
      await ws.getByRole('button', { name: 'Check' }).tap();
      await expect(ws).toHaveAttribute('data-last-check', `${total}/${total}`, {
        timeout: 30_000,
      });
    });
  }
});

test.describe('a wrong answer to a graded exercise', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 412, height: 900 } });

  test('shows the expected and the actual timeline side by side, the first difference marked', async ({
    page,
  }) => {
    const exercise = loadExercise('periodic-callback');
    const right = exercise.solution['periodic.ts'] ?? '';
    // A plausible mistake: the next run counted from the end of the last one, not on the grid.
    const grid = '    this.#pending = this.#loop.callAt(this.#slot, this.#tick);';
    expect(right).toContain(grid);
    const wrong = right.replace(
      grid,
      '    this.#pending = this.#loop.callLater(period, this.#tick);',
    );
    await page.goto('/en/exercises/periodic-callback/');
    const ws = page.locator('tal-workspace');
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.getByRole('tab', { name: /^periodic\.ts/ }).tap();
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    await ws.locator('textarea.ws-plain').fill(wrong);
    await ws.getByRole('button', { name: 'Check' }).tap();
    const [passed, total] = await checked(ws);
    expect(passed).toBe(total - 1);
    const failure = ws.locator('.ws-result--fail');
    await expect(failure).toHaveCount(1);
    await expect(failure).toContainText('skips the missed slots');
    const columns = failure.locator('.ws-timeline .ws-timeline__column');
    await expect(columns.nth(0).locator('h4')).toHaveText('Expected order');
    await expect(columns.nth(0).locator('li')).toContainText(['run 2 starts at 400 ms']);
    await expect(columns.nth(1).locator('li')).toContainText(['run 2 starts at 450 ms']);
    await expect(columns.nth(1).locator('li.ws-timeline__differs').first()).toHaveText(
      /run 2 starts at 450 ms/,
    );
  });
});

test('the assignment builder fills a week of the ready course, and its link opens that week', async ({
  page,
}) => {
  const [course] = loadCourses();
  if (!course) throw new Error('no course in content/courses');
  const week = course.weeks[1] ?? course.weeks[0];
  if (!week) throw new Error('a course without weeks');
  const n = course.weeks.indexOf(week) + 1;
  await page.goto('/zh/assignment/');
  const form = page.locator('form.assignment-form');
  await form.getByLabel('从现成课程开始').selectOption(`${course.id}#${n}`);
  await expect(form.getByLabel('标题')).toHaveValue(`${course.title.zh} · ${week.title.zh}`);
  await expect(form.getByLabel('作业编号')).toHaveValue(`${course.id}-w${n}`);
  await expect(form.getByLabel('截止日期')).toHaveValue(/^\d{4}-\d\d-\d\d$/);
  await expect(form.locator('input[name="exercise"]:checked')).toHaveCount(week.exercises.length);
  await form.getByRole('button', { name: '生成链接' }).click();
  await expect(page.locator('.assignment-link')).toHaveValue(/#a=/);
  const link = await page.locator('.assignment-link').inputValue();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.locator('.assignment-title')).toHaveText(
    `${course.title.zh} · ${week.title.zh}`,
  );
  await expect(page.locator('.assignment-exercises li')).toHaveCount(week.exercises.length);
  // The other language opens the same assignment, not the builder.
  const fragment = new URL(link).hash;
  await page.getByRole('link', { name: /^切换到英文版/ }).click();
  await expect(page).toHaveURL(`/en/assignment/${fragment}`);
  await expect(page.locator('.assignment-title')).toHaveText(
    `${course.title.zh} · ${week.title.zh}`,
  );
  await expect(page.locator('.assignment-exercises li')).toHaveCount(week.exercises.length);
  await expect(page.locator('.assignment-builder')).toBeHidden();
});
