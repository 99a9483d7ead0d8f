/** Every step.yaml follows the schema the site validates at build time. */

import { describe, expect, test } from 'vitest';
import { stepSchema } from '../../src/lib/content/schemas.ts';
import { readStepYaml, stepFolders, stepTsFiles } from './steps.ts';

test('the site schema refuses unknown keys and unpinned tags', () => {
  const good = {
    order: 1,
    title: { zh: '回调', en: 'Callbacks' },
    summary: { zh: '说明', en: 'What it adds.' },
    entry: 'main.ts',
    files: ['main.ts'],
    changes: ['main.ts'],
    tornado: [{ file: 'tornado/ioloop.py', tag: 'v4.5.3', symbol: 'PollIOLoop.start' }],
    lineBudget: 10,
    server: false,
    listen: false,
  };
  expect(stepSchema.safeParse(good).success).toBe(true);
  expect(stepSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
  const badTag = { ...good, tornado: [{ ...good.tornado[0], tag: 'master' }] };
  expect(stepSchema.safeParse(badTag).success).toBe(false);
});

describe.each(stepFolders())('%s/step.yaml', (step) => {
  const raw = readStepYaml(step);
  // A step folder without its description would be skipped everywhere else, so it fails here.
  test('exists', () => {
    expect(raw).not.toBeNull();
  });
  test.skipIf(raw === null)('matches the schema', () => {
    const result = stepSchema.safeParse(raw);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
  test.skipIf(raw === null)('agrees with the folder', () => {
    const yaml = stepSchema.parse(raw);
    expect(yaml.order).toBe(Number(step.slice(0, 2)));
    expect(yaml.files).toContain(yaml.entry);
    expect([...yaml.files].sort()).toEqual(stepTsFiles(step));
    // A file dropped since the previous step is a change too, so it may be listed.
    const previous = stepFolders().find((other) => Number(other.slice(0, 2)) === yaml.order - 1);
    const before = previous ? stepTsFiles(previous) : [];
    const unknown = yaml.changes.filter(
      (file) => !yaml.files.includes(file) && !before.includes(file),
    );
    expect(unknown, 'changes that are neither files of this step nor dropped ones').toEqual([]);
    expect(new Set(yaml.files).size).toBe(yaml.files.length);
  });
});
