/** The command's front door: help for every command, and a mistyped option answered with a message, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

// Each call starts Node and loads every exercise: seconds alone, several times that on a busy machine.
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['src/cli/index.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('--help works for the command and for each subcommand', () => {
  const all = cli('--help');
  expect(all.code).toBe(0);
  for (const name of [
    'grade',
    'link',
    'course',
    'exercise:new',
    'exercise:check',
    'exercise:freeze',
  ]) {
    expect(all.out).toContain(`  ${name} `.replace(/ $/, ''));
    const one = cli(name, '--help');
    expect(one.code, name).toBe(0);
    expect(one.out, name).toContain(`  ${name}`);
    expect(one.err, name).toBe('');
  }
}, 60_000);

test('a mistyped option or command gets a message and the usage, with no stack trace', () => {
  const option = cli('grade', '--bogus', 'x');
  expect(option.code).toBe(2);
  expect(option.err).toContain("Unknown option '--bogus'");
  expect(option.err).toContain('usage: tornado-async-lab');
  expect(option.err).not.toMatch(/^\s+at /m);
  const command = cli('grades');
  expect(command.code).toBe(2);
  expect(command.err).toContain('unknown command "grades"');
});

test('course without a start date says so; an unknown course lists the real ones', () => {
  const noStart = cli('course', 'tornado-internals');
  expect(noStart.code).toBe(2);
  expect(noStart.err).toContain('--start is required');
  const unknown = cli('course', 'nope', '--start', '2027-01-01');
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('courses: tornado-internals');
  const badDate = cli('course', 'tornado-internals', '--start', '2027-02-30');
  expect(badDate.code).toBe(2);
  expect(badDate.err).toContain('--start: not a date (YYYY-MM-DD): 2027-02-30');
  const badLang = cli('course', 'tornado-internals', '--start', '2027-02-01', '--lang', 'fr');
  expect(badLang.code).toBe(2);
  expect(badLang.err).toContain('--lang: en or zh, not fr');
  const badOut = cli(
    'course',
    'tornado-internals',
    '--start',
    '2027-02-01',
    '--out',
    '/dev/null/x',
  );
  expect(badOut.code).toBe(2);
  expect(badOut.err).toContain('ENOTDIR');
  expect(badOut.err).not.toMatch(/^\s+at /m);
}, 120_000);

test('grade refuses a bad number or a broken assignment file with a message and its usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-grade-options-'));
  try {
    const broken = join(dir, 'a.yaml');
    writeFileSync(broken, 'exercises: [\n');
    for (const [args, message] of [
      [['--concurrency', '0'], '--concurrency: a whole number above 0, not 0'],
      [['--timeout-ms', 'soon'], '--timeout-ms: a whole number above 0, not soon'],
      [['--assignment', broken], `--assignment: ${broken}: `],
      [['--assignment', join(dir, 'none.yaml')], `--assignment: ${join(dir, 'none.yaml')}: ENOENT`],
    ] as const) {
      const r = cli('grade', dir, ...args);
      expect(r.code, message).toBe(2);
      expect(r.err, message).toContain(message);
      expect(r.err, message).toContain('usage: grade');
      expect(r.err, message).not.toMatch(/^\s+at /m);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

test('link names the file and the problem of a bad assignment, with no stack trace; course lists and succeeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tal-link-'));
  try {
    const file = join(dir, 'a.yaml');
    writeFileSync(
      file,
      'id: a1\ntitle: T\nexercises: [{ id: loop-rounds, pin: "0000000000000000" }]\n',
    );
    const badPin = cli('link', file);
    expect(badPin.code).toBe(2);
    expect(badPin.err).toContain(`${file}: exercise loop-rounds has no version pinned`);
    expect(badPin.err).not.toMatch(/^\s+at /m);
    const missing = cli('link', join(dir, 'none.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
    expect(missing.err).not.toMatch(/^\s+at /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const list = cli('course');
  expect(list.code).toBe(0);
  expect(list.out).toMatch(/^ {2}tornado-internals: .*4 weekly assignments, \d+ points$/m);
  // The title already says how long the course is; the line does not say it twice.
  expect(list.out.match(/4 weeks/g)?.length ?? 0).toBeLessThanOrEqual(1);
}, 120_000);
