/** Measures the workspace in real Chromium on the built site: JS weight, intent → editor, Run → output, Stop. */
import { gzipSync } from 'node:zlib';
import { chromium, type Locator, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../lib/browser/chromium.ts';
import { DIST, pageWithStep } from '../lib/browser/pages.ts';
import { startPreview } from './preview.ts';

const PORT = 4333;
const RUNS = 15;
const STEP = '02-timers';
const SERVER = '09-serving';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? NaN;

async function ended(ws: Locator): Promise<void> {
  await ws
    .page()
    .waitForFunction(
      (el) =>
        /^(exit-\d+|stopped|compile-error)$/.test((el as HTMLElement).dataset['lastRun'] ?? ''),
      await ws.elementHandle(),
      { timeout: 20_000 },
    );
}

async function openEditor(ws: Locator): Promise<void> {
  await ws.scrollIntoViewIfNeeded();
  await ws.locator('.ws-editor').click();
  await ws
    .page()
    .waitForFunction(
      (el) => (el as HTMLElement).dataset['editor'] === 'monaco',
      await ws.elementHandle(),
      { timeout: 30_000 },
    );
  await ws.locator('.monaco-editor .view-lines').first().click();
}

async function firstOutput(page: Page, ws: Locator): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await ws.locator('.ws-run').click();
    await ended(ws);
    times.push(Number(await ws.getAttribute('data-first-output-ms')));
  }
  void page;
  return times;
}

async function stopLatency(
  page: Page,
  ws: Locator,
): Promise<{ stop: number[]; responsive: number[] }> {
  await ws.getByRole('tab', { name: /^main\.ts/ }).click();
  await openEditor(ws);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('console.log("spinning");\nwhile (true) {}\n');
  const stop: number[] = [];
  const responsive: number[] = [];
  for (let i = 0; i < 5; i++) {
    await ws.locator('.ws-run').click();
    await page.waitForFunction(
      (el) => (el as HTMLElement).dataset['lastRun'] === 'running',
      await ws.elementHandle(),
    );
    await page.waitForTimeout(300);
    // How long the page takes to answer while the reader's loop spins.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    responsive.push(Date.now() - t0);
    const ms = await ws.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          new MutationObserver(() => {
            if ((el as HTMLElement).dataset['lastRun'] === 'stopped')
              resolve(performance.now() - start);
          }).observe(el, { attributes: true, attributeFilter: ['data-last-run'] });
          el.querySelector<HTMLButtonElement>('.ws-stop')?.click();
        }),
    );
    stop.push(ms);
  }
  return { stop, responsive };
}

/** Sums the gzip size of every script the page has fetched so far (inline scripts included). */
function scriptMeter(page: Page): () => Promise<number> {
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script')
      bodies.push(response.body().catch(() => Buffer.alloc(0)));
  });
  return async () => {
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent).join('\n'),
    );
    const files = await Promise.all(bodies);
    return [...files, Buffer.from(inline)].reduce(
      (n, b) => n + gzipSync(b, { level: 9 }).length,
      0,
    );
  };
}

/** Time from the reader's click in the code to a ready Monaco editor, on a fresh page each time. */
async function intentToEditor(base: string, path: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    const ws = page.locator(`tal-workspace[data-step="${STEP}"]`).first();
    await ws.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (el) => (el as HTMLElement).dataset['ready'] === 'true',
      await ws.elementHandle(),
    );
    const ms = await ws.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          new MutationObserver(() => {
            if ((el as HTMLElement).dataset['editor'] === 'monaco')
              resolve(performance.now() - start);
          }).observe(el, { attributes: true, attributeFilter: ['data-editor'] });
          el.querySelector('.ws-editor')?.dispatchEvent(
            new PointerEvent('pointerdown', { bubbles: true }),
          );
        }),
    );
    times.push(ms);
    await context.close();
  }
  return times;
}

/**
 * The request panel on a fresh page: Send starts the server, waits for its own "listening" signal,
 * then sends. Returns, per try, Send → response shown and listening → response shown.
 */
async function sendOnFreshPage(base: string): Promise<{ total: number[]; afterListen: number[] }> {
  const total: number[] = [];
  const afterListen: number[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}${pageWithStep(SERVER)}`);
    const ws = page.locator(`tal-workspace[data-step="${SERVER}"]`).first();
    await ws.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (el) => (el as HTMLElement).dataset['ready'] === 'true',
      await ws.elementHandle(),
    );
    const [sendToReply, listenToReply] = await ws.evaluate(
      (el) =>
        new Promise<[number, number]>((resolve, reject) => {
          const start = performance.now();
          let listened = NaN;
          new MutationObserver(() => {
            const data = (el as HTMLElement).dataset;
            if (Number.isNaN(listened) && data['listening']) listened = performance.now();
            if (data['lastSend'] === 'answered') {
              const now = performance.now();
              resolve([now - start, now - listened]);
            } else if (
              data['lastSend']?.startsWith('not-listening') ||
              data['lastSend'] === 'failed'
            )
              reject(new Error(`the request panel gave up: ${data['lastSend']}`));
          }).observe(el, {
            attributes: true,
            attributeFilter: ['data-listening', 'data-last-send'],
          });
          el.querySelector<HTMLButtonElement>('.ws-send')?.click();
        }),
    );
    total.push(sendToReply);
    afterListen.push(listenToReply);
    await context.close();
  }
  return { total, afterListen };
}

const preview = await startPreview(PORT, DIST);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const base = preview.base;
  const path = pageWithStep(STEP);
  const editorReady = await intentToEditor(base, path);
  const page = await browser.newPage();
  const jsSoFar = scriptMeter(page);
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  const jsBefore = await jsSoFar();
  const ws = page.locator(`tal-workspace[data-step="${STEP}"]`).first();
  await openEditor(ws);
  // One warm-up run loads the runtime and compiler; the budget is for an already loaded editor.
  await ws.locator('.ws-run').click();
  await ended(ws);
  await page.waitForLoadState('networkidle');
  const jsAfter = await jsSoFar();
  const first = await firstOutput(page, ws);
  const { stop, responsive } = await stopLatency(page, ws);
  const send = await sendOnFreshPage(base);
  const row = (name: string, xs: number[], budget: string) =>
    `| ${name} | ${xs.length} | ${median(xs).toFixed(0)} | ${p90(xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${budget} |`;
  console.log(
    [
      `Page ${path} (step ${STEP}), Worker runtime, Chromium ${browser.version()}:`,
      '',
      `JS loaded before any interaction: ${(jsBefore / 1024).toFixed(1)} KB gzip (budget ≤ 20 KB); after the workspace opens (Monaco, its TypeScript and editor workers, the runtime, the terminal, a first run): ${(jsAfter / 1024).toFixed(1)} KB gzip.`,
      '',
      '| Measure (ms) | runs | median | p90 | max | budget |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      row('Intent (click in the code) → editor ready, fresh page', editorReady, '—'),
      row('Run → first output line (editor loaded)', first, '≤ 150'),
      row('Stop → run ended, infinite loop', stop, '≤ 200'),
      row('Page frame while the loop spins', responsive, 'responsive'),
      row(`Send on a fresh page (step ${SERVER}) → response shown`, send.total, '—'),
      row('… of which server listening → response shown', send.afterListen, '≤ 1000'),
    ].join('\n'),
  );
  if (
    median(first) > 150 ||
    Math.max(...stop) > 200 ||
    Math.max(...send.afterListen) > 1000 ||
    jsBefore > 20 * 1024
  )
    process.exitCode = 1;
} finally {
  await browser.close();
  preview.stop();
}
