/** Runs one step's demo from the command line: `npm run step -- <NN> [--listen PORT]`. */

import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { readStep, stepIds } from '../lib/content/step-yaml.ts';
import { NodePlatform, setPlatform, VirtualPlatform } from '../lib/lesson/node.ts';

const sandboxesUrl = new URL('../../content/sandboxes/', import.meta.url);
const sandboxes = fileURLToPath(sandboxesUrl);
const usage = `usage: npm run step -- <NN> [--listen PORT]

Runs step NN's demo on the virtual network (deterministic, virtual time).
With --listen PORT (steps that serve), it serves on 127.0.0.1:PORT over real
TCP instead; PORT 0 picks a free port. Stop it with Ctrl+C.`;

interface StepInfo {
  folder: string;
  entry: string;
  listen: boolean;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Checks that `port` is free on 127.0.0.1 (0: finds a free one) and returns it. */
function reservePort(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolve(chosen));
    });
  });
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

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { listen: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
// A reader piping the trace into `head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
if (values.help || positionals.length !== 1) fail(usage);
const step = findStep(positionals[0] as string);

if (values.listen === undefined) {
  setPlatform(new VirtualPlatform({ print: (line) => process.stdout.write(`${line}\n`) }));
} else {
  const port = Number(values.listen);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port "${values.listen}"`);
  if (!step.listen) fail(`step ${step.folder} does not serve real TCP (no --listen)`);
  const free = await reservePort(port).catch((error: Error) =>
    fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`),
  );
  setPlatform(new NodePlatform({ listen: free }));
}

try {
  await import(new URL(`${step.folder}/${step.entry}`, sandboxesUrl).href);
} catch (error) {
  process.stderr.write(
    `${step.folder} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
