/** Step 07 demo: feed raw request heads to the parser in awkward splits and watch what it makes of them. */
import { fromLatin1 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import { HTTP1Parser } from './http1-parser.ts';

const samples: [title: string, raw: string, piece: number][] = [
  [
    'two pipelined requests, 3 bytes per feed',
    '\r\nGET /hello/tornado?lang=en HTTP/1.1\r\nHost: example.com\r\n' +
      'Accept: text/html\r\naccept: */*\r\n\r\n' +
      'OPTIONS * HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n',
    3,
  ],
  ['space before the colon', 'GET / HTTP/1.1\r\nHost : a.example\r\n\r\n', 7],
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', 64],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n', 1],
  ['an HTTP/2.0 request line', 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', 64],
];

printTrace();
for (const [index, [title, raw, piece]] of samples.entries()) {
  note('demo', title);
  const parser = new HTTP1Parser({ fd: index + 1 });
  const bytes = fromLatin1(raw);
  for (let at = 0; at < bytes.length && parser.state !== 'error'; at += piece) {
    for (const event of parser.feed(bytes.subarray(at, at + piece))) {
      if (event.type === 'headers') {
        const accept = event.headers.get('ACCEPT') ?? '(none)';
        note('demo', `Accept: ${accept}; keep-alive: ${event.keepAlive}`);
      }
    }
  }
  note('demo', `state ${parser.state}, ${parser.bytesConsumed} bytes consumed`);
}
getPlatform().print('done');
