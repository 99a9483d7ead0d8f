/** tornado.web with RequestHandler.redirect: answer a request by sending the client elsewhere. */

import { concat, utf8 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import {
  emit,
  isTracing,
  log,
  stackOf,
  type HandlerHook,
} from '../_template/trace.ts';
import {
  RESPONSES,
  type HTTP1Connection,
  type HTTPMessageDelegate,
  type ServerConnectionDelegate,
} from './http1connection.ts';
import { HTTPServer } from './httpserver.ts';
import { HTTPHeaders, type RequestStartLine } from './httputil.ts';
import { IOLoop } from './ioloop.ts';

// The step's table of reason phrases stops at the statuses it sends;
// redirects need theirs too (RFC 9110 §15.4), as Tornado's table has them.
Object.assign(RESPONSES, {
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
});

/** Raise it in a handler to answer with `status` (tornado.web.HTTPError). */
export class HTTPError extends Error {
  readonly status: number;
  constructor(status: number, message = RESPONSES[status] ?? 'Error') {
    super(message);
    this.name = 'HTTPError';
    this.status = status;
  }
}

/** One parsed request, as the handler sees it (Tornado's HTTPServerRequest). */
export class HTTPServerRequest {
  readonly method: string;
  readonly uri: string;
  readonly path: string;
  readonly query: string;
  readonly version: string;
  readonly headers: HTTPHeaders;
  readonly connection: HTTP1Connection;
  readonly startTime = IOLoop.current().time();
  body: Uint8Array = new Uint8Array(0);

  constructor(
    startLine: RequestStartLine,
    headers: HTTPHeaders,
    connection: HTTP1Connection,
  ) {
    this.method = startLine.method;
    this.uri = startLine.path;
    // Absolute-form (RFC 9112 §3.2.2) routes on its path: drop scheme://host.
    const target = this.uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/, '');
    const at = target.indexOf('?');
    this.path = (at < 0 ? target : target.slice(0, at)) || '/';
    this.query = at < 0 ? '' : target.slice(at + 1);
    this.version = startLine.version;
    this.headers = headers;
    this.connection = connection;
  }
}

type Verb = 'get' | 'head' | 'post' | 'delete' | 'patch' | 'put' | 'options';
type VerbMethod = (...args: string[]) => void | PromiseLike<unknown>;
let nextRequest = 1;

/** Subclass it and override the verbs you serve; one instance per request. */
export class RequestHandler {
  static readonly SUPPORTED_METHODS =
    'GET HEAD POST DELETE PATCH PUT OPTIONS'.split(' ');
  readonly application: Application;
  readonly request: HTTPServerRequest;
  /** The handler's lane in traces. */
  readonly name = `req#${nextRequest++}`;
  #status = 200;
  #headers = new HTTPHeaders();
  #buffer: Uint8Array[] = [];
  #headersWritten = false;
  #finished = false;

  constructor(application: Application, request: HTTPServerRequest) {
    this.application = application;
    this.request = request;
    this.clear();
  }

  /** Runs before the verb method; may finish the request itself. */
  prepare(): void | PromiseLike<unknown> {}
  /** Runs after the response is sent: clean-up, logging. */
  onFinish(): void {}
  /** The client left while the request was in progress. */
  onConnectionClose(): void {}

  /** Resets status, headers and the unsent body to their defaults. */
  clear(): void {
    this.#status = 200;
    this.#headers = new HTTPHeaders();
    this.#headers.set('Content-Type', 'text/html; charset=UTF-8');
    this.#buffer = [];
  }

  setStatus(status: number): void {
    this.#status = status;
  }

  getStatus(): number {
    return this.#status;
  }

  setHeader(name: string, value: string): void {
    this.#headers.set(name, value);
  }

  /** The last value of query argument `name`, trimmed; 400 if absent without a default. */
  getQueryArgument(name: string, fallback?: string): string {
    const pairs = this.request.query.split('&').map((p) => p.split('='));
    const found = pairs.filter(([key]) => decodeQuery(key ?? '') === name);
    const value = found.at(-1)?.slice(1).join('=');
    if (value !== undefined) return decodeQuery(value).trim();
    if (fallback === undefined) throw new HTTPError(400, `Missing ${name}`);
    return fallback;
  }

  /** Sends the client to `url` with a 3xx status and finishes the response (Tornado's RequestHandler.redirect). */
  redirect(url: string, permanent = false, status?: number): void {
    throw new Error('TODO(redirect): implement redirect');
  }

  /** Buffers output; nothing is sent before flush() or finish(). */
  write(chunk: string | Uint8Array): void {
    if (this.#finished) throw new Error('write() after finish()');
    this.#buffer.push(typeof chunk === 'string' ? utf8(chunk) : chunk);
  }

  /** Sends the headers (once) and the buffered body; a response flushed early is chunked. */
  flush(): void {
    const connection = this.request.connection;
    const body = connection.isHead() ? new Uint8Array(0) : concat(this.#buffer);
    this.#buffer = [];
    if (this.#headersWritten) return connection.write(body);
    this.#headersWritten = true;
    connection.writeHeaders(this.#status, this.#headers, body);
  }

  /** Completes the response: Content-Length if nothing was flushed, send, then onFinish. */
  finish(chunk?: string | Uint8Array): void {
    if (this.#finished) throw new Error('finish() called twice');
    if (chunk !== undefined) this.write(chunk);
    this.#hook('finish');
    if (!this.#headersWritten) {
      const size = this.#buffer.reduce((sum, part) => sum + part.length, 0);
      this.#headers.set('Content-Length', String(size));
    }
    this.flush();
    this.request.connection.finish();
    this.#finished = true;
    this.#log();
    this.#hook('onFinish');
    this.onFinish();
  }

  /** Replaces the response with an error page (headers not yet sent) or cuts it off. */
  sendError(status = 500): void {
    if (this.#headersWritten) {
      this.request.connection.stream.close();
      return;
    }
    this.clear();
    this.setStatus(RESPONSES[status] ? status : 500);
    this.#hook('writeError');
    this.writeError(this.#status);
    if (!this.#finished) this.finish();
  }

  /** Writes the error page; override to customise. Same markup as Tornado's default. */
  writeError(status: number): void {
    const title = `${status}: ${RESPONSES[status] ?? 'Unknown'}`;
    this.finish(`<html><title>${title}</title><body>${title}</body></html>`);
  }

  /** The per-request sequence (RequestHandler._execute): method check, prepare, verb, finish. */
  async execute(pathArgs: string[]): Promise<void> {
    try {
      const method = this.request.method;
      if (!RequestHandler.SUPPORTED_METHODS.includes(method)) {
        throw new HTTPError(405);
      }
      const args = pathArgs.map(decodePathArgument);
      this.#hook('prepare');
      // Like Tornado, await only what returned something.
      const prepared = this.prepare();
      if (prepared !== undefined) await prepared;
      if (this.#finished) return;
      // A verb the subclass does not define is 405, as in Tornado.
      const verb = method.toLowerCase() as Verb;
      const fn = (this as Partial<Record<Verb, VerbMethod>>)[verb];
      if (fn === undefined) throw new HTTPError(405);
      this.#hook(verb);
      const result = fn.apply(this, args);
      if (result !== undefined) await result;
      if (!this.#finished) this.finish();
    } catch (error) {
      if (!(error instanceof HTTPError)) {
        const stack = stackOf(error);
        log(
          'tornado.application',
          'ERROR',
          `Uncaught exception ${this.#summary()}\n${stack}`,
        );
      }
      if (!this.#finished) {
        this.sendError(error instanceof HTTPError ? error.status : 500);
      }
    }
  }

  /** Runs when the connection closes before finish() (set up by the delegate). */
  connectionClosed(): void {
    if (this.#finished) return;
    this.#hook('onConnectionClose');
    this.onConnectionClose();
  }

  #hook(hook: HandlerHook): void {
    if (isTracing()) emit({ kind: 'handler.hook', handler: this.name, hook });
  }

  /** One line per request, like Tornado's Application.log_request. */
  #log(): void {
    const { method, path, startTime, connection } = this.request;
    const ms = IOLoop.current().time() - startTime;
    const status = this.#status;
    if (isTracing()) {
      // In a trace, the response event is the access line.
      const fd = connection.stream.fd;
      emit({ kind: 'http.response', fd, status, method, path, ms });
      return;
    }
    if (getPlatform().options.accessLog === false) return;
    const level = status < 400 ? 'INFO' : status < 500 ? 'WARNING' : 'ERROR';
    const line = `${status} ${this.#summary()} ${ms.toFixed(2)}ms`;
    log('tornado.access', level, line);
  }

  /** "GET /path (127.0.0.1)", as Tornado's `_request_summary`. */
  #summary(): string {
    // Both networks serve on 127.0.0.1 only, so that is every client's address.
    return `${this.request.method} ${this.request.uri} (127.0.0.1)`;
  }
}

/** Answers 404 to any path no rule matches. */
class NotFoundHandler extends RequestHandler {
  override prepare(): never {
    throw new HTTPError(404);
  }
}

/** Percent-decodes one path argument, as UTF-8; a malformed escape stays as it is. */
function decodePathArgument(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    throw new HTTPError(400, `invalid UTF-8 in ${raw}`);
  }
}

/** Decodes one form-encoded query component: `+` is a space. */
function decodeQuery(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new HTTPError(400, `malformed query ${raw}`);
  }
}

/** A RequestHandler subclass, constructed once per request. */
export type HandlerClass = new (
  application: Application,
  request: HTTPServerRequest,
) => RequestHandler;

/** Collects one request's body, then runs its handler (Tornado's _HandlerDelegate). */
class HandlerDelegate implements HTTPMessageDelegate {
  readonly #application: Application;
  readonly #connection: HTTP1Connection;
  #request: HTTPServerRequest | null = null;
  #handler: RequestHandler | null = null;
  #chunks: Uint8Array[] = [];

  constructor(application: Application, connection: HTTP1Connection) {
    this.#application = application;
    this.#connection = connection;
  }

  headersReceived(startLine: RequestStartLine, headers: HTTPHeaders): void {
    this.#request = new HTTPServerRequest(startLine, headers, this.#connection);
  }

  dataReceived(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
  }

  finish(): void {
    const request = this.#request as HTTPServerRequest;
    if (this.#chunks.length > 0) request.body = concat(this.#chunks);
    const [handlerClass, args] = this.#application.findHandler(request.path);
    const handler = new handlerClass(this.#application, request);
    this.#handler = handler;
    // Like Tornado's _execute Task: scheduled, not run inline.
    IOLoop.current().addCallback(function execute() {
      void handler.execute(args);
    });
  }

  onConnectionClose(): void {
    this.#handler?.connectionClosed();
  }
}

/** A list of (regex, handler) rules; the first full match wins (tornado.web.Application). */
export class Application implements ServerConnectionDelegate {
  readonly #rules: [RegExp, HandlerClass][];

  constructor(handlers: [pattern: string, handler: HandlerClass][]) {
    this.#rules = handlers.map(([pattern, handler]) => [
      new RegExp(`^(?:${pattern})$`),
      handler,
    ]);
  }

  /** Serves this application on `port`; returns the listening socket. */
  listen(port: number): number {
    return new HTTPServer(this).listen(port);
  }

  /** The handler class for `path` and the groups its pattern captured. */
  findHandler(path: string): [HandlerClass, string[]] {
    for (const [regex, handler] of this.#rules) {
      const match = regex.exec(path);
      if (match) return [handler, match.slice(1).map((group) => group ?? '')];
    }
    return [NotFoundHandler, []];
  }

  startRequest(connection: HTTP1Connection): HTTPMessageDelegate {
    return new HandlerDelegate(this, connection);
  }
}
