/**
 * The output pane: an xterm terminal (ANSI colours), written in batches so floods cannot stall the
 * page.
 *
 * The terminal never scrolls itself: it gets a row for every line and a column for every character
 * of the longest line, and the pane around it (`.ws-output`, see workspace.css) is an ordinary
 * scrolling box. So the pane grows with a run's output up to its maximum height, long lines scroll
 * sideways instead of breaking mid-word, and the reader scrolls it like any other box: wheel,
 * touch, scrollbars, and the keyboard once it has focus.
 *
 * Assistive technology reads a plain-text copy of the output in the same pane, not xterm's screen
 * reader mode: that mode keeps a row element per terminal row and measures each one as it is
 * written, which with a row per line made a 5,000-line flood take 12 s of main thread instead of
 * well under one.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

/** Where a run's output goes. */
export interface OutputView {
  write(text: string, stream: 'stdout' | 'stderr'): void;
  clear(): void;
  /** Everything written since the last clear, without colours (for tests and copying). */
  readonly text: string;
}

const LIGHT = {
  background: '#f6f8fa',
  foreground: '#1b1f24',
  cursor: '#f6f8fa',
  selectionBackground: '#b6d7ff',
};
const DARK = {
  background: '#161b22',
  foreground: '#e6e9ed',
  cursor: '#161b22',
  selectionBackground: '#264f78',
};
// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC; that is what we strip.
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
const theme = () => (document.documentElement.dataset['theme'] === 'dark' ? DARK : LIGHT);

const FONT_SIZE = 13;
/**
 * xterm's rows are exactly one line box tall and clip what overflows. At its default (1.0) the
 * line box is the font's own height, so descenders (g, j, p, q, y) end on the row's last pixel and
 * lose their anti-aliased edge; 1.3 leaves two pixels or more of leading above and below each line.
 */
const LINE_HEIGHT = 1.3;
/** Wider lines wrap: beyond this, scrolling sideways to read one line costs more than a wrap. */
const MAX_COLS = 240;
/**
 * Rows the terminal may render before it scrolls its own scrollback. The worker runtime stops a
 * program after 5,000 lines, so only a WebContainer flood gets this far.
 */
const MAX_ROWS = 6000;
/** How close to the end (px) still counts as "at the bottom", for following new output. */
const BOTTOM_SLACK = 4;

/** Cells a character takes: two for East Asian wide characters and emoji, none for controls. */
function cellWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** Creates the terminal inside `host`. */
export function createOutput(host: HTMLElement): OutputView {
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    scrollback: 5000,
    rows: 1,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    // ANSI red (stderr) and yellow (type errors) are too faint on these backgrounds; xterm darkens
    // or lightens any colour that falls short of WCAG AA. Dim text is styled in workspace.css.
    minimumContrastRatio: 4.5,
    theme: theme(),
  });
  // The frame is as tall as the written lines: the row the cursor waits on, and the spare rows
  // kept so the terminal need not re-render on every line, are cut off.
  const frame = document.createElement('div');
  frame.className = 'ws-output__frame';
  host.append(frame);
  terminal.open(frame);
  // The pane scrolls, so keyboard readers must be able to reach it; the terminal's own input
  // field takes nothing (stdin is off) and would only be a second, silent stop.
  host.tabIndex = 0;
  terminal.textarea?.setAttribute('tabindex', '-1');
  // What the terminal draws is for the eyes; the text below is what a screen reader reads.
  terminal.element?.setAttribute('aria-hidden', 'true');
  // A plain-text copy of the output: read by screen readers (workspace.css hides it from view),
  // and used by tests.
  const mirror = document.createElement('pre');
  mirror.className = 'ws-output-text';
  host.append(mirror);

  // The size of one cell, read from what xterm laid out (it measures the font itself). Only right
  // after a render: xterm defers a resize while the terminal is off screen, and until it renders
  // the screen still has the old size.
  let cell = { width: FONT_SIZE * 0.6, height: Math.ceil(FONT_SIZE * 1.2 * LINE_HEIGHT) };
  const measure = () => {
    const screen = terminal.element?.querySelector<HTMLElement>('.xterm-screen');
    const box = screen?.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) {
      cell = { width: box.width / terminal.cols, height: box.height / terminal.rows };
    }
  };

  // The widest line since the last clear, in cells, and the width of the line being written.
  let widest = 0;
  let column = 0;
  const track = (text: string) => {
    for (const char of text) {
      if (char === '\n') column = 0;
      else if (char === '\r') column = 0;
      else if (char === '\t') column = (Math.floor(column / 8) + 1) * 8;
      else column += cellWidth(char.codePointAt(0) ?? 0);
      if (column > widest) widest = column;
    }
  };
  const fitCols = () => {
    const style = getComputedStyle(host);
    const inner = host.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(20, Math.floor(inner / cell.width));
  };
  /** Lines with something on them (the cursor waits at the start of the next one). */
  const usedLines = () => {
    const buffer = terminal.buffer.active;
    return buffer.baseY + buffer.cursorY + (buffer.cursorX > 0 ? 1 : 0);
  };
  const resize = (cols: number, rows: number) => {
    if (cols !== terminal.cols || rows !== terminal.rows) terminal.resize(cols, rows);
  };
  const fitFrame = () => {
    frame.style.height = `${Math.min(usedLines(), terminal.rows) * cell.height}px`;
  };
  /** Fits the columns to the pane or the widest line, and the frame to the lines written. */
  const layout = () => {
    const cols = Math.min(MAX_COLS, Math.max(fitCols(), widest));
    // Lines pushed into xterm's scrollback come back when it gets more rows.
    const buffer = terminal.buffer.active;
    const rows = Math.min(MAX_ROWS, Math.max(terminal.rows, buffer.baseY + buffer.cursorY + 1));
    resize(cols, rows);
    fitFrame();
  };
  terminal.onRender(() => {
    measure();
    fitFrame();
  });

  // Follow new output only when the reader is at the end of output that overflows the pane: a new
  // run starts at the top, so its first lines (often a table's header) are what the reader sees,
  // and a reader who scrolled up to read is not pulled away.
  let follow = false;
  host.addEventListener(
    'scroll',
    () => {
      const overflows = host.scrollHeight > host.clientHeight;
      follow = overflows && host.scrollTop + host.clientHeight >= host.scrollHeight - BOTTOM_SLACK;
    },
    { passive: true },
  );

  // xterm's scrolling takes the wheel (and cancels it) even when it has nothing to scroll, as here,
  // where the terminal holds every line; kept from it, the wheel scrolls the pane, or the page at
  // the pane's ends. Past MAX_ROWS the terminal does scroll, and gets the wheel back.
  host.addEventListener(
    'wheel',
    (event) => {
      if (terminal.buffer.active.baseY === 0) event.stopPropagation();
    },
    { capture: true, passive: true },
  );

  new ResizeObserver(() => layout()).observe(host);
  new MutationObserver(() => (terminal.options.theme = theme())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  let pending = '';
  let plain = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const text = pending;
    pending = '';
    // Widen and lengthen before writing, so nothing wraps or scrolls inside the terminal; grow by
    // half again at least, so a stream of lines re-renders the terminal a few times, not per line.
    const newLines = text.split('\n').length - 1;
    const needed = usedLines() + newLines + 1;
    const rows =
      needed > terminal.rows
        ? Math.min(MAX_ROWS, Math.max(needed, Math.ceil(terminal.rows * 1.5)))
        : terminal.rows;
    resize(Math.min(MAX_COLS, Math.max(fitCols(), widest)), rows);
    terminal.write(text, () => {
      layout();
      if (follow) host.scrollTop = host.scrollHeight;
    });
    mirror.textContent = plain;
  };
  layout();
  return {
    write(text, stream) {
      const coloured = stream === 'stderr' ? `\x1b[31m${text}\x1b[0m` : text;
      pending += coloured;
      const stripped = text.replace(ANSI_COLOUR, '');
      plain += stripped;
      track(stripped);
      host.dataset['lines'] = String(plain.split('\n').length - 1);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    clear() {
      pending = '';
      plain = '';
      widest = 0;
      column = 0;
      follow = false;
      host.dataset['lines'] = '0';
      mirror.textContent = '';
      terminal.reset();
      // Back to one row: rows a flood left behind would otherwise be re-rendered on every resize.
      resize(fitCols(), 1);
      fitFrame();
      host.scrollTop = 0;
      host.scrollLeft = 0;
    },
    get text() {
      return plain;
    },
  };
}
