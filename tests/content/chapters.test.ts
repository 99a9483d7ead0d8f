import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/lib/content/schemas.ts';

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
