/** Step 09: HTTPServer is a TCPServer that serves each accepted connection with an HTTP1Connection. */

import {
  HTTP1Connection,
  type ServerConnectionDelegate,
} from './http1connection.ts';
import type { IOStream } from './iostream.ts';
import { TCPServer } from './tcpserver.ts';

/** Accepts connections and hands their requests to the application. */
export class HTTPServer extends TCPServer {
  readonly #delegate: ServerConnectionDelegate;

  constructor(delegate: ServerConnectionDelegate) {
    super();
    this.#delegate = delegate;
  }

  override handleStream(stream: IOStream): void {
    void new HTTP1Connection(stream).startServing(this.#delegate);
  }
}
