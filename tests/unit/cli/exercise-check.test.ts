/** exercise:check runs the untouched starter against the visible and held-back tests and names each one it passes, since such a test gives points for no work. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { checkExercise } from '../../../src/cli/exercise-check.ts';
import { ROOTS, type ContentRoots } from '../../../src/lib/exercises/exercise.ts';

const ID = 'loop-rounds';
const dirs: string[] = [];

/** A copy of the real loop-rounds exercise and the steps it needs, with `files` written over it. */
function copyOfLoopRounds(files: Record<string, string>): ContentRoots {
  const dir = mkdtempSync(join(tmpdir(), 'tal-exercise-check-'));
  dirs.push(dir);
  const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
  cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
  cpSync(join(ROOTS.exercises, ID), join(roots.exercises, ID), { recursive: true });
  if (Object.keys(files).some((path) => /^(starter|solution)\//.test(path))) {
    // Own starter/solution files replace the gap the exercise derives from its step.
    const md = join(roots.exercises, ID, 'exercise.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace(/^cut: .*\n/m, ''));
    const step = readFileSync(join(roots.sandboxes, '01-callbacks', 'ioloop.ts'), 'utf8');
    files = { 'solution/ioloop.ts': step, ...files };
  }
  for (const [path, text] of Object.entries(files)) {
    const file = join(roots.exercises, ID, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  return roots;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Neither test calls start(), the gap of loop-rounds, so the untouched starter passes both.
const freePoint = (name: string) =>
  "import { assert, test } from '../../_template/testing.ts';\n" +
  "import { IOLoop } from '../ioloop.ts';\n\n" +
  `test('${name}', () => {\n` +
  '  const loop = new IOLoop();\n' +
  '  assert.equal(IOLoop.current(), loop);\n' +
  '});\n';

test('a visible or held-back test that the untouched starter passes is named as a problem', async () => {
  const roots = copyOfLoopRounds({
    'tests/visible/free-visible.test.ts': freePoint('the newest loop is the current one'),
    'tests/held-back/free-held-back.test.ts': freePoint('IOLoop.current() is the loop made last'),
  });
  const check = await checkExercise(ID, 1, roots);
  expect(check).toEqual({
    id: ID,
    problems: [
      'the untouched starter passes "the newest loop is the current one" ' +
        `(${ID}/check/free-visible.test.ts): it earns points for no work`,
      'the untouched starter passes "IOLoop.current() is the loop made last" ' +
        `(${ID}/check/free-held-back.test.ts): it earns points for no work`,
    ],
  });
}, 60_000);

test('a starter run that does not end ok is a problem, though the solution passes', async () => {
  // A starter that does not compile crashes the run before any test can fail.
  const roots = copyOfLoopRounds({ 'starter/ioloop.ts': 'export class IOLoop {\n' });
  const check = await checkExercise(ID, 1, roots);
  expect(check.problems).toHaveLength(1);
  expect(check.problems[0]).toMatch(/^the untouched starter run did not end ok: crashed: /);
}, 60_000);

test('the real loop-rounds exercise has no problems', async () => {
  expect(await checkExercise(ID)).toEqual({ id: ID, problems: [] });
}, 60_000);
