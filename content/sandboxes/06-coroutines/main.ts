/** Step 06 demo: one line handler written twice, as a generator coroutine and with async/await: same order. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { coroutine, multi, sleep, type Coroutine } from './gen.ts';
import { IOLoop } from './ioloop.ts';
import { StreamClosedError, type IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

const seen = { gen: [] as string[], async: [] as string[] };
function say(style: 'gen' | 'async', stream: IOStream, text: string): void {
  seen[style].push(text);
  note(style, `fd ${stream.fd}: ${text}`);
}

const handleGen = coroutine(function* lines(stream: IOStream): Coroutine<void> {
  try {
    for (;;) {
      const line = (yield stream.readUntil('\n', 64)) as Uint8Array;
      say('gen', stream, `got ${line.length} B, echo after 10ms`);
      yield [stream.write(line), sleep(10)];
    }
  } catch (error) {
    if (!(error instanceof StreamClosedError)) throw error;
    say('gen', stream, 'closed');
  }
});

async function handleAsync(stream: IOStream): Promise<void> {
  try {
    for (;;) {
      const line = await stream.readUntil('\n', 64);
      say('async', stream, `got ${line.length} B, echo after 10ms`);
      await multi([stream.write(line), sleep(10)]);
    }
  } catch (error) {
    if (!(error instanceof StreamClosedError)) throw error;
    say('async', stream, 'closed');
  }
}

const net = (getPlatform() as VirtualPlatform).network;
const loop = new IOLoop();
printTrace((e) => e.kind === 'note' || e.kind.startsWith('coroutine'));
new (class extends TCPServer {
  override handleStream = (stream: IOStream) => handleGen(stream);
})().listen(8001);
new (class extends TCPServer {
  override handleStream = (stream: IOStream) => handleAsync(stream);
})().listen(8002);
for (const port of [8001, 8002]) {
  const a = net.client(`A:${port}`, port).send('one\ntwo\n');
  net.schedule(5, () => net.client(`B:${port}`, port).send('hi\n').close());
  net.schedule(30, () => a.close());
}
loop.callLater(50, () => loop.stop());
await loop.start();
const same = seen.gen.join() === seen.async.join();
note('main', `generator and async/await ran in the same order: ${same}`);
