import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { headingId, sectionToId } from '../../../src/lib/content/heading-anchors.ts';

describe('headingId', () => {
  it('gives numbered headings the same id in both languages', () => {
    expect(headingId('4.1 Receiving and parsing a request', new GithubSlugger())).toBe(
      'section-4-1',
    );
    expect(headingId('4.1 请求的接收和处理解析', new GithubSlugger())).toBe('section-4-1');
    expect(sectionToId('3')).toBe('section-3');
  });

  it('slugs other headings and keeps repeated ones distinct', () => {
    const slugger = new GithubSlugger();
    expect(headingId('Try it', slugger)).toBe('try-it');
    expect(headingId('Try it', slugger)).toBe('try-it-1');
  });

  it('does not mistake a leading number without a space for a section', () => {
    expect(headingId('404 pages', new GithubSlugger())).toBe('404-pages');
  });
});
