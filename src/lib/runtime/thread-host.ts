/** Runs inside a Web Worker started by the sandbox's worker: one executor thread, running each task sent to it. */
import { ModuleLoader } from './module-loader.ts';
import type { SourceFiles } from './sandbox.ts';

/** A task for this thread: the function's module (a sandbox path) and exported name. */
export interface ThreadRequest {
  /** The step's compiled modules; sent with the first task only, then kept. */
  modules?: SourceFiles;
  module: string;
  name: string;
  args: unknown[];
  virtual: boolean;
}

/** The parts of the `_template/thread.ts` module this host calls. */
interface ThreadModule {
  runExported(namespace: object, task: ThreadRequest): unknown;
  postOutcome(post: (outcome: unknown) => void, outcome: unknown, task: ThreadRequest): void;
}
interface PlatformModule {
  failedOutcome(error: unknown): unknown;
}

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<ThreadRequest>) => void) | null;
};

let loader: ModuleLoader | null = null;

scope.onmessage = (event) => {
  const task = event.data;
  if (task.modules) loader = new ModuleLoader(task.modules);
  if (!loader) throw new Error('a thread got a task before the modules');
  const thread = loader.load('_template/thread.ts').exports as ThreadModule;
  const platform = loader.load('_template/platform.ts').exports as PlatformModule;
  let outcome: unknown;
  try {
    outcome = thread.runExported(loader.load(task.module).exports, task);
  } catch (error) {
    // The module failed to load.
    outcome = platform.failedOutcome(error);
  }
  thread.postOutcome((message) => scope.postMessage(message), outcome, task);
};
