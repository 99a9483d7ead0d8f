/** Assignment links from strangers: ids follow the grader's rule, damaged or oversized links fail with a message, good ones round-trip. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { readAssignmentYaml } from '../../../src/cli/link.ts';
import { allSnapshots } from '../../../src/lib/exercises/exercise.ts';
import {
  assignmentYaml,
  decodeAssignment,
  encodeAssignment,
  MAX_ASSIGNMENT_BYTES,
  parseAssignment,
  type Assignment,
} from '../../../src/lib/exercises/assignment.ts';

const good: Assignment = {
  format: 1,
  id: 'cs341-a2',
  title: 'Timers',
  due: '2026-12-24',
  notes: 'Read chapter 2 first.',
  exercises: [{ id: 'timers-min-heap', pin: '0123456789abcdef' }],
};
const link = (value: unknown) =>
  deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');

test('a good assignment survives the link unchanged', async () => {
  expect(await decodeAssignment(await encodeAssignment(good))).toEqual(good);
});

test.each([
  ['a selector breaker', 'x"] , *[data-x="'],
  ['a path out of /exercises/', '../../secret'],
  ['upper case', 'Timers-Min-Heap'],
  ['too short', 'ab'],
  ['not a string', 42],
])('an exercise id that is %s is refused by the grader’s rule', async (_, id) => {
  const value = { ...good, exercises: [{ id, pin: '0123456789abcdef' }] };
  expect(() => parseAssignment(value)).toThrow(/exercise id .*lowercase letters, digits and -/);
  await expect(decodeAssignment(link(value))).rejects.toThrow(/exercise id/);
});

test('a listed-twice exercise and more than 50 exercises are refused', () => {
  const twice = { ...good, exercises: [...good.exercises, ...good.exercises] };
  expect(() => parseAssignment(twice)).toThrow(/listed twice/);
  const many = {
    ...good,
    exercises: Array.from({ length: 51 }, (_, i) => ({
      id: `exercise-${i}`,
      pin: '0123456789abcdef',
    })),
  };
  expect(() => parseAssignment(many)).toThrow(/more than 50 exercises/);
});

test('a small link that unpacks to megabytes stops at the cap with a clear message', async () => {
  const bomb = { ...good, notes: ' '.repeat(20 << 20) };
  const encoded = link(bomb);
  expect(encoded.length).toBeLessThan(40_000);
  await expect(decodeAssignment(encoded)).rejects.toThrow(
    `assignment is larger than ${MAX_ASSIGNMENT_BYTES >> 10} KB once unpacked`,
  );
});

test.each([
  ['characters a link never has', 'abc$%^'],
  ['bytes that do not unpack', 'AAAAAAAA'],
  ['unpacked text that is not JSON', deflateRawSync(Buffer.from('{nope')).toString('base64url')],
])('a link with %s says it is damaged', async (_, encoded) => {
  await expect(decodeAssignment(encoded)).rejects.toThrow(/assignment link is damaged/);
});

test('the builder’s YAML is what link and grade --assignment read back, whatever the text holds', () => {
  const [first, second] = [...new Set(allSnapshots().map((s) => s.id))].map(
    (id) => allSnapshots().find((s) => s.id === id) ?? { id, pin: '' },
  );
  if (!first || !second) throw new Error('needs two exercises');
  const tricky: Assignment = {
    ...good,
    // Quotes, a colon, a comment sign, a newline, a YAML anchor and Chinese: none may change the file's shape.
    title: 'Week 1: "timers" # not a comment\n&anchor *alias 事件循环',
    notes: '- not a list\n  key: value',
    due: '2027-03-08',
    exercises: [
      { id: first.id, pin: first.pin },
      { id: second.id, pin: second.pin },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'tal-yaml-'));
  try {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, assignmentYaml(tricky, 'https://lab.example', 'zh'));
    const read = readAssignmentYaml(file);
    expect(read.assignment).toEqual(tricky);
    expect(read.site).toBe('https://lab.example');
    expect(read.lang).toBe('zh');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
