/** The lint rule that keeps site code off tests/ and off a step's folders holds: a stray import fails `npm run lint`. */
import { ESLint } from 'eslint';
import { expect, test } from 'vitest';

const eslint = new ESLint();

/** The no-restricted-imports messages ESLint gives `code` if it were the file at `filePath`. */
async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

test('site code may not import a step folder or tests/, only the lesson entry', async () => {
  const file = 'src/lib/trace-view/model.ts';
  expect(
    await restricted(
      "import { HTTP1Parser } from '../../../content/sandboxes/08-bodies/http1-parser.ts';\nexport { HTTP1Parser };\n",
      file,
    ),
  ).toEqual([expect.stringContaining('through src/lib/lesson')]);
  expect(
    await restricted(
      "import { differences } from '../../../tests/fixtures/http-corpus/differences.ts';\nexport { differences };\n",
      file,
    ),
  ).toEqual([expect.stringContaining('never imports from tests/')]);
  expect(
    await restricted(
      "import { HTTP1Parser } from '../lesson/index.ts';\nexport { HTTP1Parser };\n",
      file,
    ),
  ).toEqual([]);
}, 120_000);

test('components and the CLI are held to the same boundary; the entry itself is not', async () => {
  const step =
    "import { IOLoop } from '../../../content/sandboxes/01-callbacks/ioloop.ts';\nexport { IOLoop };\n";
  expect(await restricted(step, 'src/components/timeline/timeline-element.ts')).toHaveLength(1);
  expect(await restricted(step.replace('../../../', '../../'), 'src/cli/step.ts')).toHaveLength(1);
  expect(await restricted(step, 'src/lib/lesson/index.ts')).toEqual([]);
}, 120_000);

test('only step-yaml.ts and the two frontmatter readers parse YAML', async () => {
  const code = "import { parse } from 'yaml';\nexport const x = parse('a: 1');\n";
  expect(await restricted(code, 'src/lib/content/step-bundle.ts')).toEqual([
    expect.stringContaining('step-yaml.ts alone'),
  ]);
  expect(await restricted(code, 'src/lib/content/step-yaml.ts')).toEqual([]);
}, 120_000);
