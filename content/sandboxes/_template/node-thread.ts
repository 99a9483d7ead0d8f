/** The program of one executor thread under Node: imports the function's module, runs each task sent to it, posts the outcome back. */

import { parentPort } from 'node:worker_threads';
import { failedOutcome, type ThreadOutcome } from './platform.ts';
import { postOutcome, runExported, type ThreadTask } from './thread.ts';

async function perform(task: ThreadTask): Promise<ThreadOutcome> {
  try {
    return runExported((await import(task.module)) as object, task);
  } catch (error) {
    // The module failed to load.
    return failedOutcome(error);
  }
}

parentPort?.on('message', (task: ThreadTask) => {
  void perform(task).then((outcome) => {
    postOutcome((message) => parentPort?.postMessage(message), outcome, task);
  });
});
