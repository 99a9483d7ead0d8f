/** The zod schemas for chapter frontmatter and step descriptions; they are the reference for both formats. */
import { z } from 'astro/zod';
import tornadoFiles from './tornado-files.json' with { type: 'json' };

/** The site's two languages; every chapter exists in both. */
export const LANGS = ['zh', 'en'] as const;
/** One of the site's languages. */
export type Lang = (typeof LANGS)[number];

/**
 * The files of each Tornado release the site may link to, listed from the release tags (library
 * code only, no tests). Links are checked against it, so none can point at a file that is not there.
 */
export const TORNADO_RELEASES: Readonly<Record<string, readonly string[]>> = tornadoFiles;

/** Tells whether `file` exists in Tornado's release `tag`. */
export function tornadoFileExists(tag: string, file: string): boolean {
  return TORNADO_RELEASES[tag]?.includes(file) ?? false;
}

/** A pointer into a pinned Tornado release. */
export const tornadoRefSchema = z
  .strictObject({
    /** Path inside the Tornado repository; it must exist at `tag`. @example 'tornado/ioloop.py' */
    file: z.string().regex(/^tornado\/[a-z0-9_/]+\.py$/),
    /**
     * A release tag, never a branch, so the link keeps pointing at the code the text describes.
     * @example 'v6.2.0' (current code, the release Debian ships) or 'v4.5.3' (the last hand-written PollIOLoop)
     */
    tag: z.string().regex(/^v\d+\.\d+\.\d+$/, 'must be a release tag such as v6.2.0 or v4.5.3'),
    /** The class, function or method the text is about. @example 'PollIOLoop.start' */
    symbol: z.string().min(1).optional(),
  })
  .refine((ref) => tornadoFileExists(ref.tag, ref.file), {
    message: `names a file that is not in that Tornado release (known releases: ${Object.keys(tornadoFiles).join(', ')})`,
  });
/** A pointer into a pinned Tornado release. */
export type TornadoRef = z.infer<typeof tornadoRefSchema>;

/** A section number of the source article, such as `4` or `4.1`. */
const sectionSchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be an article section number such as "3" or "4.1"');

/** Text in both languages. */
const bilingualSchema = z.strictObject({
  /** Chinese text. */
  zh: z.string().min(1),
  /** English text. */
  en: z.string().min(1),
});

/**
 * Frontmatter of a chapter (`content/chapters/<zh|en>/NN-slug.md`). Unknown keys are errors, so a
 * typo never silently drops a setting.
 */
export const chapterSchema = z.strictObject({
  /** The chapter's title as shown in the table of contents and the page heading. */
  title: z.string().min(1),
  /** Position in the table of contents; chapters sort by it. Equal in both languages. */
  order: z.number().int().nonnegative(),
  /** One or two sentences shown on the table of contents and used as the page description. */
  summary: z.string().min(1),
  /**
   * The article section(s) this chapter mirrors, in order. Empty only for pages the article lacks
   * (such as the glossary). @example ['4.1', '4.2']
   */
  sections: z.array(sectionSchema).default([]),
  /** Ids of the steps (`content/sandboxes/NN-slug`) the chapter embeds. @default [] */
  steps: z
    .array(z.string().regex(/^\d\d-[a-z0-9-]+$/, 'must be a step id such as 01-callbacks'))
    .default([]),
  /** Tornado source the chapter explains, each in a pinned release. @default [] */
  tornado: z.array(tornadoRefSchema).default([]),
});
/** Frontmatter of a chapter. */
export type ChapterData = z.infer<typeof chapterSchema>;

/** A step of the teaching implementation (`content/sandboxes/NN-slug/step.yaml`). */
export const stepSchema = z.strictObject({
  /** Position in the sequence; equals the folder's `NN`. */
  order: z.number().int().positive(),
  /** The step's name in both languages. */
  title: bilingualSchema,
  /** What the step adds, in one or two sentences per language. */
  summary: bilingualSchema,
  /** The demo entry file. @example 'main.ts' */
  entry: z.string().regex(/^[a-z0-9-]+\.ts$/),
  /** Every source file of the step (not its checks), in the order the editor shows them. */
  files: z.array(z.string().regex(/^[a-z0-9-]+\.ts$/)).min(1),
  /** Files new or changed since the previous step (all of them for the first step). */
  changes: z.array(z.string().regex(/^[a-z0-9-]+\.ts$/)),
  /** The Tornado code this step mirrors. */
  tornado: z.array(tornadoRefSchema).min(1),
  /** Most non-blank, non-comment lines the step's files may hold together. */
  lineBudget: z.number().int().positive(),
  /** Whether the step serves HTTP, so the page offers a request panel. @default false */
  server: z.boolean().default(false),
  /** Whether `npm run step -- NN --listen PORT` serves real TCP. @default false */
  listen: z.boolean().default(false),
});
/** A step of the teaching implementation. */
export type StepData = z.infer<typeof stepSchema>;
