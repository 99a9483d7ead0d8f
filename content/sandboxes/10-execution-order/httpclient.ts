/** Step 10: a small AsyncHTTPClient: one GET over an IOStream, awaited like any other Future. */

import { latin1 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { IOStream } from './iostream.ts';

/** Status and body of a fetched response. */
export interface HTTPResponse {
  code: number;
  body: Uint8Array;
}

/** Fetches `http://127.0.0.1:PORT/path` URLs on the same loop (tornado.httpclient.AsyncHTTPClient). */
export class AsyncHTTPClient {
  async fetch(url: string): Promise<HTTPResponse> {
    const match = /^http:\/\/127\.0\.0\.1:(\d+)(\/.*)$/.exec(url);
    if (!match) throw new Error(`only http://127.0.0.1:PORT/... URLs: ${url}`);
    const [, port = '', path = ''] = match;
    const stream = new IOStream(getPlatform().network.connect(Number(port)));
    try {
      const host = `Host: 127.0.0.1:${port}\r\n`;
      await stream.write(
        `GET ${path} HTTP/1.1\r\n${host}Connection: close\r\n\r\n`,
      );
      const head = latin1(await stream.readUntil('\r\n\r\n', 65536));
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? '0';
      const body = await stream.readBytes(Number(length));
      return { code: Number(head.slice(9, 12)), body };
    } finally {
      stream.close();
    }
  }
}
