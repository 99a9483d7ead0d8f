/** Builds the site and measures, in a real browser, the JS, CSS and elements each page has before any interaction. */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { writeBenchReport } from '../lib/bench-doc.ts';
import { chromiumArgs, chromiumPath } from '../lib/browser/chromium.ts';
import { builtPages, DIST } from '../lib/browser/pages.ts';
import { startPreview } from './preview.ts';

/** Budget from DESIGN.md: JS a chapter page loads before the reader touches a sandbox. */
const CHAPTER_JS_BUDGET_GZIP = 20 * 1024;
/** Budget from DESIGN.md: elements per built page before any script runs. */
const ELEMENT_BUDGET = 3000;
const PORT = 4331;

interface Weight {
  page: string;
  jsRaw: number;
  jsGzip: number;
  cssRaw: number;
  cssGzip: number;
  /** Elements in the document before any script runs. */
  elements: number;
  htmlRaw: number;
}

const gz = (text: string | Buffer): number => gzipSync(text, { level: 9 }).length;
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

async function measure(base: string, pages: string[]): Promise<Weight[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const weights: Weight[] = [];
  // Scripts off: the count is what the parser built, before any script adds or removes elements.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  try {
    for (const path of pages) {
      const page = await browser.newPage();
      const bodies: Promise<{ type: string; body: Buffer }>[] = [];
      page.on('response', (response) => {
        const type = response.request().resourceType();
        if (type === 'script' || type === 'stylesheet') {
          bodies.push(response.body().then((body) => ({ type, body })));
        }
      });
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      // Inline <script> and <style> count too: they are parsed and run before any interaction.
      const inline = await page.evaluate(() => ({
        js: [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent),
        css: [...document.querySelectorAll('style')].map((s) => s.textContent),
      }));
      const files = await Promise.all(bodies);
      const js = [...files.filter((f) => f.type === 'script').map((f) => f.body), ...inline.js];
      const css = [
        ...files.filter((f) => f.type === 'stylesheet').map((f) => f.body),
        ...inline.css,
      ];
      const sum = (parts: (string | Buffer)[], size: (p: string | Buffer) => number) =>
        parts.reduce((total, part) => total + size(part), 0);
      const bare = await noScript.newPage();
      const html = await (await bare.goto(`${base}${path}`))?.text();
      const elements = await bare.evaluate(() => document.getElementsByTagName('*').length);
      await bare.close();
      weights.push({
        page: path,
        elements,
        htmlRaw: Buffer.byteLength(html ?? ''),
        jsRaw: sum(js, (p) => Buffer.byteLength(p)),
        jsGzip: sum(js, gz),
        cssRaw: sum(css, (p) => Buffer.byteLength(p)),
        cssGzip: sum(css, gz),
      });
      await page.close();
    }
  } finally {
    await noScript.close();
    await browser.close();
  }
  return weights;
}

function table(weights: Weight[]): string {
  const rows = weights.map(
    (w) =>
      `| \`${w.page}\` | ${kb(w.jsRaw)} | ${kb(w.jsGzip)} | ${kb(w.cssRaw)} | ${kb(w.cssGzip)} | ${kb(w.htmlRaw)} | ${w.elements} |`,
  );
  return [
    '| Page | JS raw (KB) | JS gzip (KB) | CSS raw (KB) | CSS gzip (KB) | HTML (KB) | Elements |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

const skipBuild = process.argv.includes('--no-build');
const write = process.argv.includes('--write');
if (!skipBuild) {
  const build = spawnSync('npx', ['astro', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const preview = await startPreview(PORT, DIST);
try {
  const weights = await measure(preview.base, builtPages());
  const result = table(weights);
  console.log(result);
  const chapters = weights.filter((w) => /^\/(zh|en)\/\d\d-/.test(w.page));
  const heaviest = Math.max(...chapters.map((w) => w.jsGzip));
  const verdict = `Heaviest chapter page: ${kb(heaviest)} KB gzip of JS (budget ${kb(CHAPTER_JS_BUDGET_GZIP)} KB): ${heaviest <= CHAPTER_JS_BUDGET_GZIP ? 'within budget' : 'OVER BUDGET'}.`;
  const largest = weights.reduce((a, b) => (b.elements > a.elements ? b : a));
  const elementVerdict = `Most elements: ${largest.elements} on \`${largest.page}\` (budget ${ELEMENT_BUDGET}): ${largest.elements <= ELEMENT_BUDGET ? 'within budget' : 'OVER BUDGET'}.`;
  console.log(`\n${verdict}\n${elementVerdict}`);
  if (write) writeBenchReport('weight', `${result}\n\n${verdict}\n${elementVerdict}`);
  if (heaviest > CHAPTER_JS_BUDGET_GZIP || largest.elements > ELEMENT_BUDGET) process.exitCode = 1;
} finally {
  preview.stop();
}
