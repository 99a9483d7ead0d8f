/** Held-back checks for request-arguments: sources kept apart, content types, bad encodings, blank values, control characters. */

import { fromLatin1, fromUtf8, latin1 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { Application, RequestHandler, type HandlerClass } from '../web.ts';

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

test('getQueryArgument and getBodyArgument each read only their own source', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    post(): void {
      seen = [
        this.getQueryArgument('a'),
        this.getBodyArgument('a'),
        this.getQueryArguments('b'),
        this.getBodyArguments('b'),
        this.getQueryArgument('b', 'no b in the query'),
        this.getBodyArgument('q', 'no q in the body'),
      ];
    }
  }
  await request(Read, post('/?a=q1&a=q2&q=1', FORM, 'a=b1&b=x&b=y'));
  assert.deepEqual(
    seen,
    ['q2', 'b1', [], ['x', 'y'], 'no b in the query', 'no q in the body'],
    'each getter sees its own source only',
  );
});

test('getBodyArgument without a default, on a body that lacks it, is a MissingArgumentError', async () => {
  let caught = 'nothing';
  class Need extends RequestHandler {
    post(): void {
      try {
        this.getBodyArgument('token');
      } catch (error) {
        caught = `${(error as Error).name}: ${(error as Error).message}`;
        throw error;
      }
    }
  }
  // In the query string is not in the body.
  const client = await request(Need, post('/?token=t', FORM, 'other=1'));
  assert.equal(
    caught,
    'MissingArgumentError: Missing argument token',
    'the error names token',
  );
  assert.equal(response(client).slice(0, 3), '400', 'answered with 400');
});

test('only an application/x-www-form-urlencoded body is parsed (parameters allowed, case as Tornado)', async () => {
  const seen: string[][] = [];
  class Read extends RequestHandler {
    post(): void {
      seen.push(this.getBodyArguments('a'));
    }
  }
  const types = [
    'application/x-www-form-urlencoded; charset=UTF-8',
    'text/plain',
    'Application/X-WWW-Form-Urlencoded',
  ];
  for (const type of types) {
    await request(Read, post('/', `Content-Type: ${type}\r\n`, 'a=1'));
  }
  await request(Read, post('/', '', 'a=1'));
  assert.deepEqual(
    seen,
    [['1'], [], [], []],
    'parsed with a charset parameter; not for text/plain, another case or no Content-Type',
  );
});

test('bad UTF-8 in a value answers 400; a malformed % escape stays as it is', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    get(): void {
      seen = [
        this.getArgument('pct'),
        this.getArgument('half'),
        this.getArgument('ok'),
      ];
      this.getArgument('bad');
    }
  }
  const client = await request(
    Read,
    `GET /?pct=100%zz&half=%4&ok=%E2%82%AC&bad=%E4 HTTP/1.1\r\n${HOST}\r\n`,
  );
  assert.deepEqual(
    seen,
    ['100%zz', '%4', '€'],
    'malformed escapes are kept literally',
  );
  assert.equal(
    response(client).slice(0, 3),
    '400',
    'a lone %E4 byte is not UTF-8: 400',
  );
});

test('blank values are kept, empty pairs skipped, only & separates, = may appear in a value', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    get(): void {
      seen = [
        this.getArguments('a'),
        this.getArguments('b'),
        this.getArgument('c'),
        this.getArgument('d'),
        this.getArguments(''),
      ];
    }
  }
  await request(Read, `GET /?a=&&b&c=x=y&d=1;e=2 HTTP/1.1\r\n${HOST}\r\n`);
  assert.deepEqual(
    seen,
    [[''], [''], 'x=y', '1;e=2', []],
    '"a=" and a bare "b" give "", "&&" adds nothing, ";" is not a separator',
  );
});

test('control characters become spaces before stripping; tab and newline are stripped', async () => {
  let seen: unknown[] = [];
  class Read extends RequestHandler {
    post(): void {
      seen = [
        this.getArgument('ctl'),
        this.getArgument('ws'),
        this.getArgument('ws', undefined, false),
        this.getArgument('edge'),
      ];
    }
  }
  await request(Read, post('/', FORM, 'ctl=a%01b%1Fc&ws=%09x%0A&edge=%00y%08'));
  assert.deepEqual(
    seen,
    ['a b c', 'x', '\tx\n', 'y'],
    'controls (not tab, CR, LF) turn into spaces; strip then trims',
  );
});
