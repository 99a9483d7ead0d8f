/** Step 08 demo: bodies by Content-Length and by chunks, pipelining, and the framings the parser refuses. */
import { fromLatin1, latin1 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { note, printTrace } from '../_template/trace.ts';
import { HTTP1Parser } from './http1-parser.ts';

const head = 'POST /echo HTTP/1.1\r\nHost: example.com\r\n';
const samples: [title: string, raw: string, piece: number][] = [
  [
    'Content-Length body, then a pipelined GET, 4 bytes per feed',
    `${head}Content-Length: 5\r\n\r\nhello` +
      'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n',
    4,
  ],
  [
    'chunked, with an extension and a trailer, 1 byte per feed',
    `${head}Transfer-Encoding: chunked\r\n\r\n` +
      '6;lang=en\r\nHello,\r\n7\r\n world!\r\n0\r\nX-Sum: 13\r\n\r\n',
    1,
  ],
  [
    'Content-Length and Transfer-Encoding together (smuggling)',
    `${head}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    64,
  ],
  [
    'two different Content-Lengths',
    `${head}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
    64,
  ],
  ['an unknown coding', `${head}Transfer-Encoding: gzip, chunked\r\n\r\n`, 64],
  [
    'a chunk size in 0x notation',
    `${head}Transfer-Encoding: chunked\r\n\r\n0x5\r\n`,
    64,
  ],
];

printTrace();
for (const [index, [title, raw, piece]] of samples.entries()) {
  note('demo', title);
  const parser = new HTTP1Parser({ fd: index + 1 });
  const bytes = fromLatin1(raw);
  let body = '';
  for (let at = 0; at < bytes.length && parser.state !== 'error'; at += piece) {
    for (const event of parser.feed(bytes.subarray(at, at + piece))) {
      if (event.type === 'data') body += latin1(event.chunk);
      if (event.type === 'done') {
        const trailers = [...event.trailers].map(([n, v]) => `${n}=${v}`);
        note(
          'demo',
          `body ${JSON.stringify(body)} trailers [${trailers.join(', ')}]`,
        );
        body = '';
      }
    }
  }
  note('demo', `state ${parser.state}, ${parser.bytesConsumed} bytes consumed`);
}
getPlatform().print('done');
