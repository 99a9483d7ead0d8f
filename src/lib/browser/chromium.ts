/** Where the system Chromium lives and the flags it needs on a closed, headless machine. */

/** The Chromium binary the browser tests drive; `CHROMIUM_PATH` overrides Debian's default. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

/**
 * Without these flags Chromium keeps dialling Google services the machine cannot reach; the
 * sandbox flag is needed when tests run as root, as they do in CI.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
