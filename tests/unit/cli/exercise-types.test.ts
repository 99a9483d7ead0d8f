/** The exercise type check: a type error in a solution or a test is named by exercise and file, and a starter's unused stub parameters are not errors. */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { typeProblems } from '../../../src/cli/exercise-types.ts';
import { ROOTS } from '../../../src/lib/exercises/exercise.ts';

test('solutions and tests are checked strictly; starters may leave parameters unused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-types-'));
  try {
    const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
    cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
    for (const id of ['loop-rounds', 'timers-min-heap']) {
      cpSync(join(ROOTS.exercises, id), join(roots.exercises, id), { recursive: true });
    }
    // Both starters are stubs whose parameters go unused: no problem at all.
    expect(typeProblems(['loop-rounds', 'timers-min-heap'], roots)).toEqual(new Map());
    appendFileSync(
      join(roots.sandboxes, '02-timers', 'heap.ts'),
      "\nexport const n: number = 'x';\n",
    );
    const visible = join(roots.exercises, 'loop-rounds', 'tests', 'visible');
    appendFileSync(join(visible, 'ioloop.test.ts'), '\nconst neverRead = 1;\n');
    const problems = typeProblems(['loop-rounds', 'timers-min-heap'], roots);
    expect(problems.get('timers-min-heap')).toEqual([
      expect.stringMatching(/^solution: timers-min-heap\/heap\.ts\(\d+,\d+\): error TS2322/),
      expect.stringMatching(/^starter: timers-min-heap\/heap\.ts\(\d+,\d+\): error TS2322/),
    ]);
    expect(problems.get('loop-rounds')).toEqual([
      expect.stringMatching(
        /^solution: loop-rounds\/check\/ioloop\.test\.ts\(\d+,\d+\): error TS6133: 'neverRead'/,
      ),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test('nothing to type-check (every named exercise failed its runs already) is no problem and no crash', () => {
  expect(typeProblems([])).toEqual(new Map());
});
