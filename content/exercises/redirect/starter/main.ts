/** Demo of redirect: old paths send the client to new ones with 301, 302 and 303. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { routes } from './app.ts';
import { HTTPServer } from './httpserver.ts';
import { IOLoop } from './ioloop.ts';
import { Application, RequestHandler } from './web.ts';

/** GET /old: the page moved for good. */
class MovedHandler extends RequestHandler {
  get(): void {
    this.redirect('/', true);
  }
}

/** GET /login: a temporary detour. */
class LoginHandler extends RequestHandler {
  get(): void {
    this.redirect('/hello/guest');
  }
}

/** POST /form: after a POST, "see other" turns the next request into a GET. */
class FormHandler extends RequestHandler {
  post(): void {
    this.redirect('/hello/thanks', false, 303);
  }
}

const platform = getPlatform();
const loop = new IOLoop();
const port = platform.options.listen;
const app = new Application([
  ['/old', MovedHandler],
  ['/login', LoginHandler],
  ['/form', FormHandler],
  ...routes,
]);

if (port !== undefined) {
  new HTTPServer(app, platform.options).listen(port);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
} else {
  const net = (platform as VirtualPlatform).network;
  app.listen(8888);
  // The log line of a TODO still in the starter, and the demo's notes.
  printTrace((e) => e.kind === 'log' || e.kind === 'note');
  const host = 'Host: demo\r\n';
  note('demo', 'GET /old, GET /login, POST /form');
  const clients = [
    net.client('A', 8888).send(`GET /old HTTP/1.1\r\n${host}\r\n`),
    net.client('B', 8888).send(`GET /login HTTP/1.1\r\n${host}\r\n`),
    net
      .client('C', 8888)
      .send(`POST /form HTTP/1.1\r\n${host}Content-Length: 0\r\n\r\n`),
  ];
  loop.callLater(50, () => loop.stop());
  await loop.start();
  // Each reply's status line and Location, if any.
  for (const client of clients) {
    const head = client.text.split('\r\n\r\n')[0] ?? '';
    const lines = head.split('\r\n');
    const location = lines.find((line) => line.startsWith('Location: '));
    platform.print(
      `${client.name}: ${lines[0]}${location ? ` | ${location}` : ''}`,
    );
  }
}
