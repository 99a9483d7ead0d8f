/** Opens the output pane's xterm terminal: its font and colours, the frame that crops it, and the plain-text copy screen readers read. */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

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
const theme = () => (document.documentElement.dataset['theme'] === 'dark' ? DARK : LIGHT);

export const FONT_SIZE = 13;
/**
 * xterm's rows are exactly one line box tall and clip what overflows. At its default (1.0) the
 * line box is the font's own height, so descenders (g, j, p, q, y) end on the row's last pixel and
 * lose their anti-aliased edge; 1.3 leaves two pixels or more of leading above and below each line.
 */
export const LINE_HEIGHT = 1.3;

/** The terminal and the elements around it in the pane. */
export interface OpenTerminal {
  terminal: Terminal;
  /** Crops the terminal to the lines written. */
  frame: HTMLElement;
  /** The output as plain text. */
  mirror: HTMLElement;
}

/** Creates the terminal inside `host`, following the page's light or dark theme. */
export function openTerminal(host: HTMLElement): OpenTerminal {
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
  new MutationObserver(() => (terminal.options.theme = theme())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  return { terminal, frame, mirror };
}
