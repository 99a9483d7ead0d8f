/** Fails fast, in one line, when the system Chromium that the browser tests drive is missing. */
import { accessSync, constants } from 'node:fs';
import { chromiumPath } from '../lib/browser/chromium.ts';

try {
  accessSync(chromiumPath(), constants.X_OK);
} catch {
  console.error(
    `No Chromium at ${chromiumPath()}: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
