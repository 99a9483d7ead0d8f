/** readUntilRegex demo: a line server that accepts both `\r\n` and bare `\n`, and drops a client whose line runs past maxBytes. */

import { fromUtf8 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { IOLoop } from './ioloop.ts';
import type { IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

class ShoutServer extends TCPServer {
  override handleStream(stream: IOStream): void {
    const next = (): void => {
      stream.readUntilRegex(/\r?\n/, 16).addDoneCallback((line) => {
        const error = line.exception();
        if (error !== null) {
          const why = error instanceof Error ? error.message : String(error);
          note('main', `fd ${stream.fd} read failed: ${why}`);
          return;
        }
        const text = fromUtf8(line.result());
        note('main', `fd ${stream.fd} line ${JSON.stringify(text)}`);
        stream.write(text.toUpperCase());
        next();
      });
    };
    next();
  }
}

const net = (getPlatform() as VirtualPlatform).network;
const loop = new IOLoop();
printTrace(
  (event) =>
    event.kind === 'note' ||
    event.kind === 'callback.error' ||
    event.kind === 'io.read' ||
    event.kind === 'io.close',
);

new ShoutServer().listen(8888);
// The first line arrives in two pieces; the match spans them.
const a = net.client('A', 8888).send('hello\r');
net.schedule(3, () => a.send('\nunix\nmac\r\n'));
// No line end within 16 bytes: the read fails and the stream closes.
const b = net.client('B', 8888).send('this line never ends and keeps going');
loop.callLater(10, function stop() {
  loop.stop();
});
await loop.start();
note('main', `A got ${JSON.stringify(a.text)}`);
note('main', `B got ${JSON.stringify(b.text)}`);
