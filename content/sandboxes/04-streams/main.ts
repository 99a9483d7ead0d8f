/** Step 04 demo: a line echo server on IOStream callbacks; a line over the limit closes its connection. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { IOLoop } from './ioloop.ts';
import type { IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

class LineEchoServer extends TCPServer {
  override handleStream(stream: IOStream): void {
    stream.setCloseCallback(function onClose() {
      note(`fd ${stream.fd}`, `closed: ${stream.error?.message ?? 'EOF'}`);
    });
    function onLine(line: Uint8Array): void {
      stream.write(line);
      stream.readUntil('\n', onLine, 16);
    }
    stream.readUntil('\n', onLine, 16);
  }
}

const net = (getPlatform() as VirtualPlatform).network;
const loop = new IOLoop();
printTrace((event) => !event.kind.startsWith('callback.queued'));
new LineEchoServer().listen(8888);
const a = net.client('A', 8888).send('one\ntw');
net.schedule(5, () => a.send('o\nthree\n'));
net.schedule(10, () => a.close());
net.schedule(8, () => net.client('B', 8888).send('a line far too long\n'));
loop.callLater(20, function stop() {
  loop.stop();
});
await loop.start();
note('main', `A got ${JSON.stringify(a.text)}`);
