import { latin1 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { Application, HTTPError, RequestHandler } from '../web.ts';

async function request(app: Application, raw: string): Promise<string> {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  app.listen(8100);
  const client: VirtualClient = net.client('a', 8100).send(raw);
  loop.callLater(100, () => loop.stop());
  await loop.start();
  return latin1(client.received);
}

function hooks(trace: ReturnType<typeof recordTrace>): string[] {
  return trace.events.flatMap((e) =>
    e.kind === 'handler.hook' ? [e.hook] : [],
  );
}

test('a prepare() that finishes the request skips the verb', async () => {
  class Gate extends RequestHandler {
    override prepare(): void {
      this.setStatus(403);
      this.finish('closed');
    }
    get(): void {
      this.write('should not be sent');
    }
  }
  const trace = recordTrace();
  const reply = await request(
    new Application([['/', Gate]]),
    'GET / HTTP/1.1\r\nHost: t\r\n\r\n',
  );
  assert.ok(reply.startsWith('HTTP/1.1 403'), 'status 403');
  assert.ok(reply.endsWith('closed'), 'body from prepare');
  assert.order(hooks(trace), ['prepare', 'finish', 'onFinish']);
});

test('a verb that finishes the request itself is not finished a second time', async () => {
  class Done extends RequestHandler {
    get(): void {
      this.finish('done');
    }
  }
  const trace = recordTrace();
  const reply = await request(
    new Application([['/', Done]]),
    'GET / HTTP/1.1\r\nHost: t\r\n\r\n',
  );
  assert.ok(reply.startsWith('HTTP/1.1 200'), 'status 200');
  assert.ok(reply.endsWith('done'), 'body from the verb');
  // A second finish() would throw, be logged and cut the connection.
  assert.ok(
    !trace.events.some(
      (e) =>
        e.kind === 'callback.error' ||
        (e.kind === 'log' && e.level === 'ERROR'),
    ),
    'nothing logged',
  );
  assert.order(hooks(trace), ['prepare', 'get', 'finish', 'onFinish']);
});

test('HTTPError becomes its status page and is not logged as a crash', async () => {
  class Missing extends RequestHandler {
    get(): void {
      throw new HTTPError(404);
    }
  }
  const trace = recordTrace();
  const reply = await request(
    new Application([['/', Missing]]),
    'GET / HTTP/1.1\r\nHost: t\r\n\r\n',
  );
  assert.ok(reply.startsWith('HTTP/1.1 404'), 'status 404');
  assert.ok(
    !trace.events.some(
      (e) =>
        e.kind === 'callback.error' ||
        (e.kind === 'log' && e.level === 'ERROR'),
    ),
    'nothing logged',
  );
});

test('a method outside SUPPORTED_METHODS gets 405 before prepare runs', async () => {
  const trace = recordTrace();
  class Any extends RequestHandler {}
  const reply = await request(
    new Application([['/', Any]]),
    'TRACE / HTTP/1.1\r\nHost: t\r\n\r\n',
  );
  assert.ok(reply.startsWith('HTTP/1.1 405'), `got ${reply.slice(0, 12)}`);
  assert.ok(!hooks(trace).includes('prepare'), 'prepare did not run');
});
