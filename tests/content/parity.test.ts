/** The Chinese and English editions are one book: the same sections, headings, examples, notes and "Try it" tasks, each answer behind a disclosure. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = 'content/chapters';
const chapters = readdirSync(`${root}/en`)
  .filter((f) => f.endsWith('.md'))
  .sort();

/** Markdown without fenced code, so a `#` or a "Try it" inside code counts for nothing. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
}

/** What must match between the two editions of a chapter. */
function shape(lang: 'en' | 'zh', file: string) {
  const text = readFileSync(`${root}/${lang}/${file}`, 'utf8');
  const body = prose(text);
  const headings = [...body.matchAll(/^(#{2,4}) (.*)$/gm)].map(([, marks = '', title = '']) => {
    // The section number (`2.1`) where a heading has one, else only its level.
    const number = /^\d+(\.\d+)*/.exec(title)?.[0];
    return number ? `${marks} ${number}` : marks;
  });
  const fences = (info: RegExp) =>
    [...text.matchAll(/^```([^\n]*)$/gm)].filter(([, i = '']) => info.test(i)).length;
  const tryIt = lang === 'en' ? /\*\*Try it\.\*\*/g : /\*\*试一试\*\*/g;
  return {
    headings,
    python: fences(/^(python|py)\b/),
    steps: fences(/^step\b/),
    notes: (body.match(/<aside class="note"/g) ?? []).length,
    figures: (body.match(/<figure/g) ?? []).length,
    tasks: (body.match(tryIt) ?? []).length,
    answers: (body.match(/<details class="answer">/g) ?? []).length,
  };
}

describe.each(chapters)('%s', (file) => {
  it('has the same headings, examples, notes, figures and tasks in zh and en', () => {
    expect(shape('zh', file)).toEqual(shape('en', file));
  });

  it.each(['en', 'zh'] as const)(
    'in %s, every "Try it" is followed by its answer, closed',
    (lang) => {
      const body = prose(readFileSync(`${root}/${lang}/${file}`, 'utf8'));
      const marker = lang === 'en' ? '**Try it.**' : '**试一试**';
      const parts = body.split(marker).slice(1);
      for (const part of parts) {
        // The answer comes before the next heading or the next task.
        const upTo = part.split(/^#{2,4} /m)[0] ?? '';
        expect(upTo, `${lang}/${file}: a task without a <details class="answer">`).toMatch(
          /<details class="answer">\s*<summary>(Answer|答案)<\/summary>/,
        );
        expect(upTo).not.toMatch(/<details class="answer" open/);
      }
    },
  );
});

/**
 * The glossary, per `##` section: each table row as the section it links to (`#section-3-2`),
 * and the number of list items (the notes on words to be careful with).
 */
function glossary(lang: 'en' | 'zh') {
  const body = prose(readFileSync(`${root}/${lang}/08-glossary.md`, 'utf8'));
  return body
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const lines = section.split('\n');
      const rows = lines
        .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
        .slice(1) // the header row
        .map(
          (row) => /\]\(\/(?:en|zh)\/[^)#]+\/(#section-[\d-]+)\)\s*\|\s*$/.exec(row)?.[1] ?? row,
        );
      return { rows, items: lines.filter((line) => /^- /.test(line)).length };
    });
}

describe('08-glossary.md', () => {
  it('has the same terms in zh and en: row for row, each linking to the same section', () => {
    const en = glossary('en');
    const rows = en.flatMap((section) => section.rows);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows)
      expect(row, 'a glossary row without a section link').toMatch(/^#section-/);
    expect(glossary('zh')).toEqual(en);
  });
});
