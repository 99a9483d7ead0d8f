/** Demo of request-arguments: a handler reads its arguments from the query string and a form body. */

import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { routes } from './app.ts';
import { HTTPServer } from './httpserver.ts';
import { IOLoop } from './ioloop.ts';
import { Application, RequestHandler } from './web.ts';

/** GET or POST /greet?name=…&tag=…: greets `name`, lists every `tag`. */
class GreetHandler extends RequestHandler {
  get(): void {
    const name = this.getArgument('name', 'world');
    const tags = this.getArguments('tag');
    this.write(`Hello, ${name}! tags: ${tags.join(', ') || '(none)'}`);
  }

  post(): void {
    this.get();
  }
}

/** GET /need: `id` is required, so without it the answer is 400. */
class NeedHandler extends RequestHandler {
  get(): void {
    this.write(`id = ${this.getArgument('id')}`);
  }
}

const platform = getPlatform();
const loop = new IOLoop();
const port = platform.options.listen;
const app = new Application([
  ['/greet', GreetHandler],
  ['/need', NeedHandler],
  ...routes,
]);

if (port !== undefined) {
  new HTTPServer(app, platform.options).listen(port);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
} else {
  const net = (platform as VirtualPlatform).network;
  app.listen(8888);
  // Responses, and the log line of a TODO still in the starter.
  printTrace(
    (e) =>
      e.kind === 'log' ||
      e.kind === 'note' ||
      (e.kind === 'client' && e.action === 'receive'),
  );
  const host = 'Host: demo\r\n';
  const form = 'Content-Type: application/x-www-form-urlencoded\r\n';
  const body = 'name=J%C3%B6rg+M%C3%BCller&tag=body';
  note('demo', 'A: query string; B: query + form body; C: /need without id');
  const clients = [
    net
      .client('A', 8888)
      .send(`GET /greet?name=+Ana+&tag=x&tag=y HTTP/1.1\r\n${host}\r\n`),
    net
      .client('B', 8888)
      .send(
        `POST /greet?tag=query HTTP/1.1\r\n${host}${form}Content-Length: ${body.length}\r\n\r\n${body}`,
      ),
    net.client('C', 8888).send(`GET /need HTTP/1.1\r\n${host}\r\n`),
  ];
  loop.callLater(50, () => loop.stop());
  await loop.start();
  // The trace shows only the start of each reply: print status and body.
  for (const client of clients) {
    const [head = '', text = ''] = client.text.split('\r\n\r\n');
    platform.print(`${client.name}: ${head.split('\r\n')[0]} | ${text}`);
  }
}
