/** Step 07 checks: start lines, header fields and refusals, in whole and split feeds. */
import { fromLatin1 } from '../../_template/bytes.ts';
import { assert, test } from '../../_template/testing.ts';
import { HTTP1Parser, type ParserEvent } from '../http1-parser.ts';
import { HTTPHeaders, parseRequestStartLine } from '../httputil.ts';

/** Feeds `raw` in pieces of `piece` bytes; returns a compact log of the events. */
function parse(raw: string, piece = Infinity): string[] {
  const parser = new HTTP1Parser();
  const bytes = fromLatin1(raw);
  const events: ParserEvent[] = [];
  for (let at = 0; at < bytes.length; at += piece) {
    events.push(...parser.feed(bytes.subarray(at, at + piece)));
    if (parser.state === 'error') break;
  }
  if (parser.state !== 'error') events.push(...parser.finish());
  return events.map((e) => {
    if (e.type === 'headers') {
      const { method, path, version } = e.startLine;
      return `${method} ${path} ${version} ${[...e.headers].join('|')}`;
    }
    return e.type === 'error' ? `${e.error.status} ${e.error.code}` : e.type;
  });
}

test('parseRequestStartLine splits the three parts', () => {
  assert.deepEqual(parseRequestStartLine('GET /a?b=1 HTTP/1.1'), {
    method: 'GET',
    path: '/a?b=1',
    version: 'HTTP/1.1',
  });
});

test('the four request-target forms are accepted where they belong', () => {
  assert.equal(parseRequestStartLine('OPTIONS * HTTP/1.1').path, '*');
  assert.equal(
    parseRequestStartLine('CONNECT a.io:443 HTTP/1.1').path,
    'a.io:443',
  );
  assert.equal(
    parseRequestStartLine('GET http://a.io/x HTTP/1.1').path,
    'http://a.io/x',
  );
  assert.throws(() => parseRequestStartLine('GET * HTTP/1.1'), 'asterisk');
  assert.throws(() => parseRequestStartLine('CONNECT / HTTP/1.1'), 'CONNECT');
});

test('HTTPHeaders is case-insensitive, multi-valued and ordered', () => {
  const headers = new HTTPHeaders();
  headers.add('Accept', 'text/html');
  headers.add('X-A', '1');
  headers.add('accept', '*/*');
  assert.equal(headers.get('ACCEPT'), 'text/html, */*');
  assert.deepEqual(headers.getList('accept'), ['text/html', '*/*']);
  headers.set('x-a', '2');
  assert.deepEqual(
    [...headers],
    [
      ['Accept', 'text/html'],
      ['accept', '*/*'],
      ['x-a', '2'],
    ],
  );
});

const pipelined =
  '\r\nGET /a HTTP/1.1\r\nHost: h\r\nX:  v \r\nEmpty:\r\n\r\n' +
  'GET /b HTTP/1.0\r\n\r\n';

test('any byte split gives the same events', () => {
  const whole = parse(pipelined);
  assert.deepEqual(whole, [
    'GET /a HTTP/1.1 Host,h|X,v|Empty,',
    'done',
    'GET /b HTTP/1.0 ',
    'done',
  ]);
  for (const piece of [1, 2, 3, 7]) {
    assert.deepEqual(parse(pipelined, piece), whole, `pieces of ${piece}`);
  }
});

test('malformed heads are refused with a status and a code', () => {
  const cases: [string, string][] = [
    ['GET  / HTTP/1.1\r\nHost: h\r\n\r\n', '400 bad-request-line'],
    ['GET / HTTP/2.0\r\nHost: h\r\n\r\n', '505 version-not-supported'],
    ['GET / http/1.1\r\nHost: h\r\n\r\n', '400 bad-version'],
    ['BREW / HTTP/1.1\r\nHost: h\r\n\r\n', '501 unknown-method'],
    ['GET / HTTP/1.1\r\nHost : h\r\n\r\n', '400 space-before-colon'],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n', '400 obs-fold'],
    ['GET / HTTP/1.1\r\nHost: h\rX: 1\r\n\r\n', '400 bare-cr'],
    ['GET / HTTP/1.1\nHost: h\r\n\r\n', '400 bare-lf'],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n', '400 nul-byte'],
    ['GET / HTTP/1.1\r\n\r\n', '400 missing-host'],
    ['GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', '400 multiple-host'],
    [`GET /${'a'.repeat(9000)} HTTP/1.1\r\n\r\n`, '414 uri-too-long'],
    [
      `GET / HTTP/1.1\r\nHost: h\r\nX: ${'a'.repeat(17000)}\r\n\r\n`,
      '431 headers-too-large',
    ],
    ['GET / HTTP/1.1\r\nHost: h\r\n', '400 incomplete-message'],
  ];
  for (const [raw, expected] of cases) {
    assert.deepEqual(parse(raw), [expected], JSON.stringify(raw.slice(0, 40)));
    assert.deepEqual(
      parse(raw, 1),
      [expected],
      `${JSON.stringify(raw.slice(0, 40))} byte by byte`,
    );
  }
});

test('a refusal is final and bytes after Connection: close are refused', () => {
  const parser = new HTTP1Parser();
  parser.feed(
    fromLatin1('GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'),
  );
  assert.equal(parser.state, 'done');
  const [event] = parser.feed(fromLatin1('GET /'));
  assert.equal(event?.type === 'error' && event.error.code, 'data-after-close');
  assert.equal(parser.state, 'error');
  assert.equal(parser.feed(fromLatin1('\r\n'))[0]?.type, 'error');
});
