/** A program that cannot go on says why: the virtual network's give-up names every pending Future with where it was made, and the last events before it stopped. */
import { afterEach, expect, test } from 'vitest';
import { setPlatform } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace } from '../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../content/sandboxes/_template/virtual-net.ts';
import { Future } from '../../content/sandboxes/10-execution-order/concurrent.ts';
import { IOLoop } from '../../content/sandboxes/10-execution-order/ioloop.ts';
import { Application, RequestHandler } from '../../content/sandboxes/10-execution-order/web.ts';

afterEach(() => resetTrace());

test('a handler awaiting a Future nobody resolves: the error names it, where it was made, and what happened last', async () => {
  const platform = new VirtualPlatform({ print: null, giveUpAfter: 5_000, stopwatch: () => 0 });
  setPlatform(platform);
  resetTrace();
  class Wait extends RequestHandler {
    async get(): Promise<void> {
      await new Future<void>('reply-from-nowhere');
    }
  }
  const loop = new IOLoop();
  new Application([['/wait', Wait]]).listen(8000);
  platform.network.client('A', 8000).send('GET /wait HTTP/1.1\r\nHost: t\r\n\r\n');
  const stuck = await loop.start().then(
    () => '(the loop stopped normally)',
    (error: unknown) => (error as Error).message,
  );
  expect(stuck).toMatch(/^virtual clock would pass 5000 ms with nothing to do/);
  expect(stuck).toMatch(
    /Pending futures \(\d+\):\n(?:.*\n)* {2}reply-from-nowhere created at .*stuck\.test\.ts:\d+:\d+/,
  );
  expect(stuck).toMatch(/The last \d+ events:\n(?:.*\n)*.*client A {2,}send \d+ B "GET \/wait/);
});

test('no report when nothing was pending and nothing happened', () => {
  setPlatform(new VirtualPlatform({ print: null, giveUpAfter: 100 }));
  resetTrace();
  expect(
    () => void new VirtualPlatform({ print: null, giveUpAfter: 100 }).network.poll(1000),
  ).toThrow(/forget loop\.stop\(\), or does it wait for something that never comes\?$/);
});
