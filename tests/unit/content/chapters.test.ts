import { describe, expect, it } from 'vitest';
import {
  chapterIdToParts,
  chaptersOf,
  neighbours,
  tornadoSourceUrl,
} from '../../../src/lib/content/chapters.ts';

const chapter = (id: string, order: number) => ({ id, data: { order, title: id } });
const all = [
  chapter('en/02-b', 2),
  chapter('zh/01-a', 1),
  chapter('en/01-a', 1),
  chapter('en/03-c', 3),
];

describe('chapterIdToParts', () => {
  it('splits a chapter id into language and slug', () => {
    expect(chapterIdToParts('zh/04-request-path')).toEqual({ lang: 'zh', slug: '04-request-path' });
  });

  it('refuses ids outside the two languages or without a number', () => {
    expect(() => chapterIdToParts('fr/01-intro')).toThrow(/not <zh\|en>\/NN-slug/);
    expect(() => chapterIdToParts('en/intro')).toThrow();
  });
});

describe('chaptersOf and neighbours', () => {
  it('keeps one language in reading order', () => {
    expect(chaptersOf(all, 'en').map((c) => c.id)).toEqual(['en/01-a', 'en/02-b', 'en/03-c']);
    expect(chaptersOf(all, 'zh').map((c) => c.id)).toEqual(['zh/01-a']);
  });

  it('finds the previous and next chapter, with none past either end', () => {
    const en = chaptersOf(all, 'en');
    expect(neighbours(en, '02-b')).toEqual({ previous: en[0], next: en[2] });
    expect(neighbours(en, '01-a').previous).toBeUndefined();
    expect(neighbours(en, '03-c').next).toBeUndefined();
    expect(neighbours(en, '09-missing')).toEqual({ previous: undefined, next: undefined });
  });
});

it('links Tornado source at a tag', () => {
  expect(tornadoSourceUrl('tornado/ioloop.py', 'v4.5.3')).toBe(
    'https://github.com/tornadoweb/tornado/blob/v4.5.3/tornado/ioloop.py',
  );
});
