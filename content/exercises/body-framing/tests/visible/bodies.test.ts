/** Step 08 checks: Content-Length and chunked bodies, trailers, pipelining, and framing refusals. */
import { fromLatin1, latin1 } from '../../_template/bytes.ts';
import { assert, test } from '../../_template/testing.ts';
import { HTTP1Parser } from '../http1-parser.ts';

const head = 'POST /echo HTTP/1.1\r\nHost: h\r\n';

/**
 * Feeds `raw` in pieces of `piece` bytes; returns one line per message (`accepted <path>, body
 * "<body>"`, with trailers as name=value) or refusal (`refused <status> <code>`).
 */
function parse(raw: string, piece = Infinity): string[] {
  const parser = new HTTP1Parser({ maxBodySize: 100 });
  const bytes = fromLatin1(raw);
  const events = [];
  for (let at = 0; at < bytes.length; at += piece) {
    events.push(...parser.feed(bytes.subarray(at, at + piece)));
  }
  events.push(...parser.finish());
  const log: string[] = [];
  let path = '';
  let body = '';
  for (const event of events) {
    if (event.type === 'headers') [path, body] = [event.startLine.path, ''];
    if (event.type === 'data') body += latin1(event.chunk);
    if (event.type === 'done') {
      const trailers = [...event.trailers].map(
        ([name, value]) => `${name}=${value}`,
      );
      const after =
        trailers.length > 0 ? `, trailers ${trailers.join(' ')}` : '';
      log.push(`accepted ${path}, body ${JSON.stringify(body)}${after}`);
    }
    if (event.type === 'error') {
      log.push(`refused ${event.error.status} ${event.error.code}`);
      break;
    }
  }
  return log;
}

const valid: [string, string[]][] = [
  [`${head}Content-Length: 5\r\n\r\nhello`, ['accepted /echo, body "hello"']],
  [
    `${head}Transfer-Encoding: chunked\r\n\r\n` +
      '3;a=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n',
    ['accepted /echo, body "abc0123456789", trailers X-T=1'],
  ],
  [
    `${head}Content-Length: 2\r\n\r\nokGET /next HTTP/1.1\r\nHost: h\r\n\r\n`,
    ['accepted /echo, body "ok"', 'accepted /next, body ""'],
  ],
];

test('bodies and trailers come out the same in any split', () => {
  for (const [raw, expected] of valid) {
    for (const piece of [Infinity, 1, 2, 5]) {
      assert.deepEqual(parse(raw, piece), expected, `pieces of ${piece}`);
    }
  }
});

test('ambiguous or broken framing is refused', () => {
  const te = 'Transfer-Encoding: chunked\r\n';
  const cases: [string, string][] = [
    [`${head}Content-Length: 3\r\n${te}\r\n0\r\n\r\n`, '400 cl-te-conflict'],
    [
      `${head}Content-Length: 1\r\nContent-Length: 1\r\n\r\nx`,
      '400 duplicate-content-length',
    ],
    [`${head}Content-Length: +1\r\n\r\nx`, '400 bad-content-length'],
    [`${head}Content-Length: 101\r\n\r\n`, '413 body-too-large'],
    [
      `${head}Transfer-Encoding: chunked, identity\r\n\r\n`,
      '400 chunked-not-final',
    ],
    [
      `${head}Transfer-Encoding: gzip, chunked\r\n\r\n`,
      '501 unsupported-coding',
    ],
    [`POST / HTTP/1.0\r\n${te}\r\n0\r\n\r\n`, '400 te-http10'],
    [`${head}${te}\r\n0x1\r\nx\r\n0\r\n\r\n`, '400 bad-chunk-size'],
    [`${head}${te}\r\n1\r\nxy\r\n0\r\n\r\n`, '400 bad-chunk-end'],
    [`${head}${te}\r\n65\r\n`, '413 body-too-large'],
    [`${head}Content-Length: 4\r\n\r\nab`, '400 incomplete-message'],
  ];
  for (const [raw, expected] of cases) {
    // Name the case by what follows the shared request line and Host, or whole.
    const which = raw.startsWith(head)
      ? `after the Host line: ${JSON.stringify(raw.slice(head.length, head.length + 60))}`
      : `the request ${JSON.stringify(raw)}`;
    assert.deepEqual(parse(raw), [`refused ${expected}`], which);
    assert.deepEqual(
      parse(raw, 1),
      [`refused ${expected}`],
      `fed byte by byte, ${which}`,
    );
  }
});

test('state and bytesConsumed follow the body', () => {
  const parser = new HTTP1Parser();
  parser.feed(fromLatin1(`${head}Transfer-Encoding: chunked\r\n\r\n4\r\nab`));
  assert.equal(parser.state, 'chunk-data');
  parser.feed(fromLatin1('cd\r\n'));
  assert.equal(parser.state, 'chunk-size');
  parser.feed(fromLatin1('0\r\n\r\n'));
  assert.equal(parser.state, 'done');
  assert.equal(parser.bytesConsumed, head.length + 30 + 14);
});
