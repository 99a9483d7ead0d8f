/** Step 07: a push parser for HTTP/1.1 request heads: bytes in (any split), events out, no I/O. */
import { latin1 } from '../_template/bytes.ts';
import { emit, isTracing } from '../_template/trace.ts';
import {
  fail,
  HTTPHeaders,
  HTTPInputError,
  isValidHost,
  parseRequestStartLine,
  type RequestStartLine,
} from './httputil.ts';

/** What the parser waits for; after 'error' it refuses everything. */
export type ParserState = 'request-line' | 'headers' | 'done' | 'error';

/** What feed() recognised, in order. */
export type ParserEvent =
  | {
      type: 'headers';
      startLine: RequestStartLine;
      headers: HTTPHeaders;
      keepAlive: boolean;
    }
  | { type: 'done' }
  | { type: 'error'; error: HTTPInputError };

/** Limits and labels; the size defaults match node:http's. */
export interface ParserOptions {
  /** Longest request line, CRLF included; longer is 414. @default 8192 */
  maxRequestLine?: number;
  /** Largest head (request line and fields); larger is 431. @default 16384 */
  maxHeaderBytes?: number;
  /** Connection id shown in trace events. @default 0 */
  fd?: number;
}

const CR = 13;
const LF = 10;

/** Parses requests from a byte stream, one message after another. */
export class HTTP1Parser {
  /** Changes as each line or message completes. */
  state: ParserState = 'request-line';
  /** Bytes taken off the stream; a partial line is not consumed yet. */
  bytesConsumed = 0;
  /** Set once, by the first refusal; every later call repeats it. */
  error: HTTPInputError | null = null;
  readonly #maxRequestLine: number;
  readonly #maxHeaderBytes: number;
  readonly #fd: number;
  /** Bytes fed but not consumed: never a whole line. */
  #rest: Uint8Array = new Uint8Array(0);
  /** How much of #rest is known to hold no LF, so 1-byte feeds stay linear. */
  #scanned = 0;
  /** Size of the current head so far, reset per message. */
  #headBytes = 0;
  #startLine: RequestStartLine | null = null;
  #headers = new HTTPHeaders();
  /** Whether the connection may carry another request (RFC 9112 §9.3). */
  #keepAlive = true;

  constructor(options: ParserOptions = {}) {
    this.#maxRequestLine = options.maxRequestLine ?? 8192;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 16384;
    this.#fd = options.fd ?? 0;
  }

  /** Takes the next bytes of the stream and returns what they completed. */
  feed(chunk: Uint8Array): ParserEvent[] {
    if (this.error) return [{ type: 'error', error: this.error }];
    const events: ParserEvent[] = [];
    let data = chunk;
    if (this.#rest.length > 0) {
      data = new Uint8Array(this.#rest.length + chunk.length);
      data.set(this.#rest);
      data.set(chunk, this.#rest.length);
    }
    let pos = 0;
    try {
      for (let next = 0; pos < data.length; pos = next) {
        next = this.#step(data, pos, events);
        if (next < 0) break;
        this.bytesConsumed += next - pos;
      }
      this.#rest = data.subarray(pos);
    } catch (error) {
      if (!(error instanceof HTTPInputError)) throw error;
      this.#refuse(error, events);
    }
    return events;
  }

  /** The peer closed: a message cut short is refused, never completed (RFC 9112 §8). */
  finish(): ParserEvent[] {
    if (this.error) return [{ type: 'error', error: this.error }];
    const idle = this.state === 'request-line' && this.#rest.length === 0;
    if (idle || this.state === 'done') return [];
    const events: ParserEvent[] = [];
    const why = `the connection closed in state ${this.state}`;
    this.#refuse(new HTTPInputError(400, 'incomplete-message', why), events);
    return events;
  }

  /** Consumes one line; returns the next position, or -1 to wait for bytes. */
  #step(data: Uint8Array, pos: number, events: ParserEvent[]): number {
    if (this.state === 'done') {
      if (!this.#keepAlive) {
        fail(
          400,
          'data-after-close',
          'bytes after a Connection: close message',
        );
      }
      this.state = 'request-line';
    }
    const inHead = this.state === 'headers';
    const room = inHead
      ? this.#maxHeaderBytes - this.#headBytes
      : this.#maxRequestLine;
    const end = this.#findLine(data, pos, room);
    if (end < 0) return -1;
    const line = readLine(data, pos, end);
    this.#headBytes += end + 2 - pos;
    if (inHead) {
      if (line === '') this.#headersDone(events);
      else this.#headers.parseLine(line);
    } else if (line !== '') {
      // Empty lines before a request line are skipped (RFC 9112 §2.2).
      const startLine = parseRequestStartLine(line);
      const { method, path: target, version } = startLine;
      if (isTracing()) {
        emit({
          kind: 'http.request-line',
          fd: this.#fd,
          method,
          target,
          version,
        });
      }
      this.#startLine = startLine;
      this.#headers = new HTTPHeaders();
      this.#headBytes = end + 2 - pos;
      this.state = 'headers';
    }
    return end + 2;
  }

  /** Index of the CR of the next CRLF, or -1; enforces `limit` either way. */
  #findLine(data: Uint8Array, pos: number, limit: number): number {
    const lf = data.indexOf(LF, pos + this.#scanned);
    this.#scanned = 0;
    if ((lf < 0 ? data.length : lf + 1) - pos > limit) {
      if (this.state === 'headers') {
        fail(431, 'headers-too-large', 'the header section is too large');
      }
      fail(414, 'uri-too-long', 'the request line is too long');
    }
    if (lf < 0) {
      this.#scanned = data.length - pos;
      return -1;
    }
    // A bare LF MAY be accepted (RFC 9112 §2.2); llhttp refuses it, so do we.
    if (data[lf - 1] !== CR || lf === pos) {
      fail(400, 'bare-lf', 'a line ends in LF without CR');
    }
    return lf - 1;
  }

  /** The empty line ended the head: check Host and framing, then report. */
  #headersDone(events: ParserEvent[]): void {
    const startLine = this.#startLine as RequestStartLine;
    const headers = this.#headers;
    checkHost(startLine.version, headers);
    if (headers.has('Content-Length') || headers.has('Transfer-Encoding')) {
      fail(501, 'body-unsupported', 'request bodies are parsed from step 08');
    }
    const options = (headers.get('Connection') ?? '').toLowerCase().split(',');
    const has = (token: string) => options.some((o) => o.trim() === token);
    this.#keepAlive =
      !has('close') && (startLine.version === 'HTTP/1.1' || has('keep-alive'));
    if (isTracing()) {
      emit({ kind: 'http.headers', fd: this.#fd, count: headers.size });
    }
    const keepAlive = this.#keepAlive;
    events.push({ type: 'headers', startLine, headers, keepAlive });
    events.push({ type: 'done' });
    this.state = 'done';
  }

  #refuse(error: HTTPInputError, events: ParserEvent[]): void {
    this.error = error;
    this.state = 'error';
    this.#rest = new Uint8Array(0);
    events.push({ type: 'error', error });
    if (isTracing()) {
      const { status, message: reason } = error;
      emit({ kind: 'http.refused', fd: this.#fd, status, reason });
    }
  }
}

/** The line's text (one char per byte), refusing bytes no line may hold. */
function readLine(data: Uint8Array, start: number, end: number): string {
  const line = latin1(data.subarray(start, end));
  if (line.includes('\r')) fail(400, 'bare-cr', 'a CR not followed by LF');
  if (line.includes('\0')) fail(400, 'nul-byte', 'a NUL byte in the head');
  return line;
}

/** HTTP/1.1 needs exactly one valid Host; HTTP/1.0 at most one (RFC 9112 §3.2). */
function checkHost(version: string, headers: HTTPHeaders): void {
  const hosts = headers.getList('Host');
  if (hosts.length > 1) fail(400, 'multiple-host', 'more than one Host');
  if (hosts.length === 0 && version === 'HTTP/1.1') {
    fail(400, 'missing-host', 'HTTP/1.1 requires a Host field');
  }
  if (hosts[0] !== undefined && !isValidHost(hosts[0])) {
    fail(400, 'bad-host', `invalid Host "${hosts[0]}"`);
  }
}
