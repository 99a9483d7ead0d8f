/** Type-checks exercises as the learner's editor sees them: each solution and its tests under the steps' strict compiler options, each starter with unused names allowed (a stub ignores its parameters). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  loadExercise,
  ROOTS,
  runtimeTree,
  snapshotOf,
  type ContentRoots,
} from '../lib/exercises/exercise.ts';

/** The compiler options every step is checked with (`content/sandboxes/_template/tsconfig.json`). */
function stepOptions(roots: ContentRoots): Record<string, unknown> {
  const config = JSON.parse(
    readFileSync(join(roots.sandboxes, '_template', 'tsconfig.json'), 'utf8'),
  ) as { compilerOptions: Record<string, unknown> };
  return config.compilerOptions;
}

/** Type errors by exercise id: the solutions and tests strictly, the starters without the unused-name rules. */
export function typeProblems(ids: string[], roots: ContentRoots = ROOTS): Map<string, string[]> {
  // Nothing left to type-check (every named exercise already failed its runs) is not an error.
  if (ids.length === 0) return new Map();
  const tsc = join(
    dirname(createRequire(import.meta.url).resolve('typescript')),
    '..',
    'bin',
    'tsc',
  );
  const root = mkdtempSync(join(tmpdir(), 'tal-exercise-types-'));
  const problems = new Map<string, string[]>();
  try {
    const exercises = ids.map((id) => loadExercise(id, roots));
    for (const tier of ['solution', 'starter'] as const) {
      const dir = join(root, tier);
      for (const exercise of exercises) {
        const tree = runtimeTree(snapshotOf(exercise), exercise[tier]);
        for (const [path, text] of Object.entries(tree)) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
      }
      const compilerOptions = {
        ...stepOptions(roots),
        ...(tier === 'starter' ? { noUnusedLocals: false, noUnusedParameters: false } : {}),
      };
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions, include: ['**/*.ts'] }),
      );
      let output = '';
      try {
        // Run inside the folder, so each error names `<id>/<file>`, never the temporary path.
        execFileSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], {
          cwd: dir,
          encoding: 'utf8',
        });
      } catch (error) {
        output = String((error as { stdout?: unknown }).stdout ?? error);
      }
      for (const line of output.split('\n').filter((l) => /^\S+\.ts\(\d+,\d+\): error/.test(l))) {
        // `<id>/…` names the exercise; an error in the shared template is everyone's.
        const first = line.split('/')[0] ?? '';
        const id = ids.includes(first) ? first : (ids[0] ?? '');
        problems.set(id, [...(problems.get(id) ?? []), `${tier}: ${line}`]);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return problems;
}
