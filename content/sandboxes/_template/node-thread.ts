/** The program of one executor thread under Node: imports the function's module, runs each task sent to it, posts the outcome back. */

import { parentPort } from 'node:worker_threads';
import { failedOutcome, type ThreadOutcome } from './platform.ts';
import { notCopyable, runTask } from './thread.ts';

interface Task {
  module: string;
  name: string;
  args: unknown[];
  virtual: boolean;
}

async function perform(task: Task): Promise<ThreadOutcome> {
  try {
    const namespace = (await import(task.module)) as Record<string, unknown>;
    const fn = namespace[task.name];
    if (typeof fn !== 'function') {
      throw new TypeError(`${task.module} exports no function ${task.name}`);
    }
    return runTask(
      fn as (...args: unknown[]) => unknown,
      task.args,
      task.virtual,
    );
  } catch (error) {
    return failedOutcome(error);
  }
}

parentPort?.on('message', (task: Task) => {
  void perform(task).then((outcome) => {
    try {
      parentPort?.postMessage(outcome);
    } catch (error) {
      parentPort?.postMessage({
        ...failedOutcome(
          new TypeError(notCopyable(`the result of ${task.name}`, error)),
        ),
        realMs: outcome.realMs,
      });
    }
  });
});
