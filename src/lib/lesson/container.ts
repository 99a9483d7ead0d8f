/**
 * The lesson entry for WebContainer: the source of the Node harness and of the Node modules it
 * imports (bridge, threads), as text. The browser template leaves them out (they import `node:` modules), so the
 * WebContainer runtime loads this module when it first runs and mounts them beside the step.
 */
import nodeBridge from '../../../content/sandboxes/_template/node-bridge.ts?raw';
import nodeThread from '../../../content/sandboxes/_template/node-thread.ts?raw';
import nodeThreads from '../../../content/sandboxes/_template/node-threads.ts?raw';
import harness from '../../../content/sandboxes/_template/run.ts?raw';

/** Where the harness lives, relative to content/sandboxes. */
export const HARNESS_PATH = '_template/run.ts';

/** The Node-only files the harness needs, by path relative to content/sandboxes. */
export const nodeFiles: Record<string, string> = {
  [HARNESS_PATH]: harness,
  '_template/node-bridge.ts': nodeBridge,
  '_template/node-threads.ts': nodeThreads,
  '_template/node-thread.ts': nodeThread,
};
