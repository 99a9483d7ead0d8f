/** The run timeline beside every workspace and the parser playground, driven in Chromium against the built site. */
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { laneOf, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import { pageWithStep } from '../../src/lib/browser/pages.ts';
import { axeViolations } from './axe.ts';

type Located = Stamped & { source?: { file: string; line: number } };

/** Runs the workspace of `step` and returns the trace events the run delivered to the page. */
async function runStep(page: Page, step: string): Promise<{ ws: Locator; events: Located[] }> {
  await page.goto(pageWithStep(step));
  await page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { seenTrace: unknown[] }).seenTrace = seen;
    document.addEventListener('tal-trace', (e) => seen.push((e as CustomEvent).detail), true);
  });
  const ws = page.locator(`tal-workspace[data-step="${step}"]`).first();
  await ws.scrollIntoViewIfNeeded();
  await ws.locator('.ws-run').click();
  await expect(ws).toHaveAttribute('data-last-run', 'exit-0', { timeout: 20_000 });
  const events = await page.evaluate(
    () => (window as unknown as { seenTrace: Located[] }).seenTrace,
  );
  return { ws, events };
}

/** Runs the workspace's step once more on the same page and returns that run's events alone. */
async function rerun(page: Page, ws: Locator): Promise<{ ws: Locator; events: Located[] }> {
  await page.evaluate(() => ((window as unknown as { seenTrace: unknown[] }).seenTrace.length = 0));
  // Cleared first, so the exit code awaited below can only be this run's.
  await ws.evaluate((el) => el.removeAttribute('data-last-run'));
  await ws.locator('.ws-run').click();
  await expect(ws).toHaveAttribute('data-last-run', 'exit-0', { timeout: 20_000 });
  const events = await page.evaluate(
    () => (window as unknown as { seenTrace: Located[] }).seenTrace,
  );
  return { ws, events };
}

/** The timeline right after `ws`, once it has drawn every event of the finished run. */
async function timelineOf(ws: Locator, count: number): Promise<Locator> {
  const timeline = ws.locator('xpath=following-sibling::tal-timeline[1]');
  await expect(timeline).toHaveAttribute('data-phase', 'ended');
  await expect(timeline).toHaveAttribute('data-events', String(count));
  return timeline;
}

test.describe('the run timeline', () => {
  test('appears after a run with one mark and one list item per event, in the lanes the events name', async ({
    page,
  }) => {
    const { ws, events } = await runStep(page, '02-timers');
    expect(events.length).toBeGreaterThan(5);
    const timeline = await timelineOf(ws, events.length);
    const lanes = [...new Set(events.map((e) => laneOf(e)))];
    await expect(timeline.locator('.tl-lane')).toHaveText([
      'loop',
      ...lanes.filter((l) => l !== 'loop'),
    ]);
    await expect(timeline.locator('.tl-mark')).toHaveCount(events.length);
    await expect(timeline.locator('.tl-list > li')).toHaveCount(events.length);
    // The list mirrors the marks: the same words, in the same order, each starting with the time.
    const titles = await timeline.locator('.tl-mark > title').allTextContents();
    const items = await timeline.locator('.tl-item').allTextContents();
    expect(items).toEqual(titles);
    for (const [i, event] of events.entries()) {
      expect(items[i]?.startsWith(`${event.time} ms · ${laneOf(event)} · `)).toBe(true);
    }
    // Each poll that let the clock move on is drawn as a wait on the loop's lane.
    const sleeping = events.filter(
      (e, i) => e.kind === 'poll' && e.time > (events[i - 1]?.time ?? 0),
    ).length;
    expect(sleeping).toBeGreaterThan(0);
    await expect(timeline.locator('.tl-bar--poll')).toHaveCount(sleeping);
  });

  test('the buttons step through the events and move the highlight, the list and the words', async ({
    page,
  }) => {
    const { ws, events } = await runStep(page, '02-timers');
    const timeline = await timelineOf(ws, events.length);
    const current = () => timeline.getAttribute('data-current');
    expect(await current()).toBe('-1');
    const forward = timeline.getByRole('button', { name: 'Step forward' });
    await forward.click();
    await forward.click();
    expect(await current()).toBe('1');
    await expect(timeline.locator('.tl-mark.is-current')).toHaveAttribute('data-index', '1');
    await expect(timeline.locator('.tl-list > li[aria-current="step"] .tl-item')).toHaveAttribute(
      'data-index',
      '1',
    );
    await expect(timeline.locator('.tl-now')).toContainText(`${events[1]?.time ?? ''} ms`);
    await timeline.getByRole('button', { name: 'Step back' }).click();
    expect(await current()).toBe('0');
    await timeline.getByRole('button', { name: 'Jump to the last event' }).click();
    expect(await current()).toBe(String(events.length - 1));
    await expect(timeline.locator('.tl-mark.is-future')).toHaveCount(0);
    await timeline.getByRole('button', { name: 'Jump to the first event' }).click();
    expect(await current()).toBe('0');
    await expect(timeline.locator('.tl-mark.is-future')).toHaveCount(events.length - 1);
    // Clicking an item of the list selects that event.
    await timeline.locator('summary').click();
    await timeline.locator('.tl-item').nth(3).click();
    expect(await current()).toBe('3');
  });

  test('plays to the end by itself at the chosen speed, and pauses', async ({ page }) => {
    // The page's clock runs as usual, but the test can push it on after Pause instead of sleeping.
    await page.clock.install();
    const { ws, events } = await runStep(page, '02-timers');
    const timeline = await timelineOf(ws, events.length);
    await timeline.getByLabel('Speed').selectOption('4');
    await timeline.getByRole('button', { name: 'Play' }).click();
    await expect(timeline).toHaveAttribute('data-playing', 'true');
    await expect(timeline).toHaveAttribute('data-current', String(events.length - 1), {
      timeout: 15_000,
    });
    await expect(timeline).toHaveAttribute('data-playing', 'false');
    await timeline.getByRole('button', { name: 'Play' }).click();
    await timeline.getByRole('button', { name: 'Pause' }).click();
    const paused = await timeline.getAttribute('data-current');
    await expect(timeline).toHaveAttribute('data-playing', 'false');
    // Ten seconds of page time: far more than a step at any speed, yet the timeline stays put.
    await page.clock.runFor(10_000);
    expect(await timeline.getAttribute('data-current')).toBe(paused);
  });

  test('the keyboard steps through the events on the timeline itself', async ({ page }) => {
    const { ws, events } = await runStep(page, '02-timers');
    const timeline = await timelineOf(ws, events.length);
    const slider = timeline.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveAttribute('aria-valuenow', '3');
    await expect(slider).toHaveAttribute('aria-valuetext', new RegExp(`^3/${events.length}: `));
    await page.keyboard.press('ArrowLeft');
    await expect(timeline).toHaveAttribute('data-current', '1');
    await page.keyboard.press('End');
    await expect(slider).toHaveAttribute('aria-valuenow', String(events.length));
    await page.keyboard.press('Home');
    await expect(timeline).toHaveAttribute('data-current', '0');
    await expect(slider).toBeFocused();
    // The buttons work from the keyboard too: Shift+Tab reaches them.
    await timeline.getByRole('button', { name: 'Step forward' }).focus();
    await page.keyboard.press('Enter');
    await expect(timeline).toHaveAttribute('data-current', '1');
  });

  test('stepping shows the line that produced the event in the editor, when the runtime locates it', async ({
    page,
  }) => {
    const { ws, events } = await runStep(page, '02-timers');
    test.skip(
      events[0]?.source === undefined,
      'this build of the Worker runtime does not attach source locations to events',
    );
    const timeline = await timelineOf(ws, events.length);
    await timeline.locator('summary').click();
    const index = events.findIndex((e) => e.kind === 'timer.fired');
    const where = events[index]?.source;
    // The located line is the one in the step's file that emits this kind of event.
    const file = readFileSync(`content/sandboxes/02-timers/${where?.file ?? ''}`, 'utf8');
    expect(file.split('\n')[(where?.line ?? 0) - 1]).toContain("'timer.fired'");
    await timeline.locator('.tl-item').nth(index).click();
    await expect(ws).toHaveAttribute('data-editor', /monaco|plain/, { timeout: 30_000 });
    await expect(
      ws.getByRole('tab', { name: new RegExp(`^${where?.file ?? ''}`) }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(ws.locator('.monaco-editor .current-line').first()).toBeVisible();
    await expect(timeline.locator('.tl-source')).toHaveText(
      `${where?.file ?? ''}, line ${where?.line ?? 0}`,
    );
  });

  test('two interleaved requests get a lane each, and the waiting one is drawn as a bar', async ({
    page,
  }) => {
    // A handler whose next hook comes later on the clock (the /sleep request) is drawn waiting.
    const waitsIn = (events: Located[]) => {
      const lastHook = new Map<string, number>();
      let waits = 0;
      for (const e of events) {
        if (e.kind !== 'handler.hook') continue;
        const before = lastHook.get(e.handler);
        if (before !== undefined && e.time > before) waits++;
        lastHook.set(e.handler, e.time);
      }
      return waits;
    };
    let { ws, events } = await runStep(page, '09-serving');
    // The clock is honest: a cold first run can stall long enough (JIT, a busy machine) that the
    // 100 ms sleep is already due when its handler resumes. A warm rerun shows the wait.
    for (let again = 0; again < 2 && waitsIn(events) === 0; again++)
      ({ ws, events } = await rerun(page, ws));
    const timeline = await timelineOf(ws, events.length);
    const fds = [...new Set(events.flatMap((e) => (e.kind === 'http.request-line' ? [e.fd] : [])))];
    expect(fds.length).toBeGreaterThanOrEqual(2);
    for (const fd of fds)
      await expect(timeline.locator('.tl-lane', { hasText: `fd ${fd}` })).toHaveCount(1);
    await expect(timeline.locator('.tl-mark')).toHaveCount(events.length);
    const waits = waitsIn(events);
    expect(waits).toBeGreaterThan(0);
    await expect(timeline.locator('.tl-bar--handler')).toHaveCount(waits);
  });
});

test.describe('accessibility and layout', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds nothing with the timeline and its list open (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const { ws, events } = await runStep(page, '09-serving');
      const timeline = await timelineOf(ws, events.length);
      await timeline.locator('summary').click();
      await timeline.getByRole('button', { name: 'Step forward' }).click();
      expect(await axeViolations(page, 'tal-timeline')).toEqual([]);
    });
  }

  test('at 360 px nothing scrolls sideways, in Chinese too, and reduced motion drops transitions', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const zh = pageWithStep('02-timers').replace(/^\/en\//, '/zh/');
    await page.goto(zh);
    const ws = page.locator('tal-workspace[data-step="02-timers"]').first();
    await ws.scrollIntoViewIfNeeded();
    await ws.locator('.ws-run').click();
    const timeline = ws.locator('xpath=following-sibling::tal-timeline[1]');
    await expect(timeline).toHaveAttribute('data-phase', 'ended', { timeout: 20_000 });
    await expect(timeline.getByRole('button', { name: '前进一步' })).toBeVisible();
    await timeline.locator('summary').click();
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    expect(await overflow()).toBeLessThanOrEqual(0);
    const transition = await timeline
      .locator('.tl-dot')
      .first()
      .evaluate((dot) => getComputedStyle(dot).transitionDuration);
    expect(transition).toBe('0s');
    await page.goto('/zh/playground/');
    await page.getByRole('button', { name: '逐字节' }).click();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
