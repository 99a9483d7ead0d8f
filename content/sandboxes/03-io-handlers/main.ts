/** Step 03 demo: an echo server on the virtual network, or on real TCP with `--listen PORT`. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import { VirtualPlatform } from '../_template/virtual-net.ts';
import { startEchoServer } from './echo.ts';
import { IOLoop } from './ioloop.ts';

const platform = getPlatform();
const loop = new IOLoop();
printTrace();
const listener = startEchoServer(platform.options.listen ?? 8888);
if (platform instanceof VirtualPlatform) {
  const net = platform.network;
  const a = net.client('A', 8888).send('hello\n');
  net.schedule(5, () => net.client('B', 8888).send('hi from B\n'));
  net.schedule(10, () => a.send('bye\n').close());
  loop.callLater(20, function stop() {
    loop.stop();
  });
  await loop.start();
  note('main', `A got ${JSON.stringify(a.text)}`);
} else {
  const port = platform.network.localPort(listener);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
}
