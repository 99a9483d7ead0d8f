/** runInExecutor runs exported functions on real threads (worker_threads here): the loop stays free, results come back through the waker, and what cannot move says why. */
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NodePlatform } from '../../content/sandboxes/_template/node-bridge.ts';
import { NodeThreads } from '../../content/sandboxes/_template/node-threads.ts';
import { setPlatform, setThreadHost } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace, subscribe, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import { THREAD_PRINT_CAP } from '../../content/sandboxes/_template/thread.ts';
import { VirtualPlatform } from '../../content/sandboxes/_template/virtual-net.ts';
import type { Future } from '../../content/sandboxes/10-execution-order/concurrent.ts';
import { runInExecutor } from '../../content/sandboxes/10-execution-order/executor.ts';
import { IOLoop } from '../../content/sandboxes/10-execution-order/ioloop.ts';
import * as work from '../fixtures/threads/work.ts';

const threads = new NodeThreads({
  dirs: [fileURLToPath(new URL('../fixtures/threads/', import.meta.url))],
});

/** Runs the loop until `future` is done; returns the loop time then, and when a 10 ms timer fired. */
async function until(
  loop: IOLoop,
  future: Future<unknown>,
): Promise<{ done: number; timer: number }> {
  let timer = -1;
  let done = -1;
  loop.callLater(10, () => (timer = loop.time()));
  future.addDoneCallback(() => {
    done = loop.time();
    loop.stop();
  });
  await loop.start();
  return { done, timer };
}

beforeEach(() => {
  setThreadHost(threads);
  resetTrace();
});
afterEach(() => setThreadHost(null));

describe('on the virtual network', () => {
  test('an exported function runs on another thread', async () => {
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const loop = new IOLoop();
    const future = runInExecutor(work.whichThread);
    await until(loop, future);
    expect(future.result()).not.toBe(threadId);
  });

  test("the thread's blockFor costs virtual time the result waits for; the loop goes on meanwhile", async () => {
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const loop = new IOLoop();
    const future = runInExecutor(work.costly, 300, 'done');
    expect(loop.time()).toBe(0);
    expect(await until(loop, future)).toEqual({ done: 300, timer: 10 });
    expect(future.result()).toBe('done');
  });

  test("a reader's real busy loop moves the clock by its real time on its thread, never the loop's", async () => {
    setPlatform(new VirtualPlatform({ print: null }));
    const events: Stamped[] = [];
    subscribe((event) => events.push(event));
    const loop = new IOLoop();
    const future = runInExecutor(work.spin, 200);
    const { done, timer } = await until(loop, future);
    expect(future.result()).toBe('spun 200');
    // The loop was free: its timer fired on time, and nothing on it was slow.
    expect(timer).toBe(10);
    expect(done).toBeGreaterThanOrEqual(150);
    expect(events.filter((e) => e.kind === 'log' && e.logger === 'asyncio')).toEqual([]);
  });

  test('an error on the thread fails the Future with its type, message and stack', async () => {
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const loop = new IOLoop();
    const future = runInExecutor(work.fails);
    await until(loop, future);
    const error = future.exception() as Error;
    expect(error.name).toBe('RangeError');
    expect(error.message).toBe('no primes below 2');
    expect(error.stack).toContain('work.ts');
  });

  test.each([
    [
      'a closure',
      () => runInExecutor(() => work.spin(1)),
      /cannot go to a worker thread.*ProcessPoolExecutor/s,
    ],
    [
      'a function argument',
      () => runInExecutor(work.costly, 1, (() => 'x') as unknown as string),
      /an argument cannot be copied/,
    ],
    [
      'a function result',
      () => runInExecutor(work.answersWithAFunction),
      /the result of answersWithAFunction cannot be copied/,
    ],
    ['a Promise result', () => runInExecutor(work.answersLater), /answersLater returned a Promise/],
    [
      'a socket on the thread',
      () => runInExecutor(work.opensASocket),
      /an executor thread has no sockets/,
    ],
  ])('%s is refused with the reason', async (_what, submit, reason) => {
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const loop = new IOLoop();
    const future = submit() as Future<unknown>;
    await until(loop, future);
    expect(() => future.result()).toThrow(reason);
  });

  test('a runtime without threads fails the Future and says so, instead of running on the loop', async () => {
    setThreadHost(null);
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const loop = new IOLoop();
    const future = runInExecutor(work.whichThread);
    await until(loop, future);
    expect(() => future.result()).toThrow(/no threads/);
  });

  test("the thread's output is printed when its result is delivered", async () => {
    const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
    setPlatform(platform);
    const loop = new IOLoop();
    const future = runInExecutor(work.printsThenAnswers);
    await until(loop, future);
    expect(future.result()).toBe(7);
    expect(platform.output).toEqual(['printed on the thread']);
  });
  test("a thread's flood of output is capped before it reaches the loop", async () => {
    const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
    setPlatform(platform);
    const loop = new IOLoop();
    const future = runInExecutor(work.floods, 100_000);
    await until(loop, future);
    expect(future.result()).toBe(100_000);
    expect(platform.output).toHaveLength(THREAD_PRINT_CAP + 1);
    expect(platform.output.at(-1)).toBe('… (more lines)');
  });

  test('a thread that runs long is announced: the virtual clock is waiting for it', async () => {
    const platform = new VirtualPlatform({
      print: null,
      stopwatch: () => 0,
      threadNoticeAfterMs: 200,
    });
    setPlatform(platform);
    const loop = new IOLoop();
    const future = runInExecutor(work.spin, 1000);
    await until(loop, future);
    expect(future.result()).toBe('spun 1000');
    expect(platform.output).toEqual([
      'spin is still running on an executor thread after 0.2 s; the virtual clock waits for it (Stop or Ctrl-C ends a thread that never returns)',
    ]);
    // A quick thread says nothing.
    const quick = runInExecutor(work.costly, 10, 'quick');
    await until(loop, quick);
    expect(platform.output).toHaveLength(1);
  });
});

describe("on a virtual clock that follows real time (the page's serve mode)", () => {
  test('poll does not wait for a running thread; its result is delivered when it arrives', async () => {
    let arrived = false;
    const platform = new VirtualPlatform({
      print: null,
      stopwatch: () => 0,
      onThreadDone: () => {
        arrived = true;
      },
    });
    setPlatform(platform);
    const loop = new IOLoop();
    const future = runInExecutor(work.spin, 300);
    expect(await platform.network.poll(0)).toEqual([]);
    expect(arrived).toBe(false);
    // The result comes once the thread is done, at the clock's time then.
    while (!arrived) await new Promise((resolve) => setTimeout(resolve, 20));
    future.addDoneCallback(() => loop.stop());
    await loop.start();
    expect(future.result()).toBe('spun 300');
    expect(loop.time()).toBe(0);
  });
});

describe('on real time (NodePlatform, as with --listen)', () => {
  test("a thread's result wakes a loop asleep in poll with nothing else to do", async () => {
    setPlatform(new NodePlatform());
    const loop = new IOLoop();
    const future = runInExecutor(work.costly, 50, 'woken');
    future.addDoneCallback(() => loop.stop());
    // With no timer, poll sleeps for POLL_TIMEOUT (an hour) unless the result wakes it.
    await loop.start();
    expect(future.result()).toBe('woken');
  });
});
