/** Pure helpers over chapter entries: ids to slugs and languages, ordering, neighbours. */
import type { Lang } from './schemas.ts';

/** The minimum a helper needs to know about a chapter entry. */
export interface ChapterRef {
  /** The collection id, `<lang>/<NN-slug>`. */
  id: string;
  data: { order: number; title: string };
}

/** Splits a chapter id such as `zh/01-overview` into its language and slug. */
export function chapterIdToParts(id: string): { lang: Lang; slug: string } {
  const match = /^(zh|en)\/(\d\d-[a-z0-9-]+)$/.exec(id);
  if (!match?.[1] || !match[2]) {
    throw new Error(`Chapter id "${id}" is not <zh|en>/NN-slug`);
  }
  return { lang: match[1] as Lang, slug: match[2] };
}

/** The chapters of one language in reading order. */
export function chaptersOf<T extends ChapterRef>(all: readonly T[], lang: Lang): T[] {
  return all
    .filter((c) => chapterIdToParts(c.id).lang === lang)
    .sort((a, b) => a.data.order - b.data.order);
}

/** The chapters before and after `slug` in an ordered list. */
export function neighbours<T extends ChapterRef>(
  ordered: readonly T[],
  slug: string,
): { previous: T | undefined; next: T | undefined } {
  const index = ordered.findIndex((c) => chapterIdToParts(c.id).slug === slug);
  if (index < 0) return { previous: undefined, next: undefined };
  return { previous: ordered[index - 1], next: ordered[index + 1] };
}

/** The URL of a chapter page. */
export function chapterUrl(lang: Lang, slug: string): string {
  return `/${lang}/${slug}/`;
}

/** The URL of a file in a pinned Tornado release on GitHub. */
export function tornadoSourceUrl(file: string, tag: string): string {
  return `https://github.com/tornadoweb/tornado/blob/${tag}/${file}`;
}
