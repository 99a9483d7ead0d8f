/** The leak guard finds held-back tests and private solutions in a built site in any file type, whole or in part, reformatted, compressed or minified. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterEach, expect, test } from 'vitest';
import {
  findLeaks,
  normalise,
  publishedText,
  secretOf,
  secrets,
} from '../../../src/cli/leak-guard.ts';
import {
  exerciseIds,
  loadExercise,
  publicBundle,
  runtimeTree,
  snapshotOf,
} from '../../../src/lib/exercises/exercise.ts';
import { secretImports } from '../../../src/integrations/secret-imports.ts';

const dirs: string[] = [];
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tal-dist-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const rounds = snapshotOf(loadExercise('loop-rounds'));
const [heldBackName, heldBack] = Object.entries(rounds.heldBack)[0] ?? ['', ''];
const label = `loop-rounds@${rounds.pin} held-back ${heldBackName}`;
const list = secrets();
const foundIn = (dist: string) => [
  ...new Set(
    findLeaks(dist, list)
      .filter((leak) => leak.includes(label))
      .map((leak) => leak.split(' ')[0]),
  ),
];

/** Every line of `text` with its indentation changed and its quotes swapped. */
const reformatted = (text: string) =>
  text
    .split('\n')
    .map((line) => `\t${line.trim().replace(/'/g, '"')}`)
    .join('\r\n');

test('public bundles of every exercise are clean', () => {
  const files = Object.fromEntries(
    ['timers-min-heap', 'loop-callback-errors', 'body-framing', 'loop-rounds'].map((id) => [
      `exercises/${id}.json`,
      JSON.stringify(publicBundle(loadExercise(id))),
    ]),
  );
  expect(findLeaks(folder(files), list)).toEqual([]);
});

test('every held-back test has fingerprints, and no public file shares one', () => {
  const held = list.filter((s) => s.label.includes(' held-back '));
  expect(held.length).toBeGreaterThanOrEqual(13);
  for (const secret of held)
    expect(secret.lines.length + secret.literals.length).toBeGreaterThan(0);
});

test('a held-back test is found in every form and every file type', () => {
  const middle = heldBack.split('\n').slice(8, 14).join('\n');
  const json = JSON.stringify({ checks: { 'x/check/a.test.ts': heldBack } });
  const html = heldBack
    .split('\n')
    .map((l) => `<span class="line">${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</span>`)
    .join('\n');
  const dist = folder({
    'copy.ts': heldBack,
    'data/bundle.json': json,
    'page/index.html': `<pre>${html}</pre>`,
    'reformatted.js': reformatted(heldBack),
    'partial.txt': middle,
    'style.css': `/* ${heldBack} */ body { color: red }`,
    'icon.svg': `<svg xmlns="http://www.w3.org/2000/svg"><desc>${html}</desc></svg>`,
    'app.js.map': JSON.stringify({ version: 3, sources: ['a.ts'], sourcesContent: [heldBack] }),
    'app.js.gz': gzipSync(heldBack),
    'app.js.br': brotliCompressSync(Buffer.from(heldBack)),
    'pagefind/fragment/en_1.pf_fragment': gzipSync(json),
    'clean.txt': 'nothing to see',
  });
  expect(foundIn(dist).sort()).toEqual(
    [
      'app.js.br',
      'app.js.gz',
      'app.js.map',
      'copy.ts',
      'data/bundle.json',
      'icon.svg',
      'page/index.html',
      'pagefind/fragment/en_1.pf_fragment',
      'partial.txt',
      'reformatted.js',
      'style.css',
    ].sort(),
  );
});

test('a held-back test bundled and minified by Vite is still found by its strings', async () => {
  const project = folder({
    ...runtimeTree(rounds, rounds.solution),
    'main.ts': `import './loop-rounds/check/${heldBackName}';\n`,
  });
  await build({
    root: project,
    logLevel: 'silent',
    configFile: false,
    build: {
      outDir: join(project, 'out'),
      minify: true,
      rollupOptions: { input: join(project, 'main.ts') },
      lib: { entry: join(project, 'main.ts'), formats: ['es'], fileName: 'bundle' },
    },
  });
  const out = join(project, 'out');
  expect(readdirSync(out).length).toBeGreaterThan(0);
  const leaks = findLeaks(out, list).filter((l) => l.includes(label));
  expect(leaks.length).toBeGreaterThan(0);
  expect(leaks.some((l) => l.includes('(string '))).toBe(true);
}, 60_000);

test('a private solution is found even in part, while its public starter lines are not fingerprints', () => {
  const starter = rounds.bundle.exercise.starter['ioloop.ts'] ?? '';
  const solution = `${starter}\nexport function secretSieve(limit: number): number[] {\n  const composite = new Uint8Array(limit + 1);\n  for (let candidate = 2; candidate * candidate <= limit; candidate++) {\n    if (!composite[candidate]) for (let multiple = candidate * candidate; multiple <= limit; multiple += candidate) composite[multiple] = 1;\n  }\n  throw new Error('sieve finished without the expected answer');\n}\n`;
  const secret = secretOf('x solution ioloop.ts', solution, normalise(starter));
  expect(secret.lines.every((line) => !normalise(starter).includes(line))).toBe(true);
  expect(secret.lines.length).toBeGreaterThan(0);
  const dist = folder({
    'step.js': starter,
    'leak.js': reformatted(solution.split('\n').slice(-4).join('\n')),
  });
  const leaks = findLeaks(dist, [secret]);
  expect(leaks.length).toBeGreaterThan(0);
  expect(leaks.every((leak) => leak.startsWith('leak.js contains x solution'))).toBe(true);
});

test('a step line with a comparison is public: a < and a later > never hide it as a tag', () => {
  const step =
    'while ((this.queue[0]?.end ?? Infinity) <= this.sentBytes) {\n  this.queue.shift();\n}\nconst x: Array<number> = [];\n';
  const solution = `${step}export function secretWork(): string {\n  return 'worked out only in the solution file';\n}\n`;
  const secret = secretOf('x solution iostream.ts', solution, publishedText([step]));
  expect(secret.lines.some((line) => line.includes('Infinity'))).toBe(false);
  expect(secret.lines.some((line) => line.includes('workedoutonly'))).toBe(true);
  // Normalised as one text, the same step lost its first line to a made-up tag.
  const blob = secretOf('x', solution, normalise(step));
  expect(blob.lines.some((line) => line.includes('Infinity'))).toBe(true);
});

test('a message quoted in the instructions is public, so it is no fingerprint', () => {
  const instructions = exerciseIds().map((id) =>
    normalise(readFileSync(join('content/exercises', id, 'exercise.md'), 'utf8')),
  );
  const all = secrets();
  // The redirect exercise quotes the message its held-back tests and solution use.
  expect(instructions.some((md) => md.includes(normalise('Cannot redirect after headers')))).toBe(
    true,
  );
  for (const secret of all) {
    for (const literal of secret.literals) {
      expect(
        instructions.some((md) => md.includes(literal)),
        `${secret.label}: ${literal}`,
      ).toBe(false);
    }
  }
});

test('a page or script that imports a held-back test fails the build', async () => {
  const secretFile = resolve('content/exercises/loop-rounds/tests/held-back', heldBackName);
  for (const spec of [secretFile, `${secretFile}?raw`]) {
    const project = folder({
      'main.js': `import x from ${JSON.stringify(spec)};\nconsole.log(x);\n`,
    });
    await expect(
      build({
        root: project,
        logLevel: 'silent',
        configFile: false,
        plugins: [secretImports(resolve('content/exercises'))],
        build: {
          outDir: join(project, 'out'),
          lib: { entry: join(project, 'main.js'), formats: ['es'], fileName: 'bundle' },
        },
      }),
    ).rejects.toThrow(
      /is a held-back test or a private solution: it must never be part of the site/,
    );
  }
}, 60_000);
