import { fromLatin1, latin1 } from '../../_template/bytes.ts';
import { assert, test } from '../../_template/testing.ts';
import { HTTP1Parser } from '../http1-parser.ts';

const head = 'POST /up HTTP/1.1\r\nHost: h\r\n';

function outcome(raw: string): string {
  const parser = new HTTP1Parser({ maxBodySize: 1000 });
  const events = [...parser.feed(fromLatin1(raw)), ...parser.finish()];
  let body = '';
  for (const event of events) {
    if (event.type === 'data') body += latin1(event.chunk);
    if (event.type === 'error')
      return `${event.error.status} ${event.error.code}`;
    if (event.type === 'done') return `body "${body}"`;
  }
  return 'no message';
}

test('Content-Length beside any Transfer-Encoding is refused, even a zero one', () => {
  assert.equal(
    outcome(
      `${head}Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n`,
    ),
    '400 cl-te-conflict',
  );
  assert.equal(
    outcome(
      `${head}Content-Length: 4\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n`,
    ),
    '400 cl-te-conflict',
  );
});

test('a chunked coding named twice, or not last, is refused', () => {
  assert.equal(
    outcome(
      `${head}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ),
    '400 chunked-not-final',
  );
  assert.equal(
    outcome(`${head}Transfer-Encoding: identity\r\n\r\n`),
    '400 chunked-not-final',
  );
});

test('Content-Length must be plain digits; leading zeros are fine', () => {
  assert.equal(
    outcome(`${head}Content-Length: 1,1\r\n\r\nx`),
    '400 bad-content-length',
  );
  assert.equal(
    outcome(`${head}Content-Length: -1\r\n\r\n`),
    '400 bad-content-length',
  );
  assert.equal(outcome(`${head}Content-Length: 0003\r\n\r\nabc`), 'body "abc"');
  assert.equal(outcome(`${head}\r\n`), 'body ""');
  assert.equal(
    outcome(`${head}Transfer-Encoding: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n`),
    'body "ok"',
  );
});
