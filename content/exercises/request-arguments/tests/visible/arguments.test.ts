/** Visible checks for request-arguments: getArgument and friends over the query string and a form body. */

import { fromLatin1, fromUtf8, latin1 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import {
  Application,
  MissingArgumentError,
  RequestHandler,
  type HandlerClass,
} from '../web.ts';

const HOST = 'Host: t\r\n';
const FORM = 'Content-Type: application/x-www-form-urlencoded\r\n';

/** Serves one handler at `/` on the virtual network, sends `raw`, returns the client. */
async function request(
  handler: HandlerClass,
  raw: string,
): Promise<VirtualClient> {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  // Port 0: a fresh port, so one test may serve several times.
  const port = net.localPort(new Application([['/', handler]]).listen(0));
  const client = net.client('a', port).send(raw);
  loop.callLater(100, () => loop.stop());
  await loop.start();
  return client;
}

/** A POST of `body` with the given extra head lines. */
function post(target: string, head: string, body: string): string {
  return `POST ${target} HTTP/1.1\r\n${HOST}${head}Content-Length: ${fromLatin1(body).length}\r\n\r\n${body}`;
}

/** The status and body of the first response (Content-Length framed). */
function response(client: VirtualClient): string {
  const text = latin1(client.received);
  const end = text.indexOf('\r\n\r\n');
  const length = Number(
    /Content-Length: (\d+)/.exec(text.slice(0, end))?.[1] ?? 0,
  );
  const body = fromLatin1(text.slice(end + 4, end + 4 + length));
  return `${text.slice(9, 12)} ${fromUtf8(body)}`;
}

test('getArgument reads the query string: percent-decoding, + as a space, the last value wins', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    get(): void {
      seen = [
        this.getArgument('name'),
        this.getArgument('city'),
        this.getArgument('n'),
        this.getArguments('n'),
      ];
    }
  }
  const client = await request(
    Read,
    `GET /?name=J%C3%B6rg+M%C3%BCller&city=S%C3%A3o%20Paulo&n=1&n=2&n=3 HTTP/1.1\r\n${HOST}\r\n`,
  );
  assert.deepEqual(
    seen,
    ['Jörg Müller', 'São Paulo', '3', ['1', '2', '3']],
    'decoded values; getArgument gives the last of getArguments',
  );
  assert.equal(response(client), '200 ', 'the request succeeds');
});

test('a form-encoded body is read too: getArguments lists query values, then body values', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    post(): void {
      seen = [
        this.getArguments('a'),
        this.getArgument('a'),
        this.getArgument('msg'),
        this.getArguments('q'),
      ];
    }
  }
  await request(
    Read,
    post('/?a=from-query&q=x', FORM, 'a=from-body&msg=hello+world%21'),
  );
  assert.deepEqual(
    seen,
    [['from-query', 'from-body'], 'from-body', 'hello world!', ['x']],
    'query values come first, so a body value is the last one',
  );
});

test('a missing argument without a default is a MissingArgumentError: 400', async () => {
  let caught: unknown[] = [];
  class Need extends RequestHandler {
    get(): void {
      try {
        this.getArgument('id');
      } catch (error) {
        caught = [
          error instanceof MissingArgumentError,
          (error as MissingArgumentError).argName,
          (error as MissingArgumentError).status,
          (error as Error).message,
        ];
        throw error;
      }
    }
  }
  const client = await request(Need, `GET /?other=1 HTTP/1.1\r\n${HOST}\r\n`);
  assert.deepEqual(
    caught,
    [true, 'id', 400, 'Missing argument id'],
    'a MissingArgumentError naming the argument',
  );
  const page =
    '<html><title>400: Bad Request</title><body>400: Bad Request</body></html>';
  assert.equal(response(client), `400 ${page}`, "Tornado's 400 page");
});

test('values are stripped unless strip is false; a default is returned as given', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    get(): void {
      seen = [
        this.getArgument('pad'),
        this.getArgument('pad', undefined, false),
        this.getArguments('pad', false),
        this.getArgument('none', '  fallback  '),
        this.getArguments('none'),
      ];
    }
  }
  await request(Read, `GET /?pad=+%20hi%20+ HTTP/1.1\r\n${HOST}\r\n`);
  assert.deepEqual(
    seen,
    ['hi', '  hi  ', ['  hi  '], '  fallback  ', []],
    'stripped by default, kept with strip = false; the default untouched; no values: []',
  );
});
