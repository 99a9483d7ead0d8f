/** Event and Condition demo: workers wait for a "ready" Event, then take jobs one notify() at a time; a notifyAll() sends them home. */

import { note, printTrace } from '../_template/trace.ts';
import { IOLoop } from './ioloop.ts';
import { Condition, Event, TimeoutError } from './sync.ts';

printTrace((event) => event.kind === 'note');
const loop = new IOLoop();
const ready = new Event();
const jobPosted = new Condition();
const jobs: string[] = [];
let closing = false;

// Called at the top level, so an unfinished Event stops the demo at once.
note('main', `ready.isSet() = ${ready.isSet()}`);

async function worker(name: string): Promise<void> {
  await ready.wait();
  note(name, `ready at ${loop.time()}ms, waiting for jobs`);
  for (;;) {
    const job = jobs.shift();
    if (job !== undefined) {
      note(name, `takes ${job} at ${loop.time()}ms`);
      continue;
    }
    if (closing) break;
    // Wakes at least every 25 ms, as a worker that also checks on its own would.
    const notified = await jobPosted.wait(25);
    if (!notified) note(name, `no job for 25 ms (${loop.time()}ms)`);
  }
  note(name, `goes home at ${loop.time()}ms`);
}

async function late(): Promise<void> {
  try {
    await ready.wait(5);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    note('late', `gave up on ready at ${loop.time()}ms (${error.name})`);
  }
}

const running = [worker('w1'), worker('w2'), late()];
loop.callLater(10, () => {
  note('main', 'sets ready');
  ready.set();
});
loop.callLater(20, () => {
  jobs.push('job-1');
  jobPosted.notify();
});
loop.callLater(30, () => {
  jobs.push('job-2', 'job-3');
  jobPosted.notify(2);
});
loop.callLater(70, () => {
  closing = true;
  note('main', 'closing: notifyAll()');
  jobPosted.notifyAll();
});
loop.callLater(100, () => loop.stop());
await loop.start();
await Promise.all(running);
