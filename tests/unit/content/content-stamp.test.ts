/** Chapter HTML cached by Astro is dropped when the steps or the code that renders chapters change. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refreshContentCache } from '../../../src/lib/content/content-stamp.ts';

describe('refreshContentCache', () => {
  it('keeps the data store while its inputs are unchanged and drops it when one changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'tal-stamp-'));
    const cacheDir = join(root, 'cache');
    const step = join(root, 'sandboxes', '02-timers');
    mkdirSync(step, { recursive: true });
    writeFileSync(join(step, 'ioloop.ts'), 'one');
    const options = { cacheDir, inputs: [join(root, 'sandboxes'), join(root, 'missing')] };
    expect(refreshContentCache(options)).toBe(true);
    writeFileSync(join(cacheDir, 'data-store.json'), '{}');
    expect(refreshContentCache(options)).toBe(false);
    expect(existsSync(join(cacheDir, 'data-store.json'))).toBe(true);
    writeFileSync(join(step, 'ioloop.ts'), 'two');
    expect(refreshContentCache(options)).toBe(true);
    expect(existsSync(join(cacheDir, 'data-store.json'))).toBe(false);
    expect(readFileSync(join(cacheDir, 'tal-content-stamp'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
  });
});
