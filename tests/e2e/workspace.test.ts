import { expect, test, type Locator, type Page } from '@playwright/test';
import { pageWithStep } from '../../src/lib/browser/pages.ts';
import { axeViolations } from './axe.ts';

const TIMERS = '02-timers';

/** The workspace element's files by bare name. */
interface WsFiles {
  files(): Record<string, string>;
}
const timersPage = pageWithStep(TIMERS);

function workspace(page: Page, step = TIMERS): Locator {
  return page.locator(`tal-workspace[data-step="${step}"]`).first();
}

/** Waits until the workspace's last run ended (any exit code, a stop or a compile error). */
async function runEnded(ws: Locator): Promise<string> {
  await expect(ws).toHaveAttribute('data-last-run', /^(exit-\d+|stopped|compile-error)$/, {
    timeout: 20_000,
  });
  return (await ws.getAttribute('data-last-run')) ?? '';
}

/** Opens the workspace's editor (Monaco on a desktop pointer) and waits for it. */
async function openEditor(_page: Page, ws: Locator): Promise<Locator> {
  await ws.scrollIntoViewIfNeeded();
  await ws.locator('.ws-editor').click();
  await expect(ws).toHaveAttribute('data-editor', 'monaco', { timeout: 30_000 });
  const lines = ws.locator('.monaco-editor .view-lines').first();
  await lines.click();
  await expect(ws.locator('.monaco-editor.focused')).toHaveCount(1);
  return lines;
}

/** Replaces the active file's text through the keyboard, as a reader would. */
async function replaceText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function selectFile(ws: Locator, name: string): Promise<void> {
  // Workspaces upgrade as they near the viewport, as they do for a reader scrolling down.
  await ws.scrollIntoViewIfNeeded();
  await ws.getByRole('tab', { name: new RegExp(`^${name.replace('.', '\\.')}`) }).click();
}

test.describe('the step workspace', () => {
  test('shows highlighted files before any script, then runs the demo in the Worker runtime', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await expect(ws.locator('.ws-file pre.astro-code').first()).toBeVisible();
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws).toHaveAttribute('data-runtime', 'worker');
    await expect(ws.locator('.ws-status')).toContainText(
      /Exited with code 0 .* in-page Worker runtime/,
    );
    await expect(ws.locator('.ws-output-text')).toContainText('timer');
    await expect(ws.locator('.xterm')).toBeVisible();
  });

  test('keeps an edit across a reload, marks the file, and resets it on request', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nconsole.log("edited by the reader");\n');
    await expect(ws.getByRole('tab', { name: /main\.ts.*modified/ })).toBeVisible();
    // Once the workspace says the edit is saved, a reload must bring it back.
    await expect(ws).toHaveAttribute('data-save', 'saved');
    await page.reload();
    const again = workspace(page);
    await again.scrollIntoViewIfNeeded();
    await expect(again.getByRole('tab', { name: /main\.ts.*modified/ })).toBeVisible({
      timeout: 15_000,
    });
    await again.locator('.ws-run').click();
    await runEnded(again);
    await expect(again.locator('.ws-output-text')).toContainText('edited by the reader');
    page.once('dialog', (dialog) => void dialog.accept());
    await selectFile(again, 'main.ts');
    await again.getByRole('button', { name: 'Reset file' }).click();
    await expect(again.getByRole('tab', { name: /main\.ts.*modified/ })).toHaveCount(0);
  });

  test('what the reader types while the editor loads is kept, where they clicked', async ({
    page,
  }) => {
    // Hold back every script fetched after the click, so the typing surely happens mid-load.
    let holding = false;
    await page.route('**/*.js', async (route) => {
      if (holding) await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await expect(ws).toHaveAttribute('data-ready', 'true');
    const before = await ws.evaluate((el) => (el as HTMLElement & WsFiles).files()['main.ts']);
    const lines = (before ?? '').split('\n');
    holding = true;
    // The start of the third line: the caret goes there, not to the top of the file.
    const third = ws.locator('.ws-file[data-file="main.ts"] pre .line').nth(2);
    await third.click({ position: { x: 1, y: 4 } });
    await page.keyboard.type('/* early */');
    await expect(ws).not.toHaveAttribute('data-editor', /./);
    await expect(ws).toHaveAttribute('data-editor', 'monaco', { timeout: 30_000 });
    const offset = lines.slice(0, 2).join('\n').length + 1;
    const expected = `${before?.slice(0, offset)}/* early */${before?.slice(offset)}`;
    await expect
      .poll(() => ws.evaluate((el) => (el as HTMLElement & WsFiles).files()['main.ts']))
      .toBe(expected);
    // Typing goes on in the loaded editor, right after what was typed before it loaded.
    await expect(ws.locator('.monaco-editor.focused')).toHaveCount(1);
    await page.keyboard.type('!');
    await expect
      .poll(() => ws.evaluate((el) => (el as HTMLElement & WsFiles).files()['main.ts']))
      .toBe(expected.replace('/* early */', '/* early */!'));
    await expect(ws).toHaveAttribute('data-save', 'saved');
  });

  test('Ctrl/Cmd+Enter runs; Escape then Tab leaves the editor', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await openEditor(page, ws);
    await page.keyboard.press('ControlOrMeta+Enter');
    expect(await runEnded(ws)).toBe('exit-0');
    await openEditor(page, ws);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const inEditor = await page.evaluate(() =>
      Boolean(document.activeElement?.closest('.monaco-editor')),
    );
    expect(inEditor).toBe(false);
  });

  test('the platform contract is a read-only tab, before and after the editor loads', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'platform.ts');
    await expect(ws.getByRole('tab', { name: /^platform\.ts.*read-only/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(ws.locator('.ws-contract-note')).toBeVisible();
    await expect(ws.locator('.ws-file[data-file="platform.ts"] pre')).toContainText(
      'export const POLL_TIMEOUT',
    );
    await openEditor(page, ws);
    const lines = ws.locator('.monaco-editor .view-lines');
    await expect(lines).toContainText('POLL_TIMEOUT');
    await page.keyboard.insertText('typed into the contract');
    await expect(lines).not.toContainText('typed into the contract');
    await expect(ws.locator('.ws-tab--modified')).toHaveCount(0);
    // Back on a step file, the editor takes typing again.
    await selectFile(ws, 'main.ts');
    await expect(ws.locator('.ws-contract-note')).toBeHidden();
    await lines.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n// the reader again\n');
    await expect(ws.getByRole('tab', { name: /main\.ts.*modified/ })).toBeVisible();
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
  });

  test('Stop ends an infinite loop while the page stays responsive', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await replaceText(page, 'console.log("spinning");\nwhile (true) {}\n');
    await ws.locator('.ws-run').click();
    await expect(ws.locator('.ws-output-text')).toContainText('spinning');
    await expect(ws).toHaveAttribute('data-last-run', 'running');
    // The page still answers while the reader's loop spins in its worker.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await ws.getByRole('button', { name: 'Stop' }).click();
    expect(await runEnded(ws)).toBe('stopped');
    await expect(ws.locator('.ws-status')).toContainText('Stopped');
    // Run works again after a Stop.
    await openEditor(page, ws);
    await replaceText(page, 'console.log("running again");\n');
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws.locator('.ws-output-text')).toContainText('running again');
  });

  for (const step of ['06-coroutines', '10-execution-order']) {
    test(`pristine ${step} has no type errors across its files`, async ({ page }) => {
      await page.goto(pageWithStep(step));
      const ws = workspace(page, step);
      await openEditor(page, ws);
      await ws.locator('.ws-run').click();
      await runEnded(ws);
      // The TypeScript worker checks every file; on a busy 2-core machine that takes up to ~20 s.
      await expect(ws).toHaveAttribute('data-type-errors', '0', { timeout: 60_000 });
      await expect(ws.locator('.ws-error')).toHaveCount(0);
    });
  }

  test('a type error shows in the output with its line, and the code still runs', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await replaceText(page, 'const n: number = "not a number";\nconsole.log("ran", n);\n');
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws.locator('.ws-output-text')).toContainText('ran not a number');
    // The check runs in the TypeScript worker after the run; under load it takes many seconds.
    await expect(ws).toHaveAttribute('data-type-errors', /^[1-9]/, { timeout: 60_000 });
    await expect(ws.locator('.ws-output-text')).toContainText(
      /type error.*\n\s+main\.ts:1:7 Type 'string' is not assignable to type 'number'/s,
    );
    await expect(ws.locator('.ws-error').first()).toContainText('main.ts:1:7');
    await expect(ws.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
  });

  test('keyboard only: reach the editor, type, run, leave the editor, reach the output', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    // Tab from the Run button through the toolbar to the file tabs and into the editor.
    await ws.locator('.ws-run').focus();
    const reached = async (selector: string) => {
      for (let i = 0; i < 20; i++) {
        if (await page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector))
          return true;
        await page.keyboard.press('Tab');
      }
      return false;
    };
    expect(await reached('[role="tab"]')).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(ws.getByRole('tab', { name: /^main\.ts/ })).toBeFocused();
    await page.keyboard.press('Tab');
    // The highlighted file is focusable; Enter-free typing starts once the editor has loaded.
    await expect(ws).toHaveAttribute('data-editor', 'monaco', { timeout: 30_000 });
    expect(await reached('.monaco-editor')).toBe(true);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nconsole.log("typed with the keyboard");\n');
    await page.keyboard.press('ControlOrMeta+Enter');
    expect(await runEnded(ws)).toBe('exit-0');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor'))),
    ).toBe(false);
    expect(await reached('.ws-output')).toBe(true);
    await expect(ws.locator('.ws-output-text')).toContainText('typed with the keyboard');
  });

  test('a flood of output is capped with a visible notice', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await replaceText(page, 'for (let i = 0; i < 100000; i++) console.log("line " + i);\n');
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws.locator('.ws-output-text')).toContainText('output truncated');
    await expect(ws.locator('.ws-output-text')).not.toContainText('line 99999');
  });

  test('a syntax error is listed with file and line, and the entry jumps there', async ({
    page,
  }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await replaceText(page, 'const ok = 1;\nconst = 2;\n');
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('compile-error');
    const error = ws.locator('.ws-error').first();
    await expect(error).toContainText('main.ts:2:');
    await selectFile(ws, 'ioloop.ts');
    await error.click();
    await expect(ws.getByRole('tab', { name: /^main\.ts/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  test('shows what the step changed against the previous one', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await selectFile(ws, 'ioloop.ts');
    await ws.getByRole('button', { name: 'What this step changed' }).click();
    await expect(ws.locator('.ws-diff ins').first()).toBeVisible();
    await expect(ws.locator('.ws-diff')).toContainText('callLater');
  });

  test('a full storage quota produces a message and the editor keeps working', async ({ page }) => {
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('quota', 'QuotaExceededError');
      };
    });
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await page.keyboard.insertText('// still typing\n');
    await expect(ws.locator('.ws-notice')).toContainText('storage is full');
    await expect(ws).toHaveAttribute('data-save', 'failed');
    await page.keyboard.insertText('// and more\n');
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
  });

  test('importing a file that is not saved work says so', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.locator('input[type="file"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"something-else"}'),
    });
    await expect(ws.locator('.ws-notice')).toContainText('not a Tornado Async Lab work file');
  });

  test('export downloads the saved work as JSON', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'heap.ts');
    await openEditor(page, ws);
    await page.keyboard.insertText('// exported edit\n');
    // No wait for the save: Export flushes pending edits before it reads the store.
    const download = page.waitForEvent('download');
    await ws.getByRole('button', { name: 'Export my work' }).click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      files: { file: string; text: string }[];
    };
    expect(data.files.some((f) => f.file === 'heap.ts' && f.text.includes('exported edit'))).toBe(
      true,
    );
  });

  test('WebContainer cannot boot offline: the page says so and runs in the Worker', async ({
    page,
  }) => {
    await page.goto(`${timersPage}?wc-timeout=1500`);
    const ws = workspace(page);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    await ws.getByRole('combobox', { name: 'Runtime' }).selectOption('webcontainer');
    await ws.locator('.ws-run').click();
    await expect(ws.locator('.ws-notice')).toContainText('WebContainer) could not start', {
      timeout: 10_000,
    });
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws).toHaveAttribute('data-runtime', 'worker');
    // The choice is remembered for the next visit.
    expect(await page.evaluate(() => localStorage.getItem('tal-runtime'))).toBe('webcontainer');
  });

  test('has no accessibility violations once upgraded and run', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await ws.locator('.ws-run').click();
    await runEnded(ws);
    expect(await axeViolations(page, 'tal-workspace')).toEqual([]);
  });
});

test.describe('on a touch device', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 360, height: 740 } });

  test('a plain editor edits and runs', async ({ page }) => {
    await page.goto(timersPage);
    const ws = workspace(page);
    await selectFile(ws, 'main.ts');
    await ws.locator('.ws-editor').tap();
    await expect(ws).toHaveAttribute('data-editor', 'plain', { timeout: 15_000 });
    const area = ws.locator('textarea.ws-plain');
    await area.fill('console.log("typed on a phone");\n');
    await ws.locator('.ws-run').tap();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws.locator('.ws-output-text')).toContainText('typed on a phone');
    // The contract tab is read-only here too.
    await ws.getByRole('tab', { name: /^platform\.ts/ }).tap();
    await expect(area).toHaveJSProperty('readOnly', true);
    await expect(area).toHaveValue(/export const POLL_TIMEOUT/);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('the executor on nested Worker threads', () => {
  const STEP = '10-execution-order';

  test("step 10's executor scenario runs on a thread: B is served while A's work is away", async ({
    page,
  }) => {
    await page.goto(pageWithStep(STEP));
    const ws = workspace(page, STEP);
    await ws.scrollIntoViewIfNeeded();
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    const output = ws.locator('.ws-output-text');
    await expect(output).toContainText(
      /== executor\s+0ms {2}A prepare\s+0ms {2}A get start\s+0ms {2}B prepare[\s\S]*300ms {2}A get resumed/,
    );
    await expect(output).toContainText('response A 200 offloaded done');
  });

  test('a closure handed to the executor is refused with the reason, not run on the loop', async ({
    page,
  }) => {
    await page.goto(pageWithStep(STEP));
    const ws = workspace(page, STEP);
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    // A reader's experiment: hand the executor an arrow function.
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText("import { blockFor, runInExecutor } from './executor.ts';\n");
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText(
      [
        '',
        'const closureLoop = new IOLoop();',
        'const refused = runInExecutor(() => blockFor(1));',
        'refused.addDoneCallback(() => closureLoop.stop());',
        'await closureLoop.start();',
        'console.log(`refused: ${(refused.exception() as Error).message}`);',
        '',
      ].join('\n'),
    );
    await ws.locator('.ws-run').click();
    expect(await runEnded(ws)).toBe('exit-0');
    await expect(ws.locator('.ws-output-text')).toContainText(
      /refused: runInExecutor: .* cannot go to a worker thread/,
    );
  });

  test('a thread that never returns is announced, and Stop ends it', async ({ page }) => {
    // 35 s with a core kept busy (a 5 s wait for the notice, two files typed): give it 3×.
    test.setTimeout(120_000);
    await page.goto(pageWithStep(STEP));
    const ws = workspace(page, STEP);
    await selectFile(ws, 'executor.ts');
    await openEditor(page, ws);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\nexport function forever(): void {\n  for (;;);\n}\n');
    await selectFile(ws, 'main.ts');
    await openEditor(page, ws);
    await replaceText(
      page,
      [
        "import { forever, runInExecutor } from './executor.ts';",
        "import { IOLoop } from './ioloop.ts';",
        'const loop = new IOLoop();',
        "console.log('handing over');",
        'runInExecutor(forever);',
        'loop.callLater(10, () => loop.stop());',
        'await loop.start();',
        '',
      ].join('\n'),
    );
    await ws.locator('.ws-run').click();
    const output = ws.locator('.ws-output-text');
    await expect(output).toContainText('handing over');
    // The notice comes after 5 s of real time.
    await expect(output).toContainText(
      'forever is still running on an executor thread after 5 s; the virtual clock waits for it',
    );
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await ws.getByRole('button', { name: 'Stop' }).click();
    expect(await runEnded(ws)).toBe('stopped');
  });

  test('in serve mode a thread answers in real time: GET /offload through the request panel', async ({
    page,
  }) => {
    await page.goto(pageWithStep(STEP));
    const ws = workspace(page, STEP);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    const panel = ws.getByRole('form', { name: 'Send a request to the running server' });
    await panel.getByLabel('Path').fill('/offload?ms=50');
    await panel.getByRole('button', { name: 'Send' }).click();
    const response = ws.locator('.ws-response');
    await expect(response).toContainText('HTTP/1.1 200', { timeout: 20_000 });
    await expect(response).toContainText('offloaded 50');
    await ws.getByRole('button', { name: 'Stop' }).click();
    await expect(ws).toHaveAttribute('data-last-run', 'stopped');
  });
});

test.describe('the request panel of a server step', () => {
  const SERVER = '09-serving';

  test('serves the reference app on the virtual network and shows raw responses', async ({
    page,
  }) => {
    await page.goto(pageWithStep(SERVER));
    const ws = workspace(page, SERVER);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    const panel = ws.getByRole('form', { name: 'Send a request to the running server' });
    await panel.getByLabel('Preset').selectOption({ label: 'GET /' });
    await panel.getByRole('button', { name: 'Send' }).click();
    const response = ws.locator('.ws-response');
    await expect(response).toContainText('HTTP/1.1 200', { timeout: 15_000 });
    await expect(response).toContainText('Hello, world');
    await expect(ws.locator('.ws-status')).toContainText('Serving on port 8080');

    await panel.getByLabel('Preset').selectOption({ label: 'GET /hello/<name>' });
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(response).toContainText('Hello, Tornado');

    await panel.getByLabel('Preset').selectOption({ label: '405: DELETE /' });
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(response).toContainText('HTTP/1.1 405');

    await panel.getByLabel('Preset').selectOption({
      label: 'Malformed: Content-Length and Transfer-Encoding',
    });
    await panel.getByRole('button', { name: 'Send' }).click();
    await expect(response).toContainText('HTTP/1.1 400');
    await expect(response).toContainText(
      /the server refused the request: 400 .*Transfer-Encoding/i,
    );

    await ws.getByRole('button', { name: 'Stop' }).click();
    await expect(ws).toHaveAttribute('data-last-run', 'stopped');
  });

  test('a Send that starts a slow server waits for it to listen, then shows the response', async ({
    page,
  }) => {
    // The step's bundle arrives 2 s late, so the server listens long after Send was pressed.
    await page.route(`**/sandboxes/${SERVER}.json`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });
    await page.goto(pageWithStep(SERVER));
    const ws = workspace(page, SERVER);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    const panel = ws.getByRole('form', { name: 'Send a request to the running server' });
    await panel.getByLabel('Preset').selectOption({ label: 'GET /' });
    await panel.getByRole('button', { name: 'Send' }).click();
    const response = ws.locator('.ws-response');
    await expect(response).toContainText('Waiting for the server to start listening');
    await expect(response).toContainText('HTTP/1.1 200', { timeout: 20_000 });
    await expect(response).toContainText('Hello, world');
    await expect(ws).toHaveAttribute('data-listening', '8080');
    await expect(ws).toHaveAttribute('data-last-send', 'answered');
    // How fast it answers once listening is measured by `npm run bench:sandbox`, not asserted here.
    await ws.getByRole('button', { name: 'Stop' }).click();
    await expect(ws).toHaveAttribute('data-last-run', 'stopped');
  });

  test('a server that throws before it listens makes the panel say so', async ({ page }) => {
    // The first module the server loads throws, so it exits before it ever listens.
    await page.route(`**/sandboxes/${SERVER}.json`, async (route) => {
      const response = await route.fetch();
      const bundle = (await response.json()) as { files: Record<string, string> };
      const ioloop = `${SERVER}/ioloop.ts`;
      bundle.files[ioloop] =
        `throw new Error('boom before listening');\n${bundle.files[ioloop] ?? ''}`;
      await route.fulfill({ response, json: bundle });
    });
    await page.goto(pageWithStep(SERVER));
    const ws = workspace(page, SERVER);
    await ws.scrollIntoViewIfNeeded();
    await expect(ws).toHaveAttribute('data-ready', 'true');
    const panel = ws.getByRole('form', { name: 'Send a request to the running server' });
    await panel.getByRole('button', { name: 'Send' }).click();
    const response = ws.locator('.ws-response');
    await expect(response).toContainText('the server exited before it started listening', {
      timeout: 20_000,
    });
    await expect(ws).toHaveAttribute('data-last-run', 'exit-1');
    await expect(ws.locator('.ws-output')).toContainText('boom before listening');
    await expect(ws).not.toHaveAttribute('data-listening', /.*/);
  });
});
