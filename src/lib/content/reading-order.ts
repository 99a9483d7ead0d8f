/** The order in which a reader meets the steps: which appearances of step code come before the steps they build on, so the page can call them previews. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One place a chapter shows a step's code: a `step` workspace or a `ts file=NN-slug/…` snippet. */
export interface Appearance {
  /** The chapter file, e.g. `03-async-machinery.md`. */
  chapter: string;
  /** The step shown, e.g. `05-futures`. */
  step: string;
  /** Its position among the chapter's appearances, from 0. */
  index: number;
  /** True when a step it builds on (any step before it) has not been shown yet. */
  preview: boolean;
  /** For a preview: the chapter by which every step it builds on has been shown. */
  readyBy?: string;
}

/** The step each code fence of `markdown` shows, in order. */
export function stepsShown(markdown: string): string[] {
  const shown: string[] = [];
  for (const match of markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
    const [, lang = '', meta = '', body = ''] = match;
    if (lang === 'step') shown.push(body.trim());
    else {
      const file = /\bfile=(\d\d-[a-z0-9-]+)\//.exec(meta)?.[1];
      if (file) shown.push(file);
    }
  }
  return shown;
}

/**
 * Walks the chapters of one language in reading order (their file names sort so). Step NN builds
 * on every step before it; showing it before all of them have been shown is a preview. A step
 * counts as shown from its first appearance, preview or not: the reader has seen that code.
 */
export function readingOrder(chaptersDir: string): Appearance[] {
  if (!existsSync(chaptersDir)) return [];
  const chapters = readdirSync(chaptersDir)
    .filter((name) => /^\d\d-.*\.md$/.test(name))
    .sort();
  // Where each step is first shown, by its number.
  const first = new Map<number, string>();
  const appearances: Appearance[] = [];
  const missing = new Map<Appearance, number[]>();
  for (const chapter of chapters) {
    const shown = stepsShown(readFileSync(join(chaptersDir, chapter), 'utf8'));
    for (const [index, step] of shown.entries()) {
      const order = Number(step.slice(0, 2));
      const absent: number[] = [];
      for (let before = 1; before < order; before++) if (!first.has(before)) absent.push(before);
      const appearance: Appearance = { chapter, step, index, preview: absent.length > 0 };
      appearances.push(appearance);
      missing.set(appearance, absent);
      if (!first.has(order)) first.set(order, chapter);
    }
  }
  for (const [appearance, absent] of missing) {
    const chaptersOf = absent.map((n) => first.get(n));
    if (absent.length === 0 || chaptersOf.some((c) => c === undefined)) continue;
    appearance.readyBy = (chaptersOf as string[]).sort().at(-1) as string;
  }
  return appearances;
}
