/** TCPServer with stop(): it can close its listening sockets while the connections it already accepted go on. */

import { getPlatform } from '../_template/platform.ts';
import { IOLoop, READ } from './ioloop.ts';
import { IOStream } from './iostream.ts';

/** Subclass it and override handleStream, as with Tornado's TCPServer. */
export class TCPServer {
  /** Each listening socket, with the loop that watches it, so stop() can undo listen(). */
  readonly #listening = new Map<number, IOLoop>();
  #stopped = false;

  /** Listens on `port` (0: any free port); returns the listening socket. */
  listen(port: number, loop = IOLoop.current()): number {
    const net = getPlatform().network;
    const listener = net.listen(port);
    const acceptHandler = (): void => {
      // Several clients may be waiting: accept until EAGAIN.
      for (
        let fd = net.accept(listener);
        fd !== null;
        fd = net.accept(listener)
      ) {
        const served = this.handleStream(new IOStream(fd, loop));
        // Like Tornado's TCPServer, which does add_future(f, lambda f:
        // f.result()): a coroutine's exception is raised again in a loop
        // callback, so the loop logs it instead of it being lost, or, for an
        // async function, crashing the process as an unhandled rejection.
        if (served) {
          served.then(undefined, (error: unknown) =>
            loop.addCallback(function handleStream() {
              throw error;
            }),
          );
        }
      }
    };
    loop.addHandler(listener, acceptHandler, READ);
    this.#listening.set(listener, loop);
    return listener;
  }

  /** Stops accepting connections (Tornado's TCPServer.stop); accepted ones are not touched. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const net = getPlatform().network;
    for (const [fd, loop] of this.#listening) {
      // Unwatch first: the loop must never poll a socket that is gone.
      loop.removeHandler(fd);
      net.close(fd);
    }
    this.#listening.clear();
  }

  /** Serves one connection; a coroutine returns its Future (or Promise). */
  handleStream(stream: IOStream): void | PromiseLike<unknown> {
    stream.close(new Error('TCPServer.handleStream is not overridden'));
  }
}
