/** Scaffolds an exercise: `exercise:new <id> --step NN-slug --file x.ts --gap symbol`. */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOTS } from '../lib/exercises/exercise.ts';
import { cutGap } from '../lib/exercises/gap.ts';

/** Creates content/exercises/<id>/ and returns the folder. */
export function scaffold(
  id: string,
  options: { step: string; file: string; gap: string },
  roots = ROOTS,
): string {
  if (!/^[a-z][a-z0-9-]{2,48}$/.test(id)) throw new Error(`"${id}" is not a kebab-case id`);
  const dir = join(roots.exercises, id);
  if (existsSync(dir)) throw new Error(`${dir} exists already`);
  const stepDir = join(roots.sandboxes, options.step);
  const original = readFileSync(join(stepDir, options.file), 'utf8');
  // Fail now, not at the first build, when the gap is not a function of the file.
  cutGap(original, options.gap, `TODO(${id}): implement ${options.gap}`);
  for (const sub of ['tests/visible', 'tests/held-back']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  // Start from the step's own checks; keep the ones that exercise the gap.
  const checks = join(stepDir, 'check');
  for (const name of existsSync(checks) ? readdirSync(checks) : []) {
    if (name.endsWith('.test.ts'))
      copyFileSync(join(checks, name), join(dir, 'tests/visible', name));
  }
  writeFileSync(
    join(dir, 'tests/held-back', `${id}.test.ts`),
    [
      "import { test } from '../../_template/testing.ts';",
      '',
      "test('held-back tests are still to be written', () => {",
      `  throw new Error('TODO(${id}): write held-back tests');`,
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'exercise.md'),
    [
      '---',
      `id: ${id}`,
      'version: 1',
      `title: { zh: '${id}', en: '${id}' }`,
      `step: ${options.step}`,
      `editable: [${options.file}]`,
      `cut: { file: ${options.file}, symbol: '${options.gap}' }`,
      'hints:',
      `  - { zh: '先读 ${options.gap} 的注释。', en: 'Start from the comment above ${options.gap}.' }`,
      'points: { visible: 1, heldBack: 1 }',
      'timeLimitMs: 5000',
      'kind: practice',
      '# easy, medium or hard: how much the exercise asks.',
      'difficulty: medium',
      '---',
      '',
      '<!-- zh -->',
      '',
      `实现 \`${options.gap}\`。`,
      '',
      '<!-- en -->',
      '',
      `Implement \`${options.gap}\`.`,
      '',
    ].join('\n'),
  );
  return dir;
}

/** Entry point of `exercise:new`. */
export function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { step: { type: 'string' }, file: { type: 'string' }, gap: { type: 'string' } },
  });
  const id = positionals[0];
  if (!id || !values.step || !values.file || !values.gap) {
    process.stderr.write(
      'usage: exercise:new <id> --step NN-slug --file file.ts --gap functionName\n',
    );
    return 2;
  }
  const dir = scaffold(id, { step: values.step, file: values.file, gap: values.gap });
  process.stdout.write(
    `created ${dir}\nnext: edit exercise.md, keep only the tests/visible/ tests that go through the gap, write tests/held-back/, then npm run exercise:check (it names every test the untouched starter passes)\n`,
  );
  return 0;
}
