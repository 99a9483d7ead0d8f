/** The output pane: an xterm terminal (ANSI colours), written in batches so floods cannot stall the page. */
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

/** Creates the terminal inside `host`. */
export function createOutput(host: HTMLElement): OutputView {
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    screenReaderMode: true,
    scrollback: 5000,
    rows: 14,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    fontSize: 13,
    theme: theme(),
  });
  terminal.open(host);
  // A plain-text copy of the output, for copying and for tests; xterm's own rows are canvas-like.
  const mirror = document.createElement('pre');
  mirror.className = 'ws-output-text';
  mirror.hidden = true;
  host.after(mirror);
  const fit = () => {
    const width = host.clientWidth;
    const cols = Math.max(20, Math.floor((width - 16) / 7.8));
    if (cols !== terminal.cols) terminal.resize(cols, terminal.rows);
  };
  fit();
  new ResizeObserver(fit).observe(host);
  new MutationObserver(() => (terminal.options.theme = theme())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  let pending = '';
  let plain = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    terminal.write(pending);
    pending = '';
    mirror.textContent = plain;
  };
  return {
    write(text, stream) {
      const coloured = stream === 'stderr' ? `\x1b[31m${text}\x1b[0m` : text;
      pending += coloured;
      plain += text.replace(ANSI_COLOUR, '');
      host.dataset['lines'] = String(plain.split('\n').length - 1);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
    clear() {
      pending = '';
      plain = '';
      host.dataset['lines'] = '0';
      mirror.textContent = '';
      terminal.reset();
    },
    get text() {
      return plain;
    },
  };
}
