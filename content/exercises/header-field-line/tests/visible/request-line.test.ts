/** Header field lines: parsed into HTTPHeaders, or refused, in whole and split feeds. */
import { fromLatin1 } from '../../_template/bytes.ts';
import { assert, test } from '../../_template/testing.ts';
import { HTTP1Parser, type ParserEvent } from '../http1-parser.ts';
import { HTTPHeaders } from '../httputil.ts';

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

test('a field line is added under its name as sent, its value taken after the first colon', () => {
  const headers = new HTTPHeaders();
  headers.parseLine('Content-Type: text/plain');
  headers.parseLine('X-Count:3');
  headers.parseLine('Referer: http://h/x?a=1');
  assert.deepEqual(
    [...headers],
    [
      ['Content-Type', 'text/plain'],
      ['X-Count', '3'],
      ['Referer', 'http://h/x?a=1'],
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

test('malformed field lines are refused with a status and a code', () => {
  const head = 'GET / HTTP/1.1\r\nHost: h\r\n';
  const cases: [string, string][] = [
    ['GET / HTTP/1.1\r\nHost : h\r\n\r\n', '400 space-before-colon'],
    [`${head}X: a\r\n b\r\n\r\n`, '400 obs-fold'],
    [`${head}No-Colon\r\n\r\n`, '400 missing-colon'],
    [`${head}[X]: 1\r\n\r\n`, '400 bad-field-name'],
    [`${head}X: a\x01b\r\n\r\n`, '400 bad-field-value'],
  ];
  for (const [raw, expected] of cases) {
    assert.deepEqual(parse(raw), [expected], JSON.stringify(raw.slice(16, 40)));
    assert.deepEqual(
      parse(raw, 1),
      [expected],
      `${JSON.stringify(raw.slice(16, 40))} byte by byte`,
    );
  }
});
