/** Step 09 demo: the reference app on virtual clients (a trace), or on real TCP with --listen. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { makeApp } from './app.ts';
import { HTTPServer } from './httpserver.ts';
import { IOLoop } from './ioloop.ts';

const platform = getPlatform();
const loop = new IOLoop();
const port = platform.options.listen;

if (port !== undefined) {
  // The run options may carry HTTPServer's timeouts (see RunOptions).
  new HTTPServer(makeApp(), platform.options).listen(port);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
} else {
  const net = (platform as VirtualPlatform).network;
  makeApp().listen(8888);
  printTrace(
    (e) =>
      /^(http|handler|client|note)/.test(e.kind) && e.kind !== 'http.headers',
  );
  const host = 'Host: demo\r\n';
  note('demo', 'A waits 100 ms for /sleep; B pipelines two requests meanwhile');
  const a = net
    .client('A', 8888)
    .send(`GET /sleep?ms=100 HTTP/1.1\r\n${host}\r\n`);
  net.schedule(10, () =>
    net
      .client('B', 8888)
      .send(`GET /hello/%E4%B8%96%E7%95%8C HTTP/1.1\r\n${host}\r\n`)
      .send(`POST /echo HTTP/1.1\r\n${host}Content-Length: 4\r\n\r\nping`),
  );
  net.schedule(20, () =>
    net.client('C', 8888).send(`GET / HTTP/1.1\r\nHost : demo\r\n\r\n`),
  );
  net.schedule(30, () =>
    net.client('D', 8888).send(`PUT / HTTP/1.1\r\n${host}\r\n`),
  );
  loop.callLater(200, () => {
    a.close();
    loop.stop();
  });
  await loop.start();
}
