/** Step 08: a push parser for HTTP/1.1 requests, bodies included: bytes in (any split), events out, no I/O. */
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
export type ParserState =
  | 'request-line'
  | 'headers'
  | 'body'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-end'
  | 'trailers'
  | 'done'
  | 'error';

/** What feed() recognised, in order. `data` views the fed bytes: copy to keep. */
export type ParserEvent =
  | {
      type: 'headers';
      startLine: RequestStartLine;
      headers: HTTPHeaders;
      keepAlive: boolean;
    }
  | { type: 'data'; chunk: Uint8Array }
  | { type: 'done'; trailers: HTTPHeaders }
  | { type: 'error'; error: HTTPInputError };

/** Limits and labels; the head defaults match node:http's. */
export interface ParserOptions {
  /** Longest request line, CRLF included; longer is 414. @default 8192 */
  maxRequestLine?: number;
  /** Largest head (request line and fields), or trailer section; larger is 431. @default 16384 */
  maxHeaderBytes?: number;
  /** Largest body; larger is 413. @default 1048576 */
  maxBodySize?: number;
  /** Connection id shown in trace events. @default 0 */
  fd?: number;
}

const CR = 13;
const LF = 10;
const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+";
const QUOTED =
  '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t -\\x7e\\x80-\\xff])*"';
/** `;name[=value]` extensions (RFC 9112 §7.1.1), without the optional BWS llhttp refuses. */
const CHUNK_EXT = new RegExp(`^(?:;${TOKEN}(?:=(?:${TOKEN}|${QUOTED}))?)*$`);
/** The status for a line that outgrows its limit, by state. */
const TOO_LONG: Partial<Record<ParserState, [number, string]>> = {
  'request-line': [414, 'uri-too-long'],
  headers: [431, 'headers-too-large'],
  trailers: [431, 'trailers-too-large'],
  'chunk-size': [413, 'chunk-line-too-long'],
};

/** Parses requests from a byte stream, one message after another. */
export class HTTP1Parser {
  /** Changes as each line, chunk or message completes. */
  state: ParserState = 'request-line';
  /** Bytes taken off the stream; a partial line is not consumed yet. */
  bytesConsumed = 0;
  /** Set once, by the first refusal; every later call repeats it. */
  error: HTTPInputError | null = null;
  readonly #maxRequestLine: number;
  readonly #maxHeaderBytes: number;
  readonly #maxBodySize: number;
  readonly #fd: number;
  /** Bytes fed but not consumed: never a whole line. */
  #rest: Uint8Array = new Uint8Array(0);
  /** How much of #rest is known to hold no LF, so 1-byte feeds stay linear. */
  #scanned = 0;
  /** Size of the current head or trailer section so far. */
  #headBytes = 0;
  #startLine: RequestStartLine | null = null;
  #headers = new HTTPHeaders();
  #trailers = new HTTPHeaders();
  /** Whether the connection may carry another request (RFC 9112 §9.3). */
  #keepAlive = true;
  #chunked = false;
  /** Body bytes announced so far (Content-Length, or the sum of chunk sizes). */
  #bodySize = 0;
  /** Bytes left in the body or in the current chunk. */
  #remaining = 0;

  constructor(options: ParserOptions = {}) {
    this.#maxRequestLine = options.maxRequestLine ?? 8192;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 16384;
    this.#maxBodySize = options.maxBodySize ?? 1024 * 1024;
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

  /** Consumes one line or some body; returns the next position, or -1 to wait. */
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
    if (this.state === 'body' || this.state === 'chunk-data') {
      const take = Math.min(this.#remaining, data.length - pos);
      events.push({ type: 'data', chunk: data.subarray(pos, pos + take) });
      this.#remaining -= take;
      if (this.#remaining > 0) return pos + take;
      if (this.state === 'body') this.#messageDone(events);
      else this.state = 'chunk-end';
      return pos + take;
    }
    if (this.state === 'chunk-end') {
      if (data.length - pos < 2) return -1;
      if (data[pos] !== CR || data[pos + 1] !== LF) {
        fail(400, 'bad-chunk-end', 'chunk data is not followed by CRLF');
      }
      this.state = 'chunk-size';
      return pos + 2;
    }
    const inHead = this.state === 'headers' || this.state === 'trailers';
    const room = inHead
      ? this.#maxHeaderBytes - this.#headBytes
      : this.#maxRequestLine;
    const end = this.#findLine(data, pos, room);
    if (end < 0) return -1;
    const line = readLine(data, pos, end);
    this.#headBytes += end + 2 - pos;
    if (this.state === 'chunk-size') {
      this.#chunkSize(line);
    } else if (inHead) {
      const fields = this.state === 'headers' ? this.#headers : this.#trailers;
      if (line !== '') fields.parseLine(line);
      else if (this.state === 'headers') this.#headersDone(events);
      else this.#messageDone(events);
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
      this.#trailers = new HTTPHeaders();
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
      const [status, code] = TOO_LONG[this.state] ?? [400, 'line-too-long'];
      fail(status, code, `a line too long in state ${this.state}`);
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

  /** The empty line ended the head: check Host, decide the framing, report. */
  #headersDone(events: ParserEvent[]): void {
    const startLine = this.#startLine as RequestStartLine;
    const headers = this.#headers;
    checkHost(startLine.version, headers);
    this.#frame(startLine.version, headers);
    const options = (headers.get('Connection') ?? '').toLowerCase().split(',');
    const has = (token: string) => options.some((o) => o.trim() === token);
    this.#keepAlive =
      !has('close') && (startLine.version === 'HTTP/1.1' || has('keep-alive'));
    if (isTracing()) {
      emit({ kind: 'http.headers', fd: this.#fd, count: headers.size });
    }
    const keepAlive = this.#keepAlive;
    events.push({ type: 'headers', startLine, headers, keepAlive });
    if (this.#chunked) this.state = 'chunk-size';
    else if (this.#remaining > 0) this.state = 'body';
    else this.#messageDone(events);
  }

  /** Decides how the body is delimited (RFC 9112 §6.3), refusing anything ambiguous. */
  #frame(version: string, headers: HTTPHeaders): void {
    const te = headers.getList('Transfer-Encoding');
    const cl = headers.getList('Content-Length');
    this.#chunked = te.length > 0;
    this.#bodySize = this.#remaining = 0;
    if (this.#chunked) {
      // Two framings at once is the classic smuggling vector: refuse, close.
      if (cl.length > 0) {
        fail(
          400,
          'cl-te-conflict',
          'Content-Length and Transfer-Encoding together',
        );
      }
      if (version === 'HTTP/1.0') {
        fail(400, 'te-http10', 'Transfer-Encoding in an HTTP/1.0 request');
      }
      const codings = te.join(',').split(',');
      const names = codings.map((c) => c.trim().toLowerCase());
      if (names.indexOf('chunked') !== names.length - 1) {
        fail(
          400,
          'chunked-not-final',
          'chunked must be the final coding, once',
        );
      }
      if (names.length > 1) {
        fail(
          501,
          'unsupported-coding',
          `unsupported coding in "${te.join(', ')}"`,
        );
      }
      return;
    }
    if (cl.length > 1) {
      fail(400, 'duplicate-content-length', 'more than one Content-Length');
    }
    const value = cl[0] ?? '0';
    if (!/^\d+$/.test(value)) {
      fail(
        400,
        'bad-content-length',
        `Content-Length "${value}" is not digits`,
      );
    }
    this.#remaining = this.#announce(value, 10, 'content-length-overflow');
  }

  /** Parses a chunk-size line: hex size, then optional extensions (ignored). */
  #chunkSize(line: string): void {
    const match = /^([0-9A-Fa-f]+)(;.*)?$/.exec(line);
    if (!match?.[1]) fail(400, 'bad-chunk-size', `bad chunk size "${line}"`);
    if (!CHUNK_EXT.test(match[2] ?? '')) {
      fail(400, 'bad-chunk-extension', 'malformed chunk extension');
    }
    this.#remaining = this.#announce(match[1], 16, 'chunk-size-overflow');
    if (this.#remaining > 0) {
      this.state = 'chunk-data';
    } else {
      this.#headBytes = 0;
      this.state = 'trailers';
    }
  }

  /** Adds a declared size to the body total, enforcing the limits. */
  #announce(digits: string, radix: number, overflow: string): number {
    const significant = digits.replace(/^0+(?=.)/, '');
    // 13 digits keep both radixes below 2^53, so the arithmetic stays exact.
    if (significant.length > 13)
      fail(400, overflow, `size ${digits} overflows`);
    const size = parseInt(significant, radix);
    this.#bodySize += size;
    if (this.#bodySize > this.#maxBodySize) {
      fail(413, 'body-too-large', `body over ${this.#maxBodySize} bytes`);
    }
    return size;
  }

  #messageDone(events: ParserEvent[]): void {
    if (isTracing() && (this.#chunked || this.#bodySize > 0)) {
      const [bytes, chunked] = [this.#bodySize, this.#chunked];
      emit({ kind: 'http.body', fd: this.#fd, bytes, chunked });
    }
    events.push({ type: 'done', trailers: this.#trailers });
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
