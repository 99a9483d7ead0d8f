import { fromLatin1, fromUtf8, latin1 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { makeApp } from '../app.ts';
import { IOLoop } from '../ioloop.ts';
import { Application, RequestHandler } from '../web.ts';

const HOST = 'Host: t\r\n';

/** Serves `app` on the virtual network, runs `script`, and stops the loop at `until` ms. */
async function serve(
  app: Application,
  script: (client: (name: string) => VirtualClient) => void,
  until = 500,
): Promise<void> {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  app.listen(8000);
  script((name) => net.client(name, 8000));
  loop.callLater(until, () => loop.stop());
  await loop.start();
}

/** Splits what a client received into "status body" pairs (Content-Length framed). */
function responses(client: VirtualClient): string[] {
  const out: string[] = [];
  let rest = latin1(client.received);
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, end);
    const length = Number(/Content-Length: (\d+)/.exec(head)?.[1] ?? 0);
    const body = fromLatin1(rest.slice(end + 4, end + 4 + length));
    out.push(`${head.slice(9, 12)} ${fromUtf8(body)}`);
    rest = rest.slice(end + 4 + length);
  }
  return out;
}

test('GET / answers "Hello, world" with a Content-Length', async () => {
  let c: VirtualClient | undefined;
  await serve(makeApp(), (client) => {
    c = client('a').send(`GET / HTTP/1.1\r\n${HOST}\r\n`);
  });
  assert.ok(c?.text.includes('Content-Length: 12\r\n'), c?.text);
  assert.deepEqual(responses(c!), ['200 Hello, world']);
});

test('routes: percent-decoded names, echo, 404 and 405 with Tornado pages', async () => {
  let c: VirtualClient | undefined;
  await serve(makeApp(), (client) => {
    c = client('a')
      .send(`GET /hello/J%C3%B6rg HTTP/1.1\r\n${HOST}\r\n`)
      .send(`POST /echo HTTP/1.1\r\n${HOST}Content-Length: 3\r\n\r\nabc`)
      .send(`GET /nope HTTP/1.1\r\n${HOST}\r\n`)
      .send(`DELETE / HTTP/1.1\r\n${HOST}\r\n`);
  });
  const page = (t: string) =>
    `<html><title>${t}</title><body>${t}</body></html>`;
  assert.deepEqual(responses(c!), [
    '200 Hello, Jörg',
    '200 abc',
    `404 ${page('404: Not Found')}`,
    `405 ${page('405: Method Not Allowed')}`,
  ]);
});

test('pipelined requests are answered in order, one at a time', async () => {
  let c: VirtualClient | undefined;
  await serve(makeApp(), (client) => {
    c = client('a').send(
      `GET /sleep?ms=50 HTTP/1.1\r\n${HOST}\r\nGET / HTTP/1.1\r\n${HOST}\r\n`,
    );
  });
  assert.deepEqual(responses(c!), ['200 slept 50', '200 Hello, world']);
});

test('lifecycle: prepare, the verb, finish, onFinish', async () => {
  const trace = recordTrace();
  await serve(makeApp(), (client) => {
    client('a').send(`GET / HTTP/1.1\r\n${HOST}\r\n`);
  });
  const hooks = trace.events.flatMap((e) =>
    e.kind === 'handler.hook' ? [e.hook] : [],
  );
  assert.order(hooks, ['prepare', 'get', 'finish', 'onFinish']);
});

test('a sleeping request does not hold up another connection', async () => {
  const order: string[] = [];
  await serve(makeApp(), (client) => {
    const a = client('A').send(`GET /sleep?ms=100 HTTP/1.1\r\n${HOST}\r\n`);
    a.onData(() => order.push('A answered'));
    const net = (getPlatform() as VirtualPlatform).network;
    net.schedule(10, () =>
      client('B')
        .send(`GET / HTTP/1.1\r\n${HOST}\r\n`)
        .onData(() => order.push('B answered')),
    );
  });
  assert.order(order, ['B answered', 'A answered']);
});

test('an exception in a handler becomes a 500 page and is logged', async () => {
  class Broken extends RequestHandler {
    get(): void {
      throw new Error('boom');
    }
  }
  const trace = recordTrace();
  let c: VirtualClient | undefined;
  await serve(new Application([['/', Broken]]), (client) => {
    c = client('a').send(`GET / HTTP/1.1\r\n${HOST}\r\n`);
  });
  assert.equal(responses(c!)[0]?.slice(0, 3), '500');
  // Logged as Tornado's app_log does: the request, then the stack.
  const logged = trace.events.find(
    (e) => e.kind === 'log' && e.logger === 'tornado.application',
  );
  const message = logged?.kind === 'log' ? logged.message : '(nothing)';
  assert.ok(
    /^Uncaught exception GET \/ \(127\.0\.0\.1\)\nError: boom\n\s+at /.test(
      message,
    ),
    `logged on tornado.application: ${message}`,
  );
});
