import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { chapterSchema, tornadoFileExists } from '../../src/lib/content/schemas.ts';

const root = 'content/chapters';
const files = (lang: string) =>
  readdirSync(`${root}/${lang}`)
    .filter((f) => f.endsWith('.md'))
    .sort();

function frontmatter(path: string) {
  const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path, 'utf8'));
  if (!match?.[1]) throw new Error(`${path} has no frontmatter`);
  return chapterSchema.parse(parse(match[1]));
}

describe('chapters', () => {
  it('exist in both languages under the same file names', () => {
    expect(files('zh').length).toBeGreaterThan(0);
    expect(files('zh')).toEqual(files('en'));
  });

  it('agree between languages on order, sections and steps', () => {
    for (const file of files('en')) {
      const en = frontmatter(`${root}/en/${file}`);
      const zh = frontmatter(`${root}/zh/${file}`);
      expect({ file, order: zh.order, sections: zh.sections, steps: zh.steps }).toEqual({
        file,
        order: en.order,
        sections: en.sections,
        steps: en.steps,
      });
      expect(file.startsWith(String(en.order).padStart(2, '0'))).toBe(true);
    }
  });
});

const OUTLINE = [
  '1',
  '1.1',
  '1.2',
  '1.3',
  '2',
  '2.1',
  '2.2',
  '2.3',
  '3',
  '3.1',
  '3.2',
  '3.3',
  '4',
  '4.1',
  '4.2',
  '4.3',
];

describe('the book', () => {
  const body = (lang: string, file: string) => readFileSync(`${root}/${lang}/${file}`, 'utf8');

  it.each(['zh', 'en'])(
    '%s: every section of the article appears, in order, as a numbered heading',
    (lang) => {
      const headings = files(lang).flatMap((file) =>
        [...body(lang, file).matchAll(/^## (\d+\.\d+) /gm)].map((m) => m[1]),
      );
      const chapters = files(lang).flatMap(
        (file) => frontmatter(`${root}/${lang}/${file}`).sections,
      );
      const outlineSubsections = OUTLINE.filter((s) => s.includes('.'));
      expect(headings.filter((h) => outlineSubsections.includes(h ?? ''))).toEqual(
        outlineSubsections,
      );
      expect(chapters.filter((s) => OUTLINE.includes(s))).toEqual(OUTLINE);
      // Sections past the stored article (5+) exist too: a mini server end to end, blocking, summary.
      expect(chapters.some((s) => s.startsWith('5'))).toBe(true);
      expect(chapters.some((s) => s.startsWith('6'))).toBe(true);
    },
  );

  it.each(['zh', 'en'])(
    '%s: each chapter embeds the steps it lists, at least one, and they exist',
    (lang) => {
      for (const file of files(lang)) {
        const data = frontmatter(`${root}/${lang}/${file}`);
        const fenced = [...body(lang, file).matchAll(/^```step\n(.+)\n```/gm)].map((m) =>
          m[1]?.trim(),
        );
        expect(new Set(fenced), `${lang}/${file}`).toEqual(new Set(data.steps));
        if (data.sections.length > 0)
          expect(data.steps.length, `${lang}/${file}`).toBeGreaterThan(0);
        for (const step of data.steps)
          expect(existsSync(`content/sandboxes/${step}/step.yaml`)).toBe(true);
      }
    },
  );

  it.each(['zh', 'en'])(
    '%s: every Tornado source link is pinned to a release that has the file',
    (lang) => {
      let links = 0;
      for (const file of files(lang)) {
        const text = body(lang, file);
        for (const m of text.matchAll(
          /https:\/\/github\.com\/tornadoweb\/tornado\/(?:blob|tree)\/([^/\s)]+)\/([^\s)#"'>]+)/g,
        )) {
          links++;
          const [, tag = '', path = ''] = m;
          expect(tornadoFileExists(tag, path), `${lang}/${file}: ${tag}/${path}`).toBe(true);
        }
        expect(text, `${lang}/${file}`).not.toMatch(
          /tornadoweb\/tornado\/(blob|tree)\/(master|main|stable)\//,
        );
      }
      expect(links).toBeGreaterThan(0);
    },
  );

  it.each(['zh', 'en'])('%s: every image and diagram has a text alternative', (lang) => {
    for (const file of files(lang)) {
      const text = body(lang, file);
      for (const m of text.matchAll(/!\[([^\]]*)\]\(/g))
        expect(m[1]?.trim(), `${lang}/${file}`).not.toBe('');
      for (const m of text.matchAll(/<img\b[^>]*>/g))
        expect(m[0], `${lang}/${file}`).toMatch(/\balt="[^"]+"/);
      for (const m of text.matchAll(/<svg\b[^>]*>/g)) {
        expect(m[0], `${lang}/${file}`).toMatch(/role="img"/);
        expect(m[0], `${lang}/${file}`).toMatch(/aria-label(ledby)?="[^"]+"/);
      }
    }
  });
});
