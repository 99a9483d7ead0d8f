/** A plain textarea that takes the reader's keystrokes the moment they click the code, while the real editor loads. */

/** Where the reader was in the interim editor when the real one took over. */
export interface InterimCaret {
  file: string;
  line: number;
  column: number;
  focused: boolean;
}

/** The textarea standing in for the editor of one file. */
export interface InterimEditor {
  readonly file: string;
  /** Replaces the text (a reset or an import while the editor loads). */
  setText(text: string): void;
  /** Removes the textarea and says where the caret was, so the real editor can continue there. */
  dispose(): InterimCaret;
}

/**
 * The character offset in `pre`'s text under the point (x, y), if the point is on its text.
 * A highlighted `<pre>` is spans of the source, so its text content is the file.
 */
export function offsetAtPoint(pre: HTMLElement, x: number, y: number): number | undefined {
  const doc = pre.ownerDocument;
  let node: Node | null = null;
  let offset = 0;
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    node = position?.offsetNode ?? null;
    offset = position?.offset ?? 0;
  } else if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    node = range?.startContainer ?? null;
    offset = range?.startOffset ?? 0;
  }
  if (!node || !pre.contains(node)) return undefined;
  const before = doc.createRange();
  before.setStart(pre, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

/** Line and column (both from 1) of a character offset, as editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Options for startInterim. */
export interface InterimOptions {
  /** The server-rendered view of the file the textarea replaces while it lives. */
  view: HTMLElement;
  file: string;
  text: string;
  /** Where to put the caret (a character offset), e.g. where the reader clicked. */
  caret: number;
  label: string;
  focus: boolean;
  onInput(text: string): void;
}

/** Replaces a file's static view with a textarea holding its text, focused at the caret. */
export function startInterim(options: InterimOptions): InterimEditor {
  const { view, file } = options;
  const area = view.ownerDocument.createElement('textarea');
  area.className = 'ws-plain ws-interim';
  area.spellcheck = false;
  area.autocapitalize = 'off';
  area.value = options.text;
  area.setAttribute('aria-label', options.label);
  // Keep the height the reader was looking at, so nothing under the code jumps.
  area.style.height = `${Math.max(view.offsetHeight, 96)}px`;
  area.addEventListener('input', () => options.onInput(area.value));
  view.hidden = true;
  view.after(area);
  const at = Math.min(Math.max(options.caret, 0), area.value.length);
  area.setSelectionRange(at, at);
  if (options.focus) area.focus({ preventScroll: true });
  return {
    file,
    setText(text) {
      if (area.value !== text) area.value = text;
    },
    dispose() {
      const focused = area.ownerDocument.activeElement === area;
      const caret = { file, focused, ...lineAndColumn(area.value, area.selectionStart) };
      area.remove();
      return caret;
    },
  };
}
