/** Step 05 demo: Futures: done callbacks run on the loop, never inline; the line echo server now chains Futures. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { chainFuture, Future } from './concurrent.ts';
import { IOLoop } from './ioloop.ts';
import type { IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

class LineEchoServer extends TCPServer {
  override handleStream(stream: IOStream): void {
    function onLine(line: Future<Uint8Array>): void {
      if (line.exception() !== null) return; // closed: EOF or too long
      stream.write(line.result());
      stream.readUntil('\n', 16).addDoneCallback(onLine);
    }
    stream.readUntil('\n', 16).addDoneCallback(onLine);
  }
}

const net = (getPlatform() as VirtualPlatform).network;
const loop = new IOLoop();
printTrace((event) => event.kind !== 'callback.queued');

const answer = new Future<number>('answer');
const copy = new Future<number>('copy');
chainFuture(answer, copy);
copy.addDoneCallback(function report(f) {
  note('main', `copy holds ${f.result()}`);
});
loop.callLater(1, function compute() {
  answer.setResult(42);
  note('main', 'setResult returned; no callback has run yet');
});

new LineEchoServer().listen(8888);
const a = net.client('A', 8888).send('one\ntw');
net.schedule(5, () => a.send('o\n').close());
loop.callLater(10, function stop() {
  loop.stop();
});
await loop.start();
note('main', `A got ${JSON.stringify(a.text)}`);
