import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobId, readLock, syncSteps } from '../../../src/lib/content/step-sync.ts';
import { syncExercises } from '../../../src/lib/exercises/exercise-sync.ts';

describe('the steps in content/sandboxes', () => {
  it('are what steps:sync would make them: no copy drifted, no change left unmerged', () => {
    expect(syncSteps()).toEqual([]);
  });

  it('and the exercises that copy a step file have every change to it merged in', () => {
    expect(syncExercises()).toEqual([]);
  });
});

it('blobId is git’s blob id', () => {
  // `printf 'hello\n' | git hash-object --stdin`
  expect(blobId('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
});

/** A step.yaml that passes the schema, for a step with `files` of which `changes` are its own. */
function stepYaml(order: number, files: string[], changes: string[]): string {
  return [
    `order: ${order}`,
    `title: { zh: '步骤', en: 'Step' }`,
    `summary: { zh: '测试。', en: 'A test.' }`,
    // The entry (the demo) is never merged; these tests merge main.ts and lib.ts.
    'entry: demo.ts',
    `files: [${files.join(', ')}]`,
    `changes: [${changes.join(', ')}]`,
    'tornado:',
    '  - { file: tornado/ioloop.py, tag: v4.5.3, symbol: PollIOLoop.start }',
    'lineBudget: 100',
  ].join('\n');
}

const LIB_01 = ['export function a() {', '  return 1;', '}', ''].join('\n');
const LIB_03 = ['export function a() {', '  return 1;', '}', '', 'export const c = 3;', ''].join(
  '\n',
);
/** A check file with room between its tests, so edits to each merge cleanly. */
const CHECK = "test('a', () => 1);\n\n// between\n\n";
const MAIN_01 = ['import { a } from "./lib.ts";', 'console.log(a());', ''].join('\n');
const MAIN_02 = ['import { a } from "./lib.ts";', 'console.log(a(), "two");', ''].join('\n');

describe('steps:sync on a small course in its own git repository', () => {
  let root: string;
  const file = (path: string) => readFileSync(join(root, path), 'utf8');
  const put = (path: string, text: string) => writeFileSync(join(root, path), text);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'steps-sync-test-'));
    const steps: [string, Record<string, string>, string[]][] = [
      ['01-a', { 'lib.ts': LIB_01, 'main.ts': MAIN_01 }, ['lib.ts', 'main.ts']],
      ['02-b', { 'lib.ts': LIB_01, 'main.ts': MAIN_02 }, ['main.ts']],
      ['03-c', { 'lib.ts': LIB_03, 'main.ts': MAIN_02 }, ['lib.ts']],
    ];
    for (const [i, [id, files, changes]] of steps.entries()) {
      mkdirSync(join(root, id));
      put(`${id}/step.yaml`, stepYaml(i + 1, Object.keys(files), changes));
      for (const [name, text] of Object.entries(files)) put(`${id}/${name}`, text);
    }
    // The first run records what each change was built on.
    expect(syncSteps({ root, write: true }).map((a) => a.kind)).toEqual(['record', 'record']);
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'course');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('copies a carried file and merges a changed one, three ways, through every later step', () => {
    put('01-a/lib.ts', `// Shared helpers.\n${LIB_01}`);
    expect(syncSteps({ root }).map((a) => `${a.kind} ${a.step}/${a.file}`)).toEqual([
      'copy 02-b/lib.ts',
      'merge 03-c/lib.ts',
    ]);
    expect(file('02-b/lib.ts')).toBe(LIB_01); // --check writes nothing
    syncSteps({ root, write: true });
    expect(file('02-b/lib.ts')).toBe(`// Shared helpers.\n${LIB_01}`);
    // Step 03 keeps its own change and gains step 01's.
    expect(file('03-c/lib.ts')).toBe(`// Shared helpers.\n${LIB_03}`);
    expect(syncSteps({ root })).toEqual([]);
    expect(readLock(root)['03-c']?.['lib.ts']).toBe(blobId(file('02-b/lib.ts')));
  });

  it('lists a conflict, leaves markers, carries nothing past it, and --accept records the fix', () => {
    put('01-a/main.ts', MAIN_01.replace('a()', 'a() + 1'));
    const actions = syncSteps({ root, write: true });
    expect(actions.map((a) => `${a.kind} ${a.step}/${a.file}`)).toEqual([
      'conflict 02-b/main.ts',
      'conflict 03-c/main.ts',
    ]);
    expect(actions[1]?.detail).toContain('waits');
    expect(file('02-b/main.ts')).toContain('<<<<<<< 02-b/main.ts');
    expect(file('03-c/main.ts')).toBe(MAIN_02);
    // Accepting before the markers are gone is refused.
    expect(syncSteps({ root, accept: true })[0]?.detail).toBe('still has conflict markers');
    // A person resolves it, then accepts; the same run carries the result on.
    put('02-b/main.ts', MAIN_02.replace('a()', 'a() + 1'));
    expect(
      syncSteps({ root, write: true, accept: true }).map((a) => `${a.kind} ${a.step}/${a.file}`),
    ).toEqual(['record 02-b/main.ts', 'copy 03-c/main.ts']);
    expect(file('03-c/main.ts')).toBe(MAIN_02.replace('a()', 'a() + 1'));
    expect(syncSteps({ root })).toEqual([]);
  });

  it('says so when the recorded base is not in the history', () => {
    const lock = readLock(root);
    lock['02-b'] = { 'main.ts': blobId('never committed\n') };
    put('steps.lock.json', JSON.stringify(lock));
    const [action] = syncSteps({ root });
    expect(action?.kind).toBe('conflict');
    expect(action?.detail).toMatch(/not in git history.*--accept/);
  });

  it('never merges a step’s demo (its entry), which each step writes for itself', () => {
    put(
      '01-a/step.yaml',
      stepYaml(1, ['lib.ts', 'main.ts'], ['lib.ts', 'main.ts']).replace('demo.ts', 'main.ts'),
    );
    put(
      '02-b/step.yaml',
      stepYaml(2, ['lib.ts', 'main.ts'], ['main.ts']).replace('demo.ts', 'main.ts'),
    );
    put('01-a/main.ts', MAIN_01.replace('a()', 'a() + 1'));
    expect(syncSteps({ root, write: true }).map((a) => `${a.kind} ${a.step}/${a.file}`)).toEqual([
      'record 02-b/main.ts',
    ]);
    expect(file('02-b/main.ts')).toBe(MAIN_02);
  });

  it('carries every check of a step into the later ones, and merges a later change to it', () => {
    mkdirSync(join(root, '01-a', 'check'));
    put('01-a/check/lib.test.ts', CHECK);
    expect(syncSteps({ root, write: true }).map((a) => `${a.kind} ${a.step}/${a.file}`)).toEqual([
      'copy 02-b/check/lib.test.ts',
      'record 02-b/check/lib.test.ts',
      'copy 03-c/check/lib.test.ts',
      'record 03-c/check/lib.test.ts',
    ]);
    expect(file('03-c/check/lib.test.ts')).toBe(CHECK);
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'checks');
    // Step 02 adds a test to the carried file; step 01 then changes its own.
    put('02-b/check/lib.test.ts', `${CHECK}test('b', () => 2);\n`);
    put('01-a/check/lib.test.ts', CHECK.replace('=> 1', '=> 10'));
    syncSteps({ root, write: true });
    const both = `${CHECK.replace('=> 1', '=> 10')}test('b', () => 2);\n`;
    expect(file('02-b/check/lib.test.ts')).toBe(both);
    expect(file('03-c/check/lib.test.ts')).toBe(both);
    expect(syncSteps({ root })).toEqual([]);
  });

  it('drops the lock entry of a file a step no longer changes', () => {
    put('03-c/step.yaml', stepYaml(3, ['lib.ts', 'main.ts'], []));
    put('03-c/lib.ts', LIB_01);
    expect(syncSteps({ root }).map((a) => `${a.kind} ${a.step}/${a.file}`)).toEqual([
      'record 03-c/lib.ts',
    ]);
    syncSteps({ root, write: true });
    expect(readLock(root)['03-c']).toBeUndefined();
  });
});

describe('steps:sync carries a step change into the exercises that copy the file', () => {
  let root: string;
  const file = (path: string) => readFileSync(join(root, path), 'utf8');
  const put = (path: string, text: string) => writeFileSync(join(root, path), text);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  const sync = (options: { write?: boolean; accept?: boolean } = {}) =>
    syncExercises({
      exercises: join(root, 'exercises'),
      sandboxes: join(root, 'sandboxes'),
      ...options,
    }).map((a) => `${a.kind} ${a.step}/${a.file}`);
  const STEP = ['export class Server {', '  listen() {', '    return 1;', '  }', '}', ''].join(
    '\n',
  );
  const withStop = (body: string) =>
    STEP.replace('  }\n}', `  }\n\n  stop() {\n    ${body}\n  }\n}`);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'exercise-sync-test-'));
    mkdirSync(join(root, 'sandboxes', '01-a'), { recursive: true });
    put('sandboxes/01-a/server.ts', STEP);
    for (const [id, editable, cut] of [
      ['stop-server', '[server.ts, main.ts]', ''],
      ['cut-one', '[server.ts]', '\ncut: { file: server.ts, symbol: listen }'],
    ] as const) {
      mkdirSync(join(root, 'exercises', id, 'starter'), { recursive: true });
      mkdirSync(join(root, 'exercises', id, 'solution'));
      put(
        `exercises/${id}/exercise.md`,
        `---\nid: ${id}\nversion: 1\ntitle: { zh: 甲, en: A }\nstep: 01-a\neditable: ${editable}${cut}\nkind: private\ndifficulty: easy\n---\n<!-- zh -->\n中文\n<!-- en -->\nEnglish\n`,
      );
    }
    put('exercises/stop-server/starter/server.ts', withStop("throw new Error('TODO');"));
    put('exercises/stop-server/solution/server.ts', withStop('return 0;'));
    // A cut exercise is derived from its step by the loader: sync leaves it alone.
    expect(sync({ write: true })).toEqual([
      'record stop-server/starter/server.ts',
      'record stop-server/solution/server.ts',
    ]);
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'course');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('merges a step fix into both the starter and the solution, keeping the exercise’s method', () => {
    put('sandboxes/01-a/server.ts', STEP.replace('return 1;', 'return 2; // fixed'));
    expect(sync()).toEqual([
      'merge stop-server/starter/server.ts',
      'merge stop-server/solution/server.ts',
    ]);
    sync({ write: true });
    expect(file('exercises/stop-server/starter/server.ts')).toBe(
      withStop("throw new Error('TODO');").replace('return 1;', 'return 2; // fixed'),
    );
    expect(file('exercises/stop-server/solution/server.ts')).toContain('return 0;');
    expect(file('exercises/stop-server/solution/server.ts')).toContain('return 2; // fixed');
    expect(sync()).toEqual([]);
  });

  it('leaves a conflict marked until --accept, which refuses while markers remain', () => {
    put(
      'sandboxes/01-a/server.ts',
      STEP.replace('  }\n}', '  }\n\n  stop() {\n    return -1;\n  }\n}'),
    );
    expect(sync({ write: true })).toEqual([
      'conflict stop-server/starter/server.ts',
      'conflict stop-server/solution/server.ts',
    ]);
    expect(file('exercises/stop-server/starter/server.ts')).toMatch(/^<{7} /m);
    expect(sync({ accept: true })[0]).toBe('conflict stop-server/starter/server.ts');
    put('exercises/stop-server/starter/server.ts', withStop("throw new Error('TODO');"));
    put('exercises/stop-server/solution/server.ts', withStop('return 0;'));
    expect(sync({ write: true, accept: true })).toEqual([
      'record stop-server/starter/server.ts',
      'record stop-server/solution/server.ts',
    ]);
    expect(sync()).toEqual([]);
  });
});
