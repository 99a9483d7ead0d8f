/** withTimeout demo: four upstream calls get a 50 ms deadline; the slow ones time out but are not cancelled. */

import { describeError, note, printTrace } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { IOLoop } from './ioloop.ts';
import { withTimeout } from './timeouts.ts';

printTrace((event) => event.kind === 'note' || event.kind === 'log');
const loop = new IOLoop();
const DEADLINE_MS = 50;

/** Stands in for a call to another service: it answers, or fails, after `ms`. */
function upstream(
  name: string,
  ms: number,
  answer: string | Error,
): Future<string> {
  const future = new Future<string>(name, loop);
  loop.callLater(ms, function reply() {
    if (answer instanceof Error) future.setException(answer);
    else future.setResult(answer);
  });
  return future;
}

const calls: [string, Future<string>][] = [
  ['fast', upstream('fast', 20, 'fast answer')],
  ['broken', upstream('broken', 10, new Error('502 Bad Gateway'))],
  ['slow', upstream('slow', 120, 'slow answer')],
  ['flaky', upstream('flaky', 80, new Error('connection reset'))],
];
const deadline = loop.time() + DEADLINE_MS;
const guarded = calls.map(([name, call]) => {
  // The call goes on after the deadline; only our wait for it ends.
  call.addDoneCallback((done) => {
    const error = done.exception();
    const outcome = error === null ? done.result() : describeError(error);
    note(name, `the call itself ended at ${loop.time()} ms: ${outcome}`);
  });
  return [name, withTimeout(deadline, call)] as const;
});

async function wait(name: string, future: Future<string>): Promise<void> {
  try {
    note(name, `got "${await future}" at ${loop.time()} ms`);
  } catch (error) {
    note(name, `${describeError(error)} at ${loop.time()} ms`);
  }
}

for (const [name, future] of guarded) void wait(name, future);
loop.callLater(150, function stop() {
  loop.stop();
});
await loop.start();
