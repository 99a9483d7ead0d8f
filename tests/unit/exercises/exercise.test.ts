/** Exercise format: frontmatter validation, pins, bundles without secrets, submissions and assignment links. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  assignmentHash,
  decodeAssignment,
  encodeAssignment,
  type Assignment,
} from '../../../src/lib/exercises/assignment.ts';
import {
  exerciseIds,
  filesHash,
  loadExercise,
  parseExerciseMd,
  publicBundle,
  ROOTS,
  snapshotOf,
} from '../../../src/lib/exercises/exercise.ts';
import { cutGap } from '../../../src/lib/exercises/gap.ts';
import {
  digestInput,
  makeSubmission,
  receiptCode,
  sha256Hex,
} from '../../../src/lib/exercises/submission.ts';

const md = (front: string) => `---\n${front}\n---\n<!-- zh -->\n中文\n<!-- en -->\nEnglish\n`;
const valid =
  'id: abc\nversion: 1\ntitle: { zh: 甲, en: A }\nstep: 01-callbacks\neditable: [ioloop.ts]\nkind: practice\ndifficulty: easy';

test('there are at least twelve exercises and each loads', () => {
  expect(exerciseIds().length).toBeGreaterThanOrEqual(12);
  for (const id of exerciseIds()) expect(loadExercise(id).data.id).toBe(id);
});

test('frontmatter: unknown keys, a missing language and bad ids are refused', () => {
  expect(parseExerciseMd(md(valid), 'x').data.timeLimitMs).toBe(5_000);
  expect(() => parseExerciseMd(md(`${valid}\npoints_: 3`), 'x')).toThrow(/points_/);
  expect(() => parseExerciseMd(md(valid.replace('abc', 'Bad Id')), 'x')).toThrow(/id/);
  expect(() => parseExerciseMd(`---\n${valid}\n---\n<!-- en -->\nonly English\n`, 'x')).toThrow(
    /zh/,
  );
});

test('frontmatter: a difficulty is required, and going further than a chapter names the Tornado code', () => {
  expect(() => parseExerciseMd(md(valid.replace('\ndifficulty: easy', '')), 'x')).toThrow(
    /difficulty/,
  );
  expect(() => parseExerciseMd(md(valid.replace('easy', 'trivial')), 'x')).toThrow(/difficulty/);
  expect(() => parseExerciseMd(md(`${valid}\nextends: 03-async-machinery`), 'x')).toThrow(
    /tornado.*names the Tornado code it rebuilds/,
  );
  const tornado = '\ntornado: [{ file: tornado/locks.py, tag: v6.2.0, symbol: Lock }]';
  const further = parseExerciseMd(md(`${valid}\nextends: 03-async-machinery${tornado}`), 'x');
  expect(further.data.extends).toBe('03-async-machinery');
  expect(further.data.tornado[0]?.symbol).toBe('Lock');
  // A file Tornado 6.2 does not have is refused, as in chapters.
  expect(() =>
    parseExerciseMd(md(`${valid}${tornado.replace('locks.py', 'no_such.py')}`), 'x'),
  ).toThrow(/not in that Tornado release/);
});

test('pins ignore file order and change with any public file', () => {
  expect(filesHash({ a: '1', b: '2' })).toBe(filesHash({ b: '2', a: '1' }));
  expect(filesHash({ a: '1', b: '2' })).not.toBe(filesHash({ a: '1', b: '3' }));
  expect(filesHash({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
});

test('a public bundle holds the starter and visible tests, never held-back tests or the solution', () => {
  const exercise = loadExercise('timers-min-heap');
  const text = JSON.stringify(publicBundle(exercise));
  for (const test of Object.values(exercise.heldBack))
    expect(text).not.toContain(JSON.stringify(test));
  expect(text).not.toContain(JSON.stringify(exercise.solution['heap.ts']));
  expect(text).toContain(JSON.stringify(exercise.starter['heap.ts']));
});

test('cutGap replaces exactly one body with a TODO', () => {
  const source =
    'class A {\n  f(): number {\n    return 1;\n  }\n\n  g(): number {\n    return 2;\n  }\n}\n';
  expect(cutGap(source, 'f', 'TODO(x): f')).toBe(
    "class A {\n  f(): number {\n    throw new Error('TODO(x): f');\n  }\n\n  g(): number {\n    return 2;\n  }\n}\n",
  );
  expect(() => cutGap(source, 'h', 'x')).toThrow(/no function/);
});

test('the digest ignores file order; the receipt is 12 base32 characters of it', async () => {
  const base = {
    assignment: { id: 'a', sourceHash: 'h' },
    student: { id: 's1', name: 'S' },
    createdAt: 'x',
  };
  const one = await makeSubmission({
    ...base,
    exercises: [{ id: 'e', pin: 'p', files: { 'a.ts': '1', 'b.ts': '2' }, claimed: null }],
  });
  const two = await makeSubmission({
    ...base,
    exercises: [{ id: 'e', pin: 'p', files: { 'b.ts': '2', 'a.ts': '1' }, claimed: null }],
  });
  expect(one.manifest.digest).toBe(two.manifest.digest);
  expect(one.manifest.digest).toBe(await sha256Hex(digestInput(one.manifest)));
  expect(one.manifest.receipt).toBe(receiptCode(one.manifest.digest));
  expect(one.manifest.receipt).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
  // 0xf8 = 11111 000: the first character is the 31st letter of the alphabet, '7'.
  expect(receiptCode(`f8${'0'.repeat(62)}`)).toBe('7AAA-AAAA-AAAA');
});

test('an assignment survives the round trip through the link fragment', async () => {
  const a: Assignment = {
    format: 1,
    id: 'cs-a1',
    title: '事件循环',
    due: '2026-12-01',
    notes: 'n',
    exercises: [{ id: 'loop-rounds', pin: '0123456789abcdef' }],
  };
  const back = await decodeAssignment(await encodeAssignment(a));
  expect(back).toEqual(a);
  expect(await assignmentHash(back)).toBe(await assignmentHash(a));
});

test('every exercise says whether it is practice or private; a missing kind is refused', () => {
  expect(() => parseExerciseMd(md(valid.replace('\nkind: practice', '')), 'x.md')).toThrow(
    /kind: /,
  );
  expect(() => parseExerciseMd(md(valid.replace('practice', 'secret')), 'x.md')).toThrow(/kind/);
  for (const id of exerciseIds())
    expect(['practice', 'private']).toContain(snapshotOf(loadExercise(id)).kind);
});

test('a private exercise whose solution is a step’s code is refused; one with its own answer loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-kind-'));
  try {
    const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
    cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
    cpSync(join(ROOTS.exercises, 'loop-rounds'), join(roots.exercises, 'loop-rounds'), {
      recursive: true,
    });
    const mdFile = join(roots.exercises, 'loop-rounds', 'exercise.md');
    writeFileSync(mdFile, readFileSync(mdFile, 'utf8').replace('kind: practice', 'kind: private'));
    // A gap cut from a step has the step's code as its solution: the chapters show it.
    expect(() => loadExercise('loop-rounds', roots)).toThrow(
      /kind: private, but cut makes the solution the step's code.*kind: practice/,
    );
    // The same solution kept as its own file is found in the steps all the same.
    const { starter, solution } = loadExercise('loop-rounds');
    writeFileSync(mdFile, readFileSync(mdFile, 'utf8').replace(/^cut: .*\n/m, ''));
    for (const [sub, files] of [
      ['starter', starter],
      ['solution', solution],
    ] as const) {
      mkdirSync(join(roots.exercises, 'loop-rounds', sub));
      writeFileSync(
        join(roots.exercises, 'loop-rounds', sub, 'ioloop.ts'),
        files['ioloop.ts'] ?? '',
      );
    }
    expect(() => loadExercise('loop-rounds', roots)).toThrow(
      /kind: private, but solution\/ioloop\.ts is step code \(content\/sandboxes\/\d\d-[a-z-]+\/ioloop\.ts has .*mark the exercise kind: practice/,
    );
    // An answer written nowhere on the site may be private.
    const solutionFile = join(roots.exercises, 'loop-rounds', 'solution', 'ioloop.ts');
    writeFileSync(
      solutionFile,
      `${starter['ioloop.ts'] ?? ''}\nexport const privateAnswerOnlyTheGraderKnows = 'forty-two, computed the long way';\n`,
    );
    expect(loadExercise('loop-rounds', roots).data.kind).toBe('private');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an exercise that declares cut takes its starter and solution from the step, and refuses copies beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-cut-'));
  try {
    const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
    cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
    cpSync(join(ROOTS.exercises, 'loop-rounds'), join(roots.exercises, 'loop-rounds'), {
      recursive: true,
    });
    // A change to the step reaches both the solution and the starter.
    const stepFile = join(roots.sandboxes, '01-callbacks', 'ioloop.ts');
    writeFileSync(stepFile, `// A change made in the step.\n${readFileSync(stepFile, 'utf8')}`);
    const { starter, solution } = loadExercise('loop-rounds', roots);
    expect(solution['ioloop.ts']).toBe(readFileSync(stepFile, 'utf8'));
    expect(starter['ioloop.ts']).toMatch(/^\/\/ A change made in the step\./);
    expect(starter['ioloop.ts']).toContain(
      "throw new Error('TODO(loop-rounds): implement start');",
    );
    expect(starter['ioloop.ts']).not.toContain('this.#running = true;');

    const mdFile = join(roots.exercises, 'loop-rounds', 'exercise.md');
    const md = readFileSync(mdFile, 'utf8');
    writeFileSync(mdFile, md.replace('symbol: start', 'symbol: stopp'));
    expect(() => loadExercise('loop-rounds', roots)).toThrow(
      /cut\.symbol: no function or method named stopp in 01-callbacks\/ioloop\.ts/,
    );
    writeFileSync(mdFile, md.replace('cut: { file: ioloop.ts', 'cut: { file: main.ts'));
    expect(() => loadExercise('loop-rounds', roots)).toThrow(
      /cut\.file "main\.ts" must be the one editable file/,
    );
    writeFileSync(mdFile, md);
    mkdirSync(join(roots.exercises, 'loop-rounds', 'solution'));
    expect(() => loadExercise('loop-rounds', roots)).toThrow(
      /solution\/ must not exist: cut derives it/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an exercise with its own starter may add a file the step lacks; extends must name a chapter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-new-file-'));
  try {
    const roots = { exercises: join(dir, 'exercises'), sandboxes: join(dir, 'sandboxes') };
    cpSync(ROOTS.sandboxes, roots.sandboxes, { recursive: true });
    const ex = join(roots.exercises, 'extra-file');
    const front = valid
      .replace('id: abc', 'id: extra-file')
      .replace('editable: [ioloop.ts]', 'editable: [extra.ts]')
      .replace('kind: practice', 'kind: private');
    mkdirSync(join(ex, 'tests', 'visible'), { recursive: true });
    mkdirSync(join(ex, 'tests', 'held-back'), { recursive: true });
    writeFileSync(join(ex, 'tests', 'visible', 'a.test.ts'), "test('a', () => {});\n");
    writeFileSync(join(ex, 'tests', 'held-back', 'b.test.ts'), "test('b', () => {});\n");
    for (const [sub, body] of [
      ['starter', "throw new Error('TODO');"],
      ['solution', 'return 6 * 7; // worked out far from any step'],
    ] as const) {
      mkdirSync(join(ex, sub));
      writeFileSync(
        join(ex, sub, 'extra.ts'),
        `export function answer(): number {\n  ${body}\n}\n`,
      );
    }
    writeFileSync(join(ex, 'exercise.md'), md(front));
    const loaded = loadExercise('extra-file', roots);
    expect(Object.keys(loaded.starter)).toEqual(['extra.ts']);
    // The step's own files stay read-only beside it.
    expect(Object.keys(loaded.readonly)).toContain('ioloop.ts');
    // A cut still has to name a step file.
    writeFileSync(
      join(ex, 'exercise.md'),
      md(
        `${front.replace('kind: private', 'kind: practice')}\ncut: { file: extra.ts, symbol: answer }`,
      ),
    );
    expect(() => loadExercise('extra-file', roots)).toThrow(
      /cut.file "extra.ts" is not a file of step/,
    );
    // With chapters beside the content, extends must name one of them.
    mkdirSync(join(dir, 'chapters', 'en'), { recursive: true });
    writeFileSync(join(dir, 'chapters', 'en', '03-async-machinery.md'), '');
    const tornado = '\ntornado: [{ file: tornado/locks.py, tag: v6.2.0 }]';
    writeFileSync(join(ex, 'exercise.md'), md(`${front}\nextends: 03-async-machinery${tornado}`));
    expect(loadExercise('extra-file', roots).data.extends).toBe('03-async-machinery');
    writeFileSync(join(ex, 'exercise.md'), md(`${front}\nextends: 09-nowhere${tornado}`));
    expect(() => loadExercise('extra-file', roots)).toThrow(
      /extends: there is no chapter "09-nowhere"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
