/** Held-back checks for redirect: after flush(), unsafe and non-ASCII URLs, what was set before, HEAD, odd statuses. */

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

test('redirect after flush() throws "Cannot redirect after headers have been written"', async () => {
  let caught = 'nothing';
  class Go extends RequestHandler {
    get(): void {
      this.write('a');
      this.flush();
      try {
        this.redirect('/x');
      } catch (error) {
        caught = (error as Error).message;
      }
      this.write('b');
    }
  }
  const client = await request(Go);
  assert.equal(
    caught,
    'Cannot redirect after headers have been written',
    'the error message',
  );
  assert.deepEqual(
    summary(client, 'Location'),
    ['HTTP/1.1 200 OK', '-', '1\r\na\r\n1\r\nb\r\n0\r\n\r\n'],
    'the response already begun goes on unchanged',
  );
});

test('a URL with a control character (CR LF injection) is refused: 500, no forged header', async () => {
  const lines: string[][] = [];
  const urls = [
    '/x\r\nSet-Cookie: a=b',
    '/tab\there',
    '/nul\u0000',
    '/del\u007f',
  ];
  for (const url of urls) {
    class Go extends RequestHandler {
      get(): void {
        this.redirect(url);
      }
    }
    lines.push(
      summary(await request(Go), 'Location', 'Set-Cookie').slice(0, 3),
    );
  }
  const refused = ['HTTP/1.1 500 Internal Server Error', '-', '-'];
  assert.deepEqual(
    lines,
    [refused, refused, refused, ['HTTP/1.1 302 Found', '/del\u007f', '-']],
    'each is a 500 without Location; DEL (0x7f) passes, as in Tornado',
  );
});

test('a non-ASCII URL goes out as its UTF-8 bytes', async () => {
  class Go extends RequestHandler {
    get(): void {
      this.redirect('/café/世界');
    }
  }
  const [, location] = summary(await request(Go), 'Location');
  assert.equal(
    location,
    '/caf\u00c3\u00a9/\u00e4\u00b8\u0096\u00e7\u0095\u008c',
    'the Location bytes are the UTF-8 encoding of the URL',
  );
});

test('what was set before the redirect is kept, except the status', async () => {
  class Go extends RequestHandler {
    get(): void {
      this.setStatus(404);
      this.setHeader('X-Trace', 'abc');
      this.write('moved');
      this.redirect('/x');
    }
  }
  assert.deepEqual(
    summary(await request(Go), 'X-Trace', 'Location', 'Content-Length'),
    ['HTTP/1.1 302 Found', 'abc', '/x', '5', 'moved'],
    'the header and the buffered body stay; the status becomes 302',
  );
});

test('redirect finishes the request: HEAD gets headers only, onFinish runs once', async () => {
  const seen: string[] = [];
  class Go extends RequestHandler {
    head(): void {
      this.redirect('/h', true);
      seen.push(`after redirect, status ${this.getStatus()}`);
    }
    override onFinish(): void {
      seen.push('onFinish');
    }
  }
  const client = await request(Go, `HEAD / HTTP/1.1\r\n${HOST}\r\n`);
  assert.deepEqual(
    summary(client, 'Location'),
    ['HTTP/1.1 301 Moved Permanently', '/h', ''],
    'a 301 with Location, no body',
  );
  assert.deepEqual(
    seen,
    ['onFinish', 'after redirect, status 301'],
    'finished inside redirect, once',
  );
});

test('statuses that are not whole numbers from 300 to 399 are all refused', async () => {
  const lines: string[] = [];
  for (const status of [299, 400, 301.5, Number.NaN, 301]) {
    class Go extends RequestHandler {
      get(): void {
        this.redirect('/x', true, status);
      }
    }
    lines.push(summary(await request(Go))[0] ?? '');
  }
  const refused = 'HTTP/1.1 500 Internal Server Error';
  assert.deepEqual(
    lines,
    [refused, refused, refused, refused, 'HTTP/1.1 301 Moved Permanently'],
    'each is a 500; 301 itself is fine',
  );
});
