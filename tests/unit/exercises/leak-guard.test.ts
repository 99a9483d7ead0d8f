/** The leak guard finds held-back tests and private solutions in a built site, however they are embedded. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { findLeaks, secrets } from '../../../src/cli/leak-guard.ts';
import { loadExercise, publicBundle } from '../../../src/lib/exercises/exercise.ts';

const dirs: string[] = [];
function site(files: Record<string, string>): string {
  const dist = mkdtempSync(join(tmpdir(), 'tal-dist-'));
  dirs.push(dist);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  return dist;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const heap = loadExercise('timers-min-heap');
const heldBack = Object.values(heap.heldBack)[0] ?? '';
const solution = heap.solution['heap.ts'] ?? '';

test('public bundles of every exercise are clean', () => {
  const files = Object.fromEntries(
    ['timers-min-heap', 'loop-callback-errors', 'body-framing'].map((id) => [
      `exercises/${id}.json`,
      JSON.stringify(publicBundle(loadExercise(id))),
    ]),
  );
  expect(findLeaks(site(files))).toEqual([]);
});

test('a held-back test copied as a file, or inside JSON, is found by hash', () => {
  const dist = site({
    'copy.ts': heldBack,
    'exercises/x.json': JSON.stringify({ checks: { 'x/check/a.test.ts': heldBack } }),
  });
  const leaks = findLeaks(dist);
  expect(
    leaks.some((l) => l.startsWith('copy.ts contains timers-min-heap@') && l.endsWith('(hash)')),
  ).toBe(true);
  expect(
    leaks.some((l) => l.startsWith('exercises/x.json contains') && l.includes('held-back')),
  ).toBe(true);
});

test('a private solution highlighted into HTML is found by its text', () => {
  const html = solution
    .split('\n')
    .map((line) => `<span class="line">${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</span>`)
    .join('\n');
  const leaks = findLeaks(site({ 'page/index.html': `<pre>${html}</pre>` }));
  expect(leaks).toEqual([
    expect.stringMatching(/^page\/index\.html contains timers-min-heap@\w+ solution heap\.ts/),
  ]);
});

test('every held-back test and every private solution is on the list', () => {
  const labels = secrets().map((s) => s.label);
  expect(labels.some((l) => l.includes('timers-min-heap') && l.includes('solution heap.ts'))).toBe(
    true,
  );
  expect(labels.some((l) => l.includes('loop-rounds') && l.includes('held-back'))).toBe(true);
  expect(labels.some((l) => l.includes('loop-rounds') && l.includes('solution'))).toBe(false);
});
