/** Demo of graceful-shutdown: stop() turns new clients away and closeAllConnections() ends the open ones. */

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
  // On real TCP there is no script to shut down after: just serve.
  new HTTPServer(makeApp(), platform.options).listen(port);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
} else {
  const net = (platform as VirtualPlatform).network;
  const server = new HTTPServer(makeApp());
  server.listen(8888);
  printTrace(
    (e) =>
      /^(http|handler|client|note)/.test(e.kind) && e.kind !== 'http.headers',
  );
  const host = 'Host: demo\r\n';
  note('demo', 'A is idle after one request; B waits 100 ms in /sleep');
  net.client('A', 8888).send(`GET / HTTP/1.1\r\n${host}\r\n`);
  net.client('B', 8888).send(`GET /sleep?ms=100 HTTP/1.1\r\n${host}\r\n`);
  loop.callLater(20, function shutDown() {
    note('demo', 'stop(), then closeAllConnections()');
    try {
      server.stop();
      void server.closeAllConnections().then(() => {
        note('demo', `every connection closed at ${loop.time()} ms`);
      });
    } catch (error) {
      // The starter's TODO lands here: say so and end, rather than idle.
      platform.print(`error: ${(error as Error).message}`);
      loop.stop();
    }
  });
  net.schedule(30, () => {
    note('demo', 'C connects after stop(): refused');
    net.client('C', 8888).send(`GET / HTTP/1.1\r\n${host}\r\n`);
  });
  loop.callLater(200, () => loop.stop());
  await loop.start();
}
