/** Visible checks for redirect: status, reason phrase and Location of RequestHandler.redirect. */

import { latin1 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { Application, RequestHandler, type HandlerClass } from '../web.ts';

const HOST = 'Host: t\r\n';

/** Serves one handler at `/` on a fresh virtual port, sends `raw`, returns what came back. */
async function request(
  handler: HandlerClass,
  raw = `GET / HTTP/1.1\r\n${HOST}\r\n`,
): Promise<VirtualClient> {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const port = net.localPort(new Application([['/', handler]]).listen(0));
  const client = net.client('a', port).send(raw);
  loop.callLater(100, () => loop.stop());
  await loop.start();
  return client;
}

/** The status line, the named headers (absent: '-') and the body of the first response. */
function summary(client: VirtualClient, ...names: string[]): string[] {
  const text = latin1(client.received);
  const end = text.indexOf('\r\n\r\n');
  const lines = text.slice(0, end).split('\r\n');
  const header = (name: string): string =>
    lines
      .find((line) => line.startsWith(`${name}: `))
      ?.slice(name.length + 2) ?? '-';
  return [lines[0] ?? '', ...names.map(header), text.slice(end + 4)];
}

test('redirect(url) answers 302 Found with a Location and an empty body', async () => {
  class Go extends RequestHandler {
    get(): void {
      this.redirect('/target?x=1');
    }
  }
  assert.deepEqual(
    summary(await request(Go), 'Location', 'Content-Length'),
    ['HTTP/1.1 302 Found', '/target?x=1', '0', ''],
    'a temporary redirect by default',
  );
});

test('permanent = true answers 301 Moved Permanently', async () => {
  class Go extends RequestHandler {
    get(): void {
      this.redirect('http://example.com/', true);
    }
  }
  assert.deepEqual(
    summary(await request(Go), 'Location'),
    ['HTTP/1.1 301 Moved Permanently', 'http://example.com/', ''],
    'a permanent redirect',
  );
});

test('an explicit status wins over permanent', async () => {
  const lines: string[] = [];
  for (const [permanent, status] of [
    [false, 303],
    [true, 307],
    [false, 308],
  ] as const) {
    class Go extends RequestHandler {
      get(): void {
        this.redirect('/x', permanent, status);
      }
    }
    lines.push(summary(await request(Go))[0] ?? '');
  }
  assert.deepEqual(
    lines,
    [
      'HTTP/1.1 303 See Other',
      'HTTP/1.1 307 Temporary Redirect',
      'HTTP/1.1 308 Permanent Redirect',
    ],
    'the status given is the status sent',
  );
});

test('a status outside 300-399 is refused with a 500; the edges 300 and 399 are accepted', async () => {
  const lines: string[] = [];
  for (const status of [200, 300, 399]) {
    class Go extends RequestHandler {
      get(): void {
        this.redirect('/x', false, status);
      }
    }
    const [line = '', location = ''] = summary(await request(Go), 'Location');
    lines.push(`${line} | ${location}`);
  }
  assert.deepEqual(
    lines,
    [
      'HTTP/1.1 500 Internal Server Error | -',
      'HTTP/1.1 300 Multiple Choices | /x',
      'HTTP/1.1 399 Unknown | /x',
    ],
    '200 becomes a 500 page without Location; 300 and 399 redirect (399 has no reason phrase)',
  );
});
