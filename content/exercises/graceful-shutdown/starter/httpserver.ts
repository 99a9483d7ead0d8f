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

  override handleStream(stream: IOStream): void {
    const connection = new HTTP1Connection(stream, this.#params);
    void connection.startServing(this.#delegate);
  }

  /** Closes every open connection and resolves once each serving loop has ended (Tornado's close_all_connections). */
  closeAllConnections(): Promise<void> {
    throw new Error('TODO(graceful-shutdown): implement closeAllConnections');
  }
}
