/** Sizes the output terminal to what it holds: a column per cell of the widest line, a row per line, and a frame cut to the lines written. */
import type { LineWidths } from './output-cells.ts';
import { FONT_SIZE, LINE_HEIGHT, type OpenTerminal } from './output-terminal.ts';

/** Wider lines wrap: beyond this, scrolling sideways to read one line costs more than a wrap. */
const MAX_COLS = 240;
/**
 * Rows the terminal may render before it scrolls its own scrollback. The worker runtime stops a
 * program after 5,000 lines, so only a WebContainer flood gets this far.
 */
const MAX_ROWS = 6000;

/** Keeps the terminal's size in step with the pane and the output. */
export interface TerminalFit {
  /** Fits the columns to the pane or the widest line, and the frame to the lines written. */
  layout(): void;
  /** Makes room for `text` before it is written, so nothing wraps or scrolls inside the terminal. */
  growFor(text: string): void;
  /** Back to one row: rows a flood left behind would otherwise be re-rendered on every resize. */
  shrink(): void;
}

/** Fits the terminal in `host`; `widths` tracks the lines written to it. */
export function fitTerminal(
  { terminal, frame }: OpenTerminal,
  host: HTMLElement,
  widths: LineWidths,
): TerminalFit {
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
  const fitCols = () => {
    const style = getComputedStyle(host);
    const inner = host.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(20, Math.floor(inner / cell.width));
  };
  const cols = () => Math.min(MAX_COLS, Math.max(fitCols(), widths.widest));
  /** Lines with something on them (the cursor waits at the start of the next one). */
  const usedLines = () => {
    const buffer = terminal.buffer.active;
    return buffer.baseY + buffer.cursorY + (buffer.cursorX > 0 ? 1 : 0);
  };
  const resize = (width: number, rows: number) => {
    if (width !== terminal.cols || rows !== terminal.rows) terminal.resize(width, rows);
  };
  const fitFrame = () => {
    frame.style.height = `${Math.min(usedLines(), terminal.rows) * cell.height}px`;
  };
  terminal.onRender(() => {
    measure();
    fitFrame();
  });
  return {
    layout() {
      const width = cols();
      // Lines pushed into xterm's scrollback come back when it gets more rows.
      const buffer = terminal.buffer.active;
      const rows = Math.min(MAX_ROWS, Math.max(terminal.rows, buffer.baseY + buffer.cursorY + 1));
      resize(width, rows);
      fitFrame();
    },
    growFor(text) {
      // Grow by half again at least, so a stream of lines re-renders the terminal a few times, not
      // per line.
      const newLines = text.split('\n').length - 1;
      const needed = usedLines() + newLines + 1;
      const rows =
        needed > terminal.rows
          ? Math.min(MAX_ROWS, Math.max(needed, Math.ceil(terminal.rows * 1.5)))
          : terminal.rows;
      resize(cols(), rows);
    },
    shrink() {
      resize(fitCols(), 1);
      fitFrame();
    },
  };
}
