/** A free TCP port on 127.0.0.1, for tools and tests that start servers. */
import { createServer } from 'node:net';

/** Binds port 0 on 127.0.0.1, reads the port the system chose, and releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('the system gave no port')),
      );
    });
  });
}
