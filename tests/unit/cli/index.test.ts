/** The command's front door: help for every command, and a mistyped option answered with a message, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

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
});

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
});
