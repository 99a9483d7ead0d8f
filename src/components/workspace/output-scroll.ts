/** How the output pane scrolls: it follows new output only from the bottom, and takes the wheel back from xterm. */
import type { Terminal } from '@xterm/xterm';

/** How close to the end (px) still counts as "at the bottom", for following new output. */
const BOTTOM_SLACK = 4;

/** Whether new output should scroll the pane to its end. */
export interface Follow {
  readonly on: boolean;
  /** Stops following until the reader scrolls to the bottom again. */
  reset(): void;
}

/**
 * Follow new output only when the reader is at the end of output that overflows the pane: a new
 * run starts at the top, so its first lines (often a table's header) are what the reader sees,
 * and a reader who scrolled up to read is not pulled away.
 */
export function followBottom(host: HTMLElement): Follow {
  let on = false;
  host.addEventListener(
    'scroll',
    () => {
      const overflows = host.scrollHeight > host.clientHeight;
      on = overflows && host.scrollTop + host.clientHeight >= host.scrollHeight - BOTTOM_SLACK;
    },
    { passive: true },
  );
  return {
    get on() {
      return on;
    },
    reset() {
      on = false;
    },
  };
}

/**
 * xterm's scrolling takes the wheel (and cancels it) even when it has nothing to scroll, as here,
 * where the terminal holds every line; kept from it, the wheel scrolls the pane, or the page at
 * the pane's ends. Past its row limit the terminal does scroll, and gets the wheel back.
 */
export function wheelToPane(host: HTMLElement, terminal: Terminal): void {
  host.addEventListener(
    'wheel',
    (event) => {
      if (terminal.buffer.active.baseY === 0) event.stopPropagation();
    },
    { capture: true, passive: true },
  );
}
