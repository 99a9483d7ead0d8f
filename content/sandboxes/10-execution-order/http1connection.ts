/** Step 09: HTTP1Connection serves one connection: bytes into the parser, each request to a delegate, responses out in order. */

import { concat, fromLatin1 } from '../_template/bytes.ts';
import { isTracing, log } from '../_template/trace.ts';
import { Future } from './concurrent.ts';
import { HTTP1Parser, type ParserEvent } from './http1-parser.ts';
import type { HTTPHeaders, RequestStartLine } from './httputil.ts';
import { IOLoop } from './ioloop.ts';
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

/** Limits of one connection, in ms (Tornado's HTTP1ConnectionParameters); absent: no limit. */
export interface HTTP1ConnectionParameters {
  /** How long each request's head may take, counted from the end of the previous response (or the accept). */
  headerTimeout?: number | undefined;
  /** How long reading one request's body may take. */
  bodyTimeout?: number | undefined;
}

/** What a connection reads under a time limit: a request's head, or its body. */
type Phase = 'header' | 'body';

/** Tornado logs the peer's address; both networks serve on 127.0.0.1 only. */
const PEER = '127.0.0.1';

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
  readonly #params: HTTP1ConnectionParameters;
  /** Set when a timeout closed the stream: what was cut short is dropped, not refused. */
  #timedOut = false;

  constructor(stream: IOStream, params: HTTP1ConnectionParameters = {}) {
    this.stream = stream;
    this.#params = params;
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
    const first = await this.#timed('header', () => this.#nextEvent());
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
    const end = await this.#timed('body', () => this.#readBody(delegate));
    if (end?.type !== 'done') return this.#refuse(end);
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

  /** Hands body bytes to the delegate; returns the event that ended the body. */
  async #readBody(delegate: HTTPMessageDelegate): Promise<ParserEvent | null> {
    for (;;) {
      const event = await this.#nextEvent();
      if (event?.type !== 'data') return event;
      delegate.dataReceived(event.chunk.slice());
    }
  }

  /** Runs `read`; past the phase's limit, its timeout closes the connection (Tornado's gen.with_timeout). */
  async #timed<T>(phase: Phase, read: () => Promise<T>): Promise<T> {
    const ms = this.#params[`${phase}Timeout`];
    // No wait, no timer: the parser already has the head (pipelined) or the body's end.
    if (ms === undefined || this.#events.some((e) => e.type !== 'data')) {
      return read();
    }
    const loop = IOLoop.current();
    const expire = phase === 'header' ? this.#headerTimeout : this.#bodyTimeout;
    const timer = loop.callLater(ms, expire);
    try {
      return await read();
    } finally {
      if (!this.#timedOut) loop.removeTimeout(timer);
    }
  }

  /** A head too slow (or an idle keep-alive connection): closed without a word, as in Tornado. */
  #headerTimeout = (): void => {
    this.#timedOut = true;
    this.stream.close();
  };

  /** A body too slow: logged and closed, no response, as in Tornado. */
  #bodyTimeout = (): void => {
    log('tornado.general', 'INFO', `Timeout reading body from ${PEER}`);
    this.#timedOut = true;
    this.stream.close();
  };

  /** The next parser event, reading more bytes only when none is queued. */
  async #nextEvent(): Promise<ParserEvent | null> {
    while (this.#events.length === 0) {
      let chunk: Uint8Array;
      try {
        chunk = await this.stream.readBytes(65536, { partial: true });
      } catch (error) {
        if (!(error instanceof StreamClosedError)) throw error;
        if (this.#timedOut) return null;
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
      const { status, message } = event.error;
      const why = `Malformed HTTP message from ${PEER}: ${message}`;
      // A trace already shows the parser's http.refused event (no filter
      // hides it); the log line is for runs without one, such as --listen.
      if (!isTracing()) log('tornado.general', 'INFO', why);
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
