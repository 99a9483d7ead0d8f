/** Step 09: HTTP1Connection serves one connection: bytes into the parser, each request to a delegate, responses out in order. */

import { concat, fromLatin1 } from '../_template/bytes.ts';
import { Future } from './concurrent.ts';
import { HTTP1Parser, type ParserEvent } from './http1-parser.ts';
import type { HTTPHeaders, RequestStartLine } from './httputil.ts';
import { StreamClosedError, type IOStream } from './iostream.ts';

/** Reason phrases for the statuses this server sends (RFC 9110 §15). */
export const RESPONSES: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

/** What the application hears about one request (Tornado's HTTPMessageDelegate). */
export interface HTTPMessageDelegate {
  headersReceived(startLine: RequestStartLine, headers: HTTPHeaders): void;
  dataReceived(chunk: Uint8Array): void;
  /** The whole request has arrived. */
  finish(): void;
  /** The client left before the response was finished. */
  onConnectionClose(): void;
}

/** Makes the delegate for each new request on a connection (Tornado's HTTPServerConnectionDelegate). */
export interface ServerConnectionDelegate {
  startRequest(connection: HTTP1Connection): HTTPMessageDelegate;
}

/** Reads requests one at a time; the next is parsed only after the current response is written. */
export class HTTP1Connection {
  readonly stream: IOStream;
  readonly #parser: HTTP1Parser;
  /** Parsed but not yet handled: pipelined requests wait here, in order. */
  #events: ParserEvent[] = [];
  /** Set per request from the parser's verdict (RFC 9112 §9.3). */
  #keepAlive = true;
  #requestVersion = 'HTTP/1.1';
  #requestMethod = 'GET';
  /** Set by writeHeaders when the response has no Content-Length. */
  #chunkingOutput = false;
  /** Ends the wait for the current response; null between requests. */
  #responseDone: (() => void) | null = null;
  /** The last write of the response, to know when all of it is out. */
  #lastWrite: Future<void> | null = null;
  #delegate: HTTPMessageDelegate | null = null;

  constructor(stream: IOStream) {
    this.stream = stream;
    this.#parser = new HTTP1Parser({ fd: stream.fd });
  }

  /** Serves requests until the client leaves or one cannot be framed (Tornado's _server_request_loop). */
  async startServing(server: ServerConnectionDelegate): Promise<void> {
    this.stream.setCloseCallback(() => this.#onClose());
    try {
      while (await this.#readMessage(server.startRequest(this))) {
        if (!this.#keepAlive) break;
      }
    } catch (error) {
      if (!(error instanceof StreamClosedError)) throw error;
    }
    this.stream.close();
  }

  /** Handles one request; false when the connection must close. */
  async #readMessage(delegate: HTTPMessageDelegate): Promise<boolean> {
    const first = await this.#nextEvent();
    if (first === null) return false;
    if (first.type !== 'headers') return this.#refuse(first);
    const { startLine, headers } = first;
    this.#keepAlive = first.keepAlive;
    this.#requestVersion = startLine.version;
    this.#requestMethod = startLine.method;
    if (headers.get('Expect')?.toLowerCase() === '100-continue') {
      void this.stream.write('HTTP/1.1 100 (Continue)\r\n\r\n');
    }
    this.#delegate = delegate;
    delegate.headersReceived(startLine, headers);
    for (
      let event = await this.#nextEvent();
      ;
      event = await this.#nextEvent()
    ) {
      if (event === null || event.type === 'error') return this.#refuse(event);
      if (event.type === 'done') break;
      if (event.type === 'data') delegate.dataReceived(event.chunk.slice());
    }
    await new Promise<void>((resolve) => {
      this.#responseDone = resolve;
      delegate.finish();
    });
    this.#delegate = null;
    // After a closing message only a refusal of trailing bytes may follow.
    if (!this.#keepAlive && this.#events[0]?.type === 'error') {
      return this.#refuse(this.#events[0]);
    }
    return !this.stream.closed();
  }

  /** The next parser event, reading more bytes only when none is queued. */
  async #nextEvent(): Promise<ParserEvent | null> {
    while (this.#events.length === 0) {
      let chunk: Uint8Array;
      try {
        chunk = await this.stream.readBytes(65536, { partial: true });
      } catch (error) {
        if (!(error instanceof StreamClosedError)) throw error;
        // EOF: a message cut short is refused; between messages all is well.
        this.#events = this.#parser.finish();
        return this.#events.shift() ?? null;
      }
      this.#events = this.#parser.feed(chunk);
    }
    return this.#events.shift() ?? null;
  }

  /** Answers a request that cannot be parsed, then closes: its framing is unknown. */
  async #refuse(event: ParserEvent | null): Promise<false> {
    if (event?.type === 'error' && !this.stream.closed()) {
      const { status } = event.error;
      const reason = RESPONSES[status] ?? 'Error';
      const head = `HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\n`;
      await this.stream.write(`${head}Connection: close\r\n\r\n`);
    }
    return false;
  }

  /** Sends the status line and headers, and optionally the first body bytes. */
  writeHeaders(status: number, headers: HTTPHeaders, chunk?: Uint8Array): void {
    const http11 = this.#requestVersion === 'HTTP/1.1';
    this.#chunkingOutput =
      http11 &&
      !headers.has('Content-Length') &&
      status !== 204 &&
      status !== 304;
    if (this.#chunkingOutput) headers.set('Transfer-Encoding', 'chunked');
    if (!this.#keepAlive && http11) headers.set('Connection', 'close');
    if (this.#keepAlive && !http11) headers.set('Connection', 'keep-alive');
    let head = `HTTP/1.1 ${status} ${RESPONSES[status] ?? 'Unknown'}\r\n`;
    for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
    const bytes = fromLatin1(`${head}\r\n`);
    if (!this.#chunkingOutput && !http11 && !headers.has('Content-Length')) {
      this.#keepAlive = false; // an HTTP/1.0 body without length ends at close
    }
    this.#send(chunk ? concat([bytes, this.#frame(chunk)]) : bytes);
  }

  /** Sends body bytes (as a chunk when chunking). */
  write(chunk: Uint8Array): void {
    if (chunk.length > 0) this.#send(this.#frame(chunk));
  }

  /** Ends the response; the next request is read once it is written. */
  finish(): void {
    if (this.#chunkingOutput) this.#send(fromLatin1('0\r\n\r\n'));
    const written = this.#lastWrite;
    const done = (): void => {
      const failed = written !== null && written.exception() !== null;
      if (failed) this.stream.close();
      this.#lastWrite = null;
      this.#responseDone?.();
    };
    // Written at once (the usual case): go on without waiting a loop turn.
    if (written === null || written.done()) done();
    else written.addDoneCallback(done);
  }

  /** True for HEAD: the response carries headers only (RFC 9110 §9.3.2). */
  isHead(): boolean {
    return this.#requestMethod === 'HEAD';
  }

  #frame(chunk: Uint8Array): Uint8Array {
    if (!this.#chunkingOutput || chunk.length === 0) return chunk;
    const size = fromLatin1(`${chunk.length.toString(16)}\r\n`);
    return concat([size, chunk, fromLatin1('\r\n')]);
  }

  #send(bytes: Uint8Array): void {
    if (!this.stream.closed()) this.#lastWrite = this.stream.write(bytes);
  }

  #onClose(): void {
    const delegate = this.#delegate;
    this.#delegate = null;
    delegate?.onConnectionClose();
    this.#responseDone?.();
  }
}
