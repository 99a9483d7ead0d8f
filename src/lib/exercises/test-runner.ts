/** Runs inside a grading child process: loads each test file of one exercise and prints the results as one JSON line. */
import { pathToFileURL } from 'node:url';

interface TestingApi {
  collect(): { name: string; fn: () => unknown }[];
  runTest(testCase: { name: string; fn: () => unknown }): Promise<{
    name: string;
    ok: boolean;
    expected?: unknown;
    actual?: unknown;
    message?: string;
    view?: string;
  }>;
}

const MARK = '@@tal-results@@';
const [root, ...files] = process.argv.slice(2);
const base = pathToFileURL(`${root}/`);
const testing = (await import(new URL('_template/testing.ts', base).href)) as TestingApi;
const results: unknown[] = [];
for (const file of files) {
  try {
    await import(new URL(file, base).href);
  } catch (error) {
    testing.collect();
    results.push({
      file,
      name: '(loading the file)',
      ok: false,
      message: `threw ${String(error)}`,
    });
    continue;
  }
  for (const testCase of testing.collect()) {
    results.push({ file, ...(await testing.runTest(testCase)) });
  }
}
process.stdout.write(`\n${MARK}${JSON.stringify(results)}\n`);
// Timers or sockets a test left behind must not keep the process alive.
process.exit(0);
