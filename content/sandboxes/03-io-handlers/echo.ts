/** Step 03: an echo server on raw non-blocking sockets, driven by IOLoop handlers. */

import { concat } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { ERROR, IOLoop, READ, WRITE } from './ioloop.ts';

/** Listens on `port`, echoes every byte back; returns the listening socket. */
export function startEchoServer(port: number, loop = IOLoop.current()): number {
  const net = getPlatform().network;
  const listener = net.listen(port);
  function acceptHandler(): void {
    // Several clients may be waiting: accept until EAGAIN.
    for (
      let fd = net.accept(listener);
      fd !== null;
      fd = net.accept(listener)
    ) {
      serve(fd, loop);
    }
  }
  loop.addHandler(listener, acceptHandler, READ);
  return listener;
}

function serve(fd: number, loop: IOLoop): void {
  const net = getPlatform().network;
  let unsent: Uint8Array = new Uint8Array(0);
  function close(): void {
    loop.removeHandler(fd);
    net.close(fd);
  }
  function echo(_fd: number, events: number): void {
    if (events & ERROR) return close();
    if (events & READ) {
      const data = net.recv(fd, 65536);
      if (data?.length === 0) return close(); // EOF: the client is done
      if (data) unsent = concat([unsent, data]);
    }
    if (unsent.length > 0) unsent = unsent.subarray(net.send(fd, unsent));
    // While bytes are stuck, stop reading and wait for room: backpressure.
    loop.updateHandler(fd, unsent.length > 0 ? WRITE : READ);
  }
  loop.addHandler(fd, echo, READ);
}
