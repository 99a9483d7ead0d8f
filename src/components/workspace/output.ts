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
import { LineWidths } from './output-cells.ts';
import { fitTerminal } from './output-fit.ts';
import { followBottom, wheelToPane } from './output-scroll.ts';
import { openTerminal } from './output-terminal.ts';

/** Where a run's output goes. */
export interface OutputView {
  write(text: string, stream: 'stdout' | 'stderr'): void;
  clear(): void;
  /** Everything written since the last clear, without colours (for tests and copying). */
  readonly text: string;
}

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC; that is what we strip.
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/** Creates the terminal inside `host`. */
export function createOutput(host: HTMLElement): OutputView {
  const opened = openTerminal(host);
  const { terminal, mirror } = opened;
  const widths = new LineWidths();
  const fit = fitTerminal(opened, host, widths);
  const follow = followBottom(host);
  wheelToPane(host, terminal);
  new ResizeObserver(() => fit.layout()).observe(host);

  // Writes wait for the next frame and go to xterm together, so a flood of small writes costs one
  // resize and one write per frame.
  let pending = '';
  let plain = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const text = pending;
    pending = '';
    fit.growFor(text);
    terminal.write(text, () => {
      fit.layout();
      if (follow.on) host.scrollTop = host.scrollHeight;
    });
    mirror.textContent = plain;
  };
  fit.layout();
  return {
    write(text, stream) {
      const coloured = stream === 'stderr' ? `\x1b[31m${text}\x1b[0m` : text;
      pending += coloured;
      const stripped = text.replace(ANSI_COLOUR, '');
      plain += stripped;
      widths.track(stripped);
      host.dataset['lines'] = String(plain.split('\n').length - 1);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    clear() {
      pending = '';
      plain = '';
      widths.reset();
      follow.reset();
      host.dataset['lines'] = '0';
      mirror.textContent = '';
      terminal.reset();
      fit.shrink();
      host.scrollTop = 0;
      host.scrollLeft = 0;
    },
    get text() {
      return plain;
    },
  };
}
