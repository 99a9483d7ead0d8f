/** Visible checks for graceful-shutdown: TCPServer.stop() and HTTPServer.closeAllConnections(). */

import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualNetwork,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { sleep } from '../gen.ts';
import { HTTPServer } from '../httpserver.ts';
import { IOLoop } from '../ioloop.ts';
import { Application, RequestHandler } from '../web.ts';

const GET = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: t\r\n\r\n`;

class Hello extends RequestHandler {
  get(): void {
    this.write('hi');
  }
}

interface Scene {
  server: HTTPServer;
  loop: IOLoop;
  net: VirtualNetwork;
  client(name: string): VirtualClient;
}

/** Serves `app` on port 8000 of the virtual network, runs `script`, stops the loop at `until` ms. */
async function serve(
  app: Application,
  script: (scene: Scene) => void,
  until = 300,
): Promise<void> {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const server = new HTTPServer(app);
  server.listen(8000);
  script({ server, loop, net, client: (name) => net.client(name, 8000) });
  loop.callLater(until, () => loop.stop());
  await loop.start();
}

/** How many responses a client received (each starts with a status line). */
function count(client: VirtualClient): number {
  return client.text.split('HTTP/1.1 ').length - 1;
}

test('stop() refuses new connections; an accepted keep-alive connection is still served', async () => {
  let a: VirtualClient | undefined;
  let b: VirtualClient | undefined;
  await serve(
    new Application([['/', Hello]]),
    ({ server, loop, net, client }) => {
      a = client('A').send(GET('/'));
      loop.callLater(10, () => server.stop());
      net.schedule(20, () => {
        b = client('B').send(GET('/'));
        a?.send(GET('/'));
      });
    },
  );
  assert.equal(b?.text, '', 'a client connecting after stop() gets no bytes');
  assert.equal(b?.closedByServer, true, 'its connection is refused');
  assert.equal(
    count(a!),
    2,
    'the connection accepted before stop() answers a second request',
  );
  assert.equal(a?.closedByServer, false, 'and it stays open');
});

test('closeAllConnections() closes an idle keep-alive connection at once and resolves', async () => {
  let a: VirtualClient | undefined;
  let resolvedAt = -1;
  await serve(new Application([['/', Hello]]), ({ server, loop, client }) => {
    a = client('A').send(GET('/'));
    loop.callLater(10, () => {
      server.stop();
      void server.closeAllConnections().then(() => {
        resolvedAt = loop.time();
      });
    });
  });
  assert.equal(
    count(a!),
    1,
    'the request sent before the shutdown was answered',
  );
  assert.equal(a?.closedByServer, true, 'the idle connection was closed');
  assert.equal(
    resolvedAt,
    10,
    'closeAllConnections() resolved at 10 ms, when it was called',
  );
});

test('a request in flight is cut off: onConnectionClose runs, then closeAllConnections() resolves', async () => {
  const seen: string[] = [];
  let now = (): number => -1;
  class Slow extends RequestHandler {
    async get(): Promise<void> {
      seen.push(`get() starts at ${now()} ms`);
      await sleep(100);
      seen.push(`get() resumes at ${now()} ms`);
      this.write('late');
    }
    override onConnectionClose(): void {
      seen.push(`onConnectionClose() at ${now()} ms`);
    }
  }
  let c: VirtualClient | undefined;
  await serve(
    new Application([['/slow', Slow]]),
    ({ server, loop, client }) => {
      now = () => loop.time();
      c = client('C').send(GET('/slow'));
      loop.callLater(10, () => {
        seen.push(`stop() and closeAllConnections() at ${loop.time()} ms`);
        server.stop();
        void server.closeAllConnections().then(() => {
          seen.push(`closeAllConnections() resolved at ${loop.time()} ms`);
        });
      });
    },
  );
  assert.order(
    seen,
    [
      'get() starts at 0 ms',
      'stop() and closeAllConnections() at 10 ms',
      'onConnectionClose() at 10 ms',
      'closeAllConnections() resolved at 10 ms',
      'get() resumes at 100 ms',
    ],
    'as in Tornado, the connection closes at once: no waiting for the handler',
  );
  assert.equal(c?.text, '', 'the cut-off request gets no response');
  assert.equal(c?.closedByServer, true, 'its connection is closed');
});

test('stop() and closeAllConnections() together end several connections', async () => {
  const clients: VirtualClient[] = [];
  class Slow extends RequestHandler {
    async get(): Promise<void> {
      await sleep(100);
    }
  }
  let resolvedAt = -1;
  const app = new Application([
    ['/', Hello],
    ['/slow', Slow],
  ]);
  await serve(app, ({ server, loop, net, client }) => {
    clients.push(client('A').send(GET('/')));
    clients.push(client('B').send(GET('/slow')));
    clients.push(client('C'));
    loop.callLater(10, () => {
      server.stop();
      void server.closeAllConnections().then(() => {
        resolvedAt = loop.time();
      });
    });
    net.schedule(20, () => clients.push(client('D').send(GET('/'))));
  });
  assert.deepEqual(
    clients.map((c) => [c.name, count(c), c.closedByServer]),
    [
      ['A', 1, true],
      ['B', 0, true],
      ['C', 0, true],
      ['D', 0, true],
    ],
    'A was answered before the shutdown; B, C and D get nothing; all are closed',
  );
  assert.equal(resolvedAt, 10, 'closeAllConnections() resolved at 10 ms');
});
