/** Request lines: split into method, target and version, or refused, in whole and split feeds. */
import { fromLatin1 } from '../../_template/bytes.ts';
import { assert, test } from '../../_template/testing.ts';
import { HTTP1Parser, type ParserEvent } from '../http1-parser.ts';
import { parseRequestStartLine } from '../httputil.ts';

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

test('malformed request lines are refused with a status and a code', () => {
  const cases: [string, string][] = [
    ['GET  / HTTP/1.1\r\nHost: h\r\n\r\n', '400 bad-request-line'],
    ['GET / HTTP/2.0\r\nHost: h\r\n\r\n', '505 version-not-supported'],
    ['GET / http/1.1\r\nHost: h\r\n\r\n', '400 bad-version'],
    ['BREW / HTTP/1.1\r\nHost: h\r\n\r\n', '501 unknown-method'],
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
