/** Interface strings in both languages and the helpers that pick between them. */
import { LANGS, type Lang } from '../content/schemas.ts';

const strings = {
  zh: {
    siteName: 'Tornado 异步实验室',
    tagline: '在浏览器里用 TypeScript 一步步造一个迷你 Tornado，看懂异步 HTTP 请求是怎样被处理的。',
    contents: '目录',
    onThisPage: '本页内容',
    previous: '上一章',
    next: '下一章',
    switchLanguage: 'English',
    switchLanguageLabel: '切换到英文版',
    themeToggle: '切换浅色/深色主题',
    themeLight: '浅色',
    themeDark: '深色',
    search: '搜索',
    searchPlaceholder: '搜索教程…',
    searchNoResults: '没有找到结果。',
    searchLoading: '正在加载搜索索引…',
    searchUnavailable: '搜索暂不可用：请先运行 npm run build 生成索引。',
    skipToContent: '跳到正文',
    mirrors: '对应原文章节',
    tornadoSource: '对应的 Tornado 源码',
    notFoundTitle: '页面不存在',
    notFoundBody: '你要找的页面不在这里。可以从目录重新开始。',
    menu: '章节菜单',
    start: '开始阅读',
    chapterNav: '章节导航',
    exercises: '练习',
    playground: '解析器试验场',
    assignment: '布置作业（教师）',
    practice: '动手实践',
    practiceIntro: '可以在这三个地方动手试试各章讲的内容：',
    practiceExercises:
      '从各章步骤中挑出的小编程题，在浏览器里直接检查你的代码；另有几道超出本书内容。',
    practicePlayground:
      '把原始请求字节随意切块，交给第 08 步的 HTTP 解析器，看它怎样理解这些字节。',
    practiceAssignment: '教师挑选几道练习，生成一个链接发给学生。',
    labelSeparator: '：',
  },
  en: {
    siteName: 'Tornado Async Lab',
    tagline:
      'Build a mini Tornado in TypeScript, step by step in your browser, and see how asynchronous HTTP requests are really handled.',
    contents: 'Contents',
    onThisPage: 'On this page',
    previous: 'Previous',
    next: 'Next',
    switchLanguage: '中文',
    switchLanguageLabel: 'Switch to the Chinese edition',
    themeToggle: 'Switch between light and dark theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    search: 'Search',
    searchPlaceholder: 'Search the tutorial…',
    searchNoResults: 'No results.',
    searchLoading: 'Loading the search index…',
    searchUnavailable: 'Search is unavailable: run npm run build to create its index.',
    skipToContent: 'Skip to content',
    mirrors: 'Article sections',
    tornadoSource: 'Tornado source',
    notFoundTitle: 'Page not found',
    notFoundBody: 'The page you asked for is not here. Start again from the contents.',
    menu: 'Chapters',
    start: 'Start reading',
    chapterNav: 'Chapter navigation',
    exercises: 'Exercises',
    playground: 'Parser playground',
    assignment: 'Assignments (instructors)',
    practice: 'Practice',
    practiceIntro: 'Three places to try what the chapters teach:',
    practiceExercises:
      'small programming tasks from the chapters’ steps, checked in your browser, and some that go beyond the book.',
    practicePlayground:
      'feed raw request bytes, split however you like, to the HTTP parser of step 08 and see what it makes of them.',
    practiceAssignment: 'instructors pick exercises and share them with a class as one link.',
    labelSeparator: ': ',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** A key of the interface strings. */
export type UiKey = keyof (typeof strings)['en'];

/** Returns the interface string `key` in `lang`. */
export function t(lang: Lang, key: UiKey): string {
  return strings[lang][key];
}

/** Tells whether a URL segment names one of the site's languages. */
export function isLang(value: string | undefined): value is Lang {
  return (LANGS as readonly string[]).includes(value ?? '');
}

/** The other language of the pair. */
export function otherLang(lang: Lang): Lang {
  return lang === 'zh' ? 'en' : 'zh';
}

/** The BCP 47 tag for `<html lang>`, which also tells Pagefind how to segment words. */
export function langToHtmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
