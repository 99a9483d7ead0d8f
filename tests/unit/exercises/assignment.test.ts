/** Assignment links from strangers: ids follow the grader's rule, damaged or oversized links fail with a message, good ones round-trip. */
import { deflateRawSync } from 'node:zlib';
import { expect, test } from 'vitest';
import {
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
