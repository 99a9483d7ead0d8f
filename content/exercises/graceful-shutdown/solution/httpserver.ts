/** HTTPServer that remembers its open connections, so closeAllConnections() can close them and wait for each to end. */

import {
  HTTP1Connection,
  type HTTP1ConnectionParameters,
  type ServerConnectionDelegate,
} from './http1connection.ts';
import type { IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

/** Tornado's default idle_connection_timeout: an hour, in ms. */
export const IDLE_CONNECTION_TIMEOUT = 3_600_000;

/** Tornado's HTTPServer keyword arguments that this server has, in ms (Tornado's are seconds). */
export interface HTTPServerOptions {
  /** How long a connection may wait for the head of its next request, the first included. @default IDLE_CONNECTION_TIMEOUT */
  idleConnectionTimeout?: number | undefined;
  /** How long reading one request body may take. @default no limit, as in Tornado */
  bodyTimeout?: number | undefined;
}

/** Accepts connections and hands their requests to the application. */
export class HTTPServer extends TCPServer {
  readonly #delegate: ServerConnectionDelegate;
  readonly #params: HTTP1ConnectionParameters;
  /** Open connections, each with a promise that settles once its serving loop is over. */
  readonly #connections = new Map<HTTP1Connection, Promise<void>>();

  constructor(
    delegate: ServerConnectionDelegate,
    options: HTTPServerOptions = {},
  ) {
    super();
    this.#delegate = delegate;
    this.#params = {
      // `||` as Tornado's `or`: 0 also means the default.
      headerTimeout: options.idleConnectionTimeout || IDLE_CONNECTION_TIMEOUT,
      bodyTimeout: options.bodyTimeout,
    };
  }

  override handleStream(stream: IOStream): Promise<void> {
    const connection = new HTTP1Connection(stream, this.#params);
    const serving = connection.startServing(this.#delegate);
    const forget = (): void => {
      this.#connections.delete(connection);
    };
    // Settles either way: a shutdown waits for the loop to end, not to succeed.
    this.#connections.set(connection, serving.then(forget, forget));
    // Returned, so TCPServer logs a failed loop on the IOLoop.
    return serving;
  }

  /** Closes every open connection and resolves once each serving loop has ended (Tornado's close_all_connections). */
  async closeAllConnections(): Promise<void> {
    // One at a time, re-reading the map: a connection accepted meanwhile
    // (the server may still listen) is closed too.
    for (;;) {
      const next = this.#connections.entries().next();
      if (next.done === true) return;
      const [open, ended] = next.value;
      open.stream.close();
      await ended;
    }
  }
}
