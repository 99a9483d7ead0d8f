/** The one harness that runs a step in Node: the command line and WebContainer both start it. */

import { realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NodePlatform } from './node-bridge.ts';
import { threadsFor } from './node-threads.ts';
import { setPlatform, setThreadHost } from './platform.ts';
import { run as runTests, type TestResult } from './testing.ts';
import { VirtualPlatform } from './virtual-net.ts';

/** How to start the harness as a program (WebContainer runs the compiled `.js`). */
export const HARNESS_USAGE = `usage: node _template/run.ts <entry> [--listen PORT]
       node _template/run.ts --check <test file>... [--results FILE]

Runs a step's entry on the virtual network, or with --listen PORT on real TCP
(PORT 0 picks a free port); or runs check files and reports each test, writing
them as JSON to FILE when asked. Paths are relative to the working directory.`;

/** What one run does; paths resolve against the working directory. */
export type HarnessRequest =
  { entry: string; listen?: number } | { checks: string[]; results?: string };

/** Exit codes: the run passed, the step (or a check) failed, the request was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

/** `text` as a TCP port, or undefined when it is not one. */
export function parsePort(text: string): number | undefined {
  const port = Number(text);
  const ok = /^\d+$/.test(text) && Number.isInteger(port) && port <= 65535;
  return ok ? port : undefined;
}

/** Checks that `port` is free on 127.0.0.1 (0: finds a free one) and returns it. */
function reservePort(port: number): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const chosen =
        typeof address === 'object' && address ? address.port : port;
      probe.close(() => done(chosen));
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error
    ? (error.stack ?? error.message)
    : String(error);
}

/** The folder a step file lives in (`…/09-serving/main.ts` → `09-serving`). */
function stepOf(path: string): string {
  return basename(dirname(resolve(path)));
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Imports each check file and runs the tests they declare. */
async function outcomesOf(checks: string[]): Promise<TestResult[]> {
  for (const file of checks) {
    try {
      await import(pathToFileURL(resolve(file)).href);
    } catch (error) {
      // The tests of a file that does not load cannot run: that file fails.
      const message = `${file} failed to load: ${describe(error)}`;
      return [{ name: 'tests', ok: false, message }];
    }
  }
  try {
    return await runTests();
  } catch (error) {
    return [{ name: 'tests', ok: false, message: describe(error) }];
  }
}

/** Runs the checks, prints each outcome and writes them all to `results` if given. */
async function check(checks: string[], results?: string): Promise<number> {
  setThreadHost(threadsFor(checks));
  const outcomes = await outcomesOf(checks);
  for (const outcome of outcomes) {
    out(`${outcome.ok ? '✓' : '✗'} ${outcome.name}\n`);
    if (outcome.ok) continue;
    if (outcome.message) out(`    ${outcome.message}\n`);
    if ('expected' in outcome) out(`    expected ${show(outcome.expected)}\n`);
    if ('actual' in outcome) out(`    actual   ${show(outcome.actual)}\n`);
  }
  const passed = outcomes.filter((o) => o.ok).length;
  out(`${passed}/${outcomes.length} passed\n`);
  if (results !== undefined) writeFileSync(results, show(outcomes));
  return passed === outcomes.length ? EXIT.ok : EXIT.failed;
}

/** Chooses the platform, then runs the entry (a server keeps running). */
async function runEntry(entry: string, listen?: number): Promise<number> {
  setThreadHost(threadsFor([entry], entry));
  if (listen === undefined) {
    // TAL_REAL_WORK=0: real work never moves the clock, so runs compare equal.
    const pure = process.env['TAL_REAL_WORK'] === '0';
    setPlatform(
      new VirtualPlatform({
        print: (line) => out(`${line}\n`),
        ...(pure ? { stopwatch: () => 0 } : {}),
      }),
    );
  } else {
    let free: number;
    try {
      free = await reservePort(listen);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      err(`cannot listen on 127.0.0.1:${listen}: ${why}\n`);
      return EXIT.usage;
    }
    setPlatform(new NodePlatform({ listen: free }));
  }
  try {
    await import(pathToFileURL(resolve(entry)).href);
    return EXIT.ok;
  } catch (error) {
    err(`${stepOf(entry)} failed: ${describe(error)}\n`);
    return EXIT.failed;
  }
}

/** Runs `request` and resolves with the exit code the process should end with. */
export function runHarness(request: HarnessRequest): Promise<number> {
  // A reader piping the trace into `head` closes stdout early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  return 'checks' in request
    ? check(request.checks, request.results)
    : runEntry(request.entry, request.listen);
}

/** Parses the harness's own command line (see HARNESS_USAGE) and runs it. */
export function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        listen: { type: 'string' },
        check: { type: 'boolean' },
        results: { type: 'string' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${HARNESS_USAGE}\n`);
    return Promise.resolve(EXIT.usage);
  }
  const { values, positionals } = parsed;
  if (values.check) {
    if (positionals.length === 0 || values.listen !== undefined) {
      err(`${HARNESS_USAGE}\n`);
      return Promise.resolve(EXIT.usage);
    }
    const { results } = values;
    return runHarness(
      results === undefined
        ? { checks: positionals }
        : { checks: positionals, results },
    );
  }
  const [entry] = positionals;
  if (entry === undefined || positionals.length > 1) {
    err(`${HARNESS_USAGE}\n`);
    return Promise.resolve(EXIT.usage);
  }
  if (values.listen === undefined) return runHarness({ entry });
  const listen = parsePort(values.listen);
  if (listen === undefined) {
    err(`bad port "${values.listen}"\n`);
    return Promise.resolve(EXIT.usage);
  }
  return runHarness({ entry, listen });
}

/** Whether Node started this very file as its program (WebContainer does), not an importer. */
function startedDirectly(): boolean {
  const program = process.argv[1];
  if (program === undefined) return false;
  try {
    return realpathSync(program) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (startedDirectly()) process.exitCode = await main(process.argv.slice(2));
