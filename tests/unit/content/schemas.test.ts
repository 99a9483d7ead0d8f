import { describe, expect, it } from 'vitest';
import { chapterSchema, stepSchema } from '../../../src/lib/content/schemas.ts';

const chapter = {
  title: 'Timers',
  order: 3,
  summary: 'How the loop sleeps.',
  sections: ['3.3'],
  tornado: [{ file: 'tornado/ioloop.py', tag: 'v4.5.3', symbol: 'PollIOLoop.start' }],
};

describe('chapterSchema', () => {
  it('accepts a complete chapter and defaults the lists', () => {
    const parsed = chapterSchema.parse({ title: 'x', order: 1, summary: 'y' });
    expect(parsed).toEqual({
      title: 'x',
      order: 1,
      summary: 'y',
      sections: [],
      steps: [],
      tornado: [],
    });
    expect(chapterSchema.parse(chapter).sections).toEqual(['3.3']);
  });

  it.each([
    ['an unknown key', { ...chapter, sumary: 'typo' }, 'sumary'],
    ['a section that is not a number', { ...chapter, sections: ['three'] }, 'sections'],
    [
      'a Tornado link to a branch',
      { ...chapter, tornado: [{ file: 'tornado/web.py', tag: 'master' }] },
      'tag',
    ],
    [
      'a Tornado file outside the list',
      { ...chapter, tornado: [{ file: 'tornado/epoll.py', tag: 'v6.2.0' }] },
      'file',
    ],
    ['a step id without its number', { ...chapter, steps: ['timers'] }, 'steps'],
  ])('refuses %s', (_, data, field) => {
    const result = chapterSchema.safeParse(data);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(field);
  });
});

describe('stepSchema', () => {
  const step = {
    order: 1,
    title: { zh: '回调', en: 'Callbacks' },
    summary: { zh: '一个回调队列。', en: 'A queue of callbacks.' },
    entry: 'main.ts',
    files: ['ioloop.ts', 'main.ts'],
    changes: ['ioloop.ts', 'main.ts'],
    tornado: [{ file: 'tornado/ioloop.py', tag: 'v4.5.3' }],
    lineBudget: 80,
  };

  it('accepts a step and defaults the flags to false', () => {
    expect(stepSchema.parse(step)).toMatchObject({ server: false, listen: false });
  });

  it('needs a title in both languages', () => {
    expect(stepSchema.safeParse({ ...step, title: { en: 'Callbacks' } }).success).toBe(false);
  });
});
