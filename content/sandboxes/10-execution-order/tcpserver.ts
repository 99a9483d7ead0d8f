/** Step 04: TCPServer accepts connections and hands each one, as an IOStream, to handleStream. */

import { getPlatform } from '../_template/platform.ts';
import { IOLoop, READ } from './ioloop.ts';
import { IOStream } from './iostream.ts';

/** Subclass it and override handleStream, as with Tornado's TCPServer. */
export class TCPServer {
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
        this.handleStream(new IOStream(fd, loop));
      }
    };
    loop.addHandler(listener, acceptHandler, READ);
    return listener;
  }

  /** Serves one connection. */
  handleStream(stream: IOStream): void {
    stream.close(new Error('TCPServer.handleStream is not overridden'));
  }
}
