/** Reading order: every first showing of a step in a chapter either follows all the steps it builds on or is labelled a preview. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readingOrder, stepsShown } from '../../../src/lib/content/reading-order.ts';
import { previewNote } from '../../../src/lib/content/step-snippets.ts';

const fence = (lang: string, meta: string, body = '') => `\`\`\`${lang}${meta}\n${body}\n\`\`\`\n`;

test('stepsShown lists workspaces and file= snippets in order, and nothing else', () => {
  const md = [
    fence('step', '', '03-io-handlers'),
    fence('ts', ' file=01-callbacks/ioloop.ts symbol=IOLoop.start'),
    fence('python', ''),
    fence('ts', ''),
  ].join('\n');
  expect(stepsShown(md)).toEqual(['03-io-handlers', '01-callbacks']);
});

describe('on a small book', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reading-order-'));
  mkdirSync(join(dir, 'en'));
  const write = (name: string, text: string) => writeFileSync(join(dir, 'en', name), text);
  write('01-a.md', `# A\n\n${fence('step', '', '03-c')}`);
  write('02-b.md', `# B\n\n${fence('step', '', '01-a')}\n${fence('ts', ' file=02-b/x.ts')}`);
  write('03-c.md', `# C\n\n${fence('step', '', '03-c')}`);

  test('a step met before the steps it builds on is a preview, ready by the chapter that shows the last of them', () => {
    expect(readingOrder(join(dir, 'en'))).toEqual([
      { chapter: '01-a.md', step: '03-c', index: 0, preview: true, readyBy: '02-b.md' },
      { chapter: '02-b.md', step: '01-a', index: 0, preview: false },
      { chapter: '02-b.md', step: '02-b', index: 1, preview: false },
      { chapter: '03-c.md', step: '03-c', index: 0, preview: false },
    ]);
  });

  test('the page says so before the fence, in the chapter’s language', () => {
    const file = join(dir, 'en', '01-a.md');
    expect(previewNote(file, 0)).toBe(
      '<p class="preview-note" data-preview-step="03-c">Preview: step 03 builds on steps that are all shown only by chapter 2. Read it for where the book is going.</p>',
    );
    expect(previewNote(join(dir, 'en', '03-c.md'), 0)).toBe('');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});

test('in the book, both languages label the same first showings as previews', () => {
  const firsts = (lang: string) =>
    readingOrder(`content/chapters/${lang}`)
      .filter(
        (a, i, all) =>
          a.preview && !all.slice(0, i).some((b) => b.chapter === a.chapter && b.step === a.step),
      )
      .map((a) => `${a.chapter} ${a.step}`);
  expect(firsts('zh')).toEqual(firsts('en'));
  // Chapter 1 opens with the finished server; chapter 3 follows the article, Futures before I/O.
  expect(firsts('en')).toEqual([
    '01-overview.md 09-serving',
    '02-request-flow.md 07-request-line',
    '02-request-flow.md 02-timers',
    '03-async-machinery.md 05-futures',
    '03-async-machinery.md 06-coroutines',
  ]);
});
