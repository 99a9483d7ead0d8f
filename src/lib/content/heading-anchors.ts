/** A Markdown (hast) plugin that gives headings stable ids, language-neutral for numbered sections, and a permalink. */
import GithubSlugger from 'github-slugger';
import { defineHastPlugin } from 'satteri';

/** Matches an article section number at the start of a heading, such as `4.1` in `4.1 Parsing` (one or two digits a level, so `404 pages` is not one). */
const SECTION_NUMBER = /^\s*(\d{1,2}(?:\.\d{1,2})*)\s/;

/** Turns a section number into the id both languages share, e.g. `4.1` into `section-4-1`. */
export function sectionToId(section: string): string {
  return `section-${section.replaceAll('.', '-')}`;
}

/** Picks the id for a heading: its section number when it has one, otherwise a slug of its text. */
export function headingId(text: string, slugger: GithubSlugger): string {
  const section = SECTION_NUMBER.exec(text)?.[1];
  return section === undefined ? slugger.slug(text) : sectionToId(section);
}

/**
 * Numbered headings get `section-N-M` ids so that the zh and en pages of a chapter share anchors and
 * the language switch keeps the reader on the same section; every h2–h4 gets a permalink.
 */
export const headingAnchors = () => {
  const slugger = new GithubSlugger();
  return defineHastPlugin({
    name: 'heading-anchors',
    element: {
      filter: ['h2', 'h3', 'h4'],
      visit(node, ctx) {
        const text = ctx.textContent(node).trim();
        const existing = node.properties?.['id'];
        const id = typeof existing === 'string' ? existing : headingId(text, slugger);
        ctx.setProperty(node, 'id', id);
        const isZh = ctx.fileURL?.pathname.includes('/zh/') ?? false;
        // The link holds no text, so the heading's text content stays exactly what the author wrote;
        // CSS draws the mark and the label names it for screen readers.
        ctx.appendChild(node, {
          type: 'element',
          tagName: 'a',
          properties: {
            className: ['heading-anchor'],
            href: `#${id}`,
            ariaLabel: isZh ? `本节链接：${text}` : `Link to this section: ${text}`,
          },
          children: [],
        });
      },
    },
  });
};
