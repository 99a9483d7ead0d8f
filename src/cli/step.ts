/** Runs one step from the command line: `npm run step -- <NN> [--listen PORT | --check]`. */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkNames, readStep, stepIds } from '../lib/content/step-yaml.ts';
import { EXIT, parsePort, runHarness } from '../lib/lesson/node.ts';

const sandboxes = fileURLToPath(new URL('../../content/sandboxes/', import.meta.url));
const usage = `usage: npm run step -- <NN> [--listen PORT | --check]

Runs step NN's demo on the virtual network (deterministic, virtual time).
With --listen PORT (steps that serve), it serves on 127.0.0.1:PORT over real
TCP instead; PORT 0 picks a free port. Stop it with Ctrl+C.
With --check, it runs the step's check/*.test.ts and reports each test.`;

interface StepInfo {
  folder: string;
  entry: string;
  listen: boolean;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.usage);
}

function findStep(id: string): StepInfo {
  const steps = stepIds(sandboxes);
  const wanted = /^\d+$/.test(id) ? id.padStart(2, '0') : id;
  const folder = steps.find((name) => name === wanted || name.startsWith(`${wanted}-`));
  if (!folder) fail(`no step "${id}"; steps: ${steps.join(', ')}`);
  try {
    const { entry, listen } = readStep(folder, sandboxes);
    return { folder, entry, listen };
  } catch (error) {
    fail((error as Error).message);
  }
}

/** The step's check files, in name order. */
function checksOf(folder: string): string[] {
  const names = checkNames(folder, sandboxes);
  if (names.length === 0) fail(`step ${folder} has no checks`);
  return names.map((name) => join(sandboxes, folder, 'check', name));
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    listen: { type: 'string' },
    check: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || positionals.length !== 1) fail(usage);
if (values.check && values.listen !== undefined) fail(usage);
const step = findStep(positionals[0] as string);

// The step lookup is the command line's; platform, entry, checks and exit codes are the harness's,
// the very module WebContainer starts.
if (values.check) {
  process.exitCode = await runHarness({ checks: checksOf(step.folder) });
} else if (values.listen === undefined) {
  process.exitCode = await runHarness({ entry: join(sandboxes, step.folder, step.entry) });
} else {
  const listen = parsePort(values.listen);
  if (listen === undefined) fail(`bad port "${values.listen}"`);
  if (!step.listen) fail(`step ${step.folder} does not serve real TCP (no --listen)`);
  process.exitCode = await runHarness({ entry: join(sandboxes, step.folder, step.entry), listen });
}
