import { describe, expect, it } from 'vitest';
import { isLang, langToHtmlLang, otherLang, t } from '../../../src/lib/i18n/index.ts';

describe('i18n', () => {
  it('returns strings per language', () => {
    expect(t('en', 'contents')).toBe('Contents');
    expect(t('zh', 'contents')).toBe('目录');
  });

  it('pairs the languages', () => {
    expect(otherLang('zh')).toBe('en');
    expect(otherLang('en')).toBe('zh');
    expect(isLang('zh')).toBe(true);
    expect(isLang('fr')).toBe(false);
    expect(isLang(undefined)).toBe(false);
    expect(langToHtmlLang('zh')).toBe('zh-CN');
  });
});
