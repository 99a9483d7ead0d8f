/** Runs every step's check/ tests (written with the sandbox test API) as Vitest tests, one each. */

import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { threadsFor } from '../../content/sandboxes/_template/node-threads.ts';
import { setThreadHost } from '../../content/sandboxes/_template/platform.ts';
import { collect, runTest, type TestCase } from '../../content/sandboxes/_template/testing.ts';
import { checkFiles, sandboxes, stepFolders } from './steps.ts';

for (const step of stepFolders()) {
  describe(step, () => {
    test('has check tests', () => {
      expect(checkFiles(step).length).toBeGreaterThan(0);
    });
  });
  for (const file of checkFiles(step)) {
    let cases: TestCase[] = [];
    let loadError: unknown = null;
    try {
      await import(new URL(`${step}/check/${file}`, sandboxes).href);
      cases = collect();
    } catch (error) {
      loadError = error;
      collect();
    }
    describe(`${step}/check/${file}`, () => {
      if (loadError !== null) {
        test('loads', () => {
          throw loadError instanceof Error ? loadError : new Error(JSON.stringify(loadError));
        });
      }
      for (const testCase of cases) {
        test(testCase.name, async () => {
          // As the harness does: runInExecutor's threads may import this step's modules.
          setThreadHost(threadsFor([fileURLToPath(new URL(`${step}/check/${file}`, sandboxes))]));
          const result = await runTest(testCase);
          expect(result, result.message ?? '').toEqual({ name: testCase.name, ok: true });
        });
      }
    });
  }
}
