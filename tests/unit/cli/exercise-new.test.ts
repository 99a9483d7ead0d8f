/** exercise:new scaffolds an exercise that loads: its gap is a cut of the step, not copies. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { scaffold } from '../../../src/cli/exercise-new.ts';
import { loadExercise, ROOTS } from '../../../src/lib/exercises/exercise.ts';

test('a scaffolded exercise loads, with its starter cut from the step and no copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-exercise-new-'));
  try {
    const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
    cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
    const folder = scaffold(
      'timers-later',
      { step: '02-timers', file: 'ioloop.ts', gap: 'callLater' },
      roots,
    );
    expect(existsSync(join(folder, 'starter'))).toBe(false);
    const exercise = loadExercise('timers-later', roots);
    expect(exercise.data.cut).toEqual({ file: 'ioloop.ts', symbol: 'callLater' });
    expect(exercise.starter['ioloop.ts']).toContain('TODO(timers-later): implement callLater');
    expect(() =>
      scaffold(
        'timers-nothing',
        { step: '02-timers', file: 'ioloop.ts', gap: 'noSuchMethod' },
        roots,
      ),
    ).toThrow(/no function or method named noSuchMethod/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
