/** Every step.yaml follows the schema the site validates at build time. */

import { z } from 'astro/zod';
import { describe, expect, test } from 'vitest';
import { readStepYaml, stepFolders, stepTsFiles } from './steps.ts';

const localized = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const tsFile = z.string().regex(/^[a-z0-9][a-z0-9-]*\.ts$/);

/** The schema from the architecture brief; strict, so unknown keys are errors. */
export const stepSchema = z.strictObject({
  order: z.number().int().positive(),
  title: localized,
  summary: localized,
  entry: tsFile,
  files: z.array(tsFile).min(1),
  changes: z.array(tsFile),
  tornado: z
    .array(
      z.strictObject({
        file: z.string().regex(/^tornado\/[a-z0-9_/]+\.py$/),
        tag: z.enum(['v4.5.3', 'v6.2']),
        symbol: z.string().min(1),
      }),
    )
    .min(1),
  lineBudget: z.number().int().positive(),
  server: z.boolean(),
  listen: z.boolean(),
});

test('the schema refuses unknown keys and wrong tags', () => {
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
