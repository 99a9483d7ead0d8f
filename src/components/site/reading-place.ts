/** The reader's exact place in a chapter, described so that the same place can be found in the other language's page. */

/**
 * What both editions of a chapter hold in the same order: the same headings, worked examples,
 * workspaces, notes, figures and answers (tests/content/parity.test.ts keeps them equal).
 */
const LANDMARKS = [
  'h2',
  'h3',
  'h4',
  'figure',
  'aside.note',
  'details.answer',
  'tal-workspace',
  'pre[data-language="python"]',
].join(', ');

/** A place: a landmark, found by the heading before it and its rank among its kind since, and how far past it. */
export interface ReadingPlace {
  /** Index of the last heading at or before the landmark (-1 before the first). */
  heading: number;
  /** The landmark's kind (a tag name, or `heading` for the heading itself). */
  kind: string;
  /** Its rank among landmarks of its kind since that heading. */
  rank: number;
  /** How far the reference line is from the landmark towards the next one, from 0 to 1. */
  fraction: number;
}

interface Landmark {
  element: Element;
  heading: number;
  kind: string;
  rank: number;
}

function kindOf(element: Element): string {
  return /^H[2-4]$/.test(element.tagName) ? 'heading' : element.tagName.toLowerCase();
}

/** Every landmark of the chapter in document order, with its heading and rank. */
function landmarksOf(root: ParentNode): Landmark[] {
  const found: Landmark[] = [];
  let heading = -1;
  let ranks = new Map<string, number>();
  for (const element of root.querySelectorAll(LANDMARKS)) {
    // A landmark inside another (a code block in an answer) moves with it.
    if (element.parentElement?.closest(LANDMARKS)) continue;
    const kind = kindOf(element);
    if (kind === 'heading') {
      heading += 1;
      ranks = new Map();
    }
    const rank = ranks.get(kind) ?? 0;
    ranks.set(kind, rank + 1);
    found.push({ element, heading, kind, rank });
  }
  return found;
}

const topOf = (element: Element) => element.getBoundingClientRect().top;

/** Where landmark `index` starts and ends on screen: its top, and the next landmark's top (or its own bottom). */
function spanOf(
  marks: readonly { element: Element }[],
  index: number,
): { top: number; end: number } {
  const mark = marks[index];
  if (!mark) return { top: 0, end: 0 };
  const top = topOf(mark.element);
  const next = marks[index + 1];
  return {
    top,
    end: next ? topOf(next.element) : top + mark.element.getBoundingClientRect().height,
  };
}

/** The place at `line` pixels from the top of the viewport. */
export function placeAt(root: ParentNode, line: number): ReadingPlace | undefined {
  const marks = landmarksOf(root);
  let index = -1;
  for (const [i, mark] of marks.entries()) {
    if (topOf(mark.element) > line) break;
    index = i;
  }
  const mark = marks[index];
  if (!mark) return undefined;
  const { top, end } = spanOf(marks, index);
  const fraction = end > top ? Math.min(1, Math.max(0, (line - top) / (end - top))) : 0;
  return { heading: mark.heading, kind: mark.kind, rank: mark.rank, fraction };
}

/** How far to scroll (added to the current scroll position) to bring `place` to `line`; undefined if the page lacks it. */
export function scrollToPlace(
  root: ParentNode,
  place: ReadingPlace,
  line: number,
): number | undefined {
  const marks = landmarksOf(root);
  const index = marks.findIndex(
    (m) => m.heading === place.heading && m.kind === place.kind && m.rank === place.rank,
  );
  const mark = marks[index];
  if (!mark) return undefined;
  const { top, end } = spanOf(marks, index);
  return top + place.fraction * (end - top) - line;
}

/** Whether a value read back from storage is a place. */
export function isReadingPlace(value: unknown): value is ReadingPlace {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isInteger(v['heading']) &&
    typeof v['kind'] === 'string' &&
    Number.isInteger(v['rank']) &&
    typeof v['fraction'] === 'number' &&
    v['fraction'] >= 0 &&
    v['fraction'] <= 1
  );
}
