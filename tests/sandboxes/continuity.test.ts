/** Step N+1 starts from step N: unchanged files are byte-for-byte equal, new or edited ones are listed in `changes`. */

import { describe, expect, test } from 'vitest';
import { readStepFile, readStepYaml, stepFolders, stepTsFiles } from './steps.ts';

const steps = stepFolders();

function changesOf(step: string): string[] | null {
  const yaml = readStepYaml(step) as { changes?: unknown } | null;
  return Array.isArray(yaml?.changes) ? (yaml.changes as string[]) : null;
}

/** Pairs of neighbouring steps (NN and NN+1) that both exist. */
const pairs = steps.flatMap((step) => {
  const previous = steps.find(
    (other) => Number(other.slice(0, 2)) === Number(step.slice(0, 2)) - 1,
  );
  return previous ? [[previous, step] as const] : [];
});

describe.each(pairs)('%s -> %s', (previous, next) => {
  const changes = changesOf(next);
  test.skipIf(changes === null)('files not in `changes` are carried over unchanged', () => {
    const carried = stepTsFiles(previous).filter((file) => !changes?.includes(file));
    const drifted = carried.filter(
      (file) =>
        !stepTsFiles(next).includes(file) ||
        readStepFile(previous, file) !== readStepFile(next, file),
    );
    expect(drifted, `differ from ${previous} but are not in ${next}'s changes`).toEqual([]);
  });
  test.skipIf(changes === null)('every new file is listed in `changes`', () => {
    const added = stepTsFiles(next).filter((file) => !stepTsFiles(previous).includes(file));
    expect(added.filter((file) => !changes?.includes(file))).toEqual([]);
  });
  test.skipIf(changes === null)('`changes` lists only files that really changed', () => {
    const unchanged = (changes ?? []).filter(
      (file) =>
        stepTsFiles(previous).includes(file) &&
        stepTsFiles(next).includes(file) &&
        readStepFile(previous, file) === readStepFile(next, file),
    );
    expect(unchanged, 'listed as changed but identical').toEqual([]);
  });
});

test('the first step lists every file as changed', () => {
  const first = steps[0];
  expect(first).toBeDefined();
  expect([...(changesOf(first as string) ?? [])].sort()).toEqual(stepTsFiles(first as string));
});
