/** Held-back checks for graceful-shutdown: repeated calls, the freed port, bodies half sent, pipelining, a server still listening. */

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

test('stop() twice is harmless, and frees the port for a new server', async () => {
  let b: VirtualClient | undefined;
  let error = 'none';
  await serve(new Application([['/', Hello]]), ({ server, loop, net }) => {
    loop.callLater(10, () => {
      try {
        server.stop();
        server.stop();
        new HTTPServer(new Application([['/', Hello]])).listen(8000);
      } catch (caught) {
        error = String(caught);
      }
    });
    net.schedule(20, () => {
      b = net.client('B', 8000).send(GET('/'));
    });
  });
  assert.equal(
    error,
    'none',
    'a second stop() and a new listen on the port throw nothing',
  );
  assert.equal(count(b!), 1, 'the new server on the same port answers');
});

test('a connection in the middle of its body is closed without a response', async () => {
  const bodies: number[] = [];
  class Echo extends RequestHandler {
    post(): void {
      bodies.push(this.request.body.length);
    }
  }
  let c: VirtualClient | undefined;
  let resolvedAt = -1;
  await serve(
    new Application([['/echo', Echo]]),
    ({ server, loop, client }) => {
      c = client('C').send(
        'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc',
      );
      loop.callLater(10, () => {
        server.stop();
        void server.closeAllConnections().then(() => {
          resolvedAt = loop.time();
        });
      });
    },
  );
  assert.equal(c?.text, '', 'no response to the half-sent request');
  assert.equal(c?.closedByServer, true, 'its connection is closed');
  assert.deepEqual(bodies, [], 'the handler never ran');
  assert.equal(resolvedAt, 10, 'closeAllConnections() resolved at 10 ms');
});

test('a pipelined request behind the cut-off one is never handled', async () => {
  const handled: string[] = [];
  class Slow extends RequestHandler {
    async get(): Promise<void> {
      handled.push('slow');
      await sleep(50);
    }
  }
  class Fast extends RequestHandler {
    get(): void {
      handled.push('fast');
    }
  }
  let c: VirtualClient | undefined;
  const app = new Application([
    ['/slow', Slow],
    ['/', Fast],
  ]);
  await serve(app, ({ server, loop, client }) => {
    c = client('C').send(GET('/slow') + GET('/'));
    loop.callLater(10, () => {
      server.stop();
      void server.closeAllConnections();
    });
  });
  assert.deepEqual(
    handled,
    ['slow'],
    'only the first request reached a handler',
  );
  assert.equal(c?.text, '', 'neither request was answered');
});

test('closeAllConnections() without stop() keeps listening: a later client is served', async () => {
  let a: VirtualClient | undefined;
  let b: VirtualClient | undefined;
  await serve(
    new Application([['/', Hello]]),
    ({ server, loop, net, client }) => {
      a = client('A').send(GET('/'));
      loop.callLater(10, () => void server.closeAllConnections());
      net.schedule(20, () => {
        b = client('B').send(GET('/'));
      });
    },
  );
  assert.equal(
    a?.closedByServer,
    true,
    'the connection open at 10 ms was closed',
  );
  assert.equal(count(b!), 1, 'a client arriving later is still served');
  assert.equal(b?.closedByServer, false, 'and its connection stays open');
});

test('a second closeAllConnections() resolves at once, as does one on a server with no connections', async () => {
  const seen: string[] = [];
  await serve(new Application([['/', Hello]]), ({ server, loop, client }) => {
    client('A').send(GET('/'));
    const idle = new HTTPServer(new Application([['/', Hello]]));
    idle.listen(8001);
    loop.callLater(10, () => {
      server.stop();
      void server
        .closeAllConnections()
        .then(() => {
          seen.push(`first at ${loop.time()}`);
          return server.closeAllConnections();
        })
        .then(() => seen.push(`second at ${loop.time()}`));
      void idle
        .closeAllConnections()
        .then(() => seen.push(`idle server at ${loop.time()}`));
    });
  });
  assert.deepEqual(
    [...seen].sort(),
    ['first at 10', 'idle server at 10', 'second at 10'],
    'every call resolves at 10 ms',
  );
});

test('the cut-off handler still runs to its end: onFinish runs, nothing is sent', async () => {
  const seen: string[] = [];
  class Slow extends RequestHandler {
    async get(): Promise<void> {
      await sleep(50);
      this.write('too late');
    }
    override onFinish(): void {
      seen.push(`onFinish at ${IOLoop.current().time()}`);
    }
  }
  let c: VirtualClient | undefined;
  await serve(new Application([['/', Slow]]), ({ server, loop, client }) => {
    c = client('C').send(GET('/'));
    loop.callLater(10, () => {
      server.stop();
      void server.closeAllConnections().then(() => seen.push('closed'));
    });
  });
  assert.order(
    seen,
    ['closed', 'onFinish at 50'],
    'closed at 10 ms, the handler ends at 50 ms',
  );
  assert.equal(c?.text, '', 'its late write goes nowhere');
});
