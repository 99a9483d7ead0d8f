/** Step 06's two styles of handler are equivalent in failure too: an exception in a generator coroutine or an async function is logged by the loop, never lost and never a crash. */
import { afterEach, expect, test } from 'vitest';
import { setPlatform } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace, subscribe, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../content/sandboxes/_template/virtual-net.ts';
import { coroutine, type Coroutine } from '../../content/sandboxes/06-coroutines/gen.ts';
import { IOLoop } from '../../content/sandboxes/06-coroutines/ioloop.ts';
import type { IOStream } from '../../content/sandboxes/06-coroutines/iostream.ts';
import { TCPServer } from '../../content/sandboxes/06-coroutines/tcpserver.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  resetTrace();
});

/** Serves one connection with `handle`, sends a line, and returns the loop's error events. */
async function serveOnce(
  handle: (stream: IOStream) => void | PromiseLike<unknown>,
): Promise<Stamped[]> {
  const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
  setPlatform(platform);
  resetTrace();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  const events: Stamped[] = [];
  subscribe((event) => events.push(event));
  const loop = new IOLoop();
  new (class extends TCPServer {
    override handleStream = handle;
  })().listen(8001);
  platform.network.client('A', 8001).send('bad\n');
  loop.callLater(50, () => loop.stop());
  await loop.start();
  // Give a stray rejection the host turn it needs to be reported.
  await new Promise((resolve) => setImmediate(resolve));
  return events.filter((e) => e.kind === 'callback.error');
}

const fail = (line: Uint8Array) => new Error(`cannot handle ${line.length} B`);

test('an async handler that throws is logged by the loop, with no unhandled rejection', async () => {
  const errors = await serveOnce(async (stream) => {
    throw fail(await stream.readUntil('\n', 64));
  });
  expect(errors.map((e) => e.kind === 'callback.error' && `${e.name}: ${e.error}`)).toEqual([
    'handleStream: Error: cannot handle 4 B',
  ]);
  expect(unhandled).toEqual([]);
});

test('a generator coroutine that throws is logged the same way', async () => {
  const handle = coroutine(function* lines(stream: IOStream): Coroutine<void> {
    throw fail((yield stream.readUntil('\n', 64)) as Uint8Array);
  });
  const errors = await serveOnce((stream) => handle(stream));
  expect(errors.map((e) => e.kind === 'callback.error' && `${e.name}: ${e.error}`)).toEqual([
    'handleStream: Error: cannot handle 4 B',
  ]);
  expect(unhandled).toEqual([]);
});
