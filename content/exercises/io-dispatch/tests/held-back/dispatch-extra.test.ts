import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type { VirtualPlatform } from '../../_template/virtual-net.ts';
import { IOLoop, READ } from '../ioloop.ts';

test('a handler removed by an earlier handler of the same batch is not called', async () => {
  const loop = new IOLoop();
  const net = (getPlatform() as VirtualPlatform).network;
  const first = net.listen(7101);
  const second = net.listen(7102);
  const seen: string[] = [];
  loop.addHandler(
    first,
    (fd) => {
      seen.push('first');
      net.accept(fd);
      loop.removeHandler(second);
    },
    READ,
  );
  loop.addHandler(
    second,
    (fd) => {
      seen.push('second');
      net.accept(fd);
    },
    READ,
  );
  net.schedule(10, () => {
    net.client('x', 7101);
    net.client('y', 7102);
  });
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['first']);
});

test('I/O that arrives before a timer is handled first, at its own time', async () => {
  const loop = new IOLoop();
  const net = (getPlatform() as VirtualPlatform).network;
  const listener = net.listen(7103);
  const seen: string[] = [];
  loop.addHandler(
    listener,
    (fd) => {
      seen.push(`accept@${loop.time()}`);
      net.accept(fd);
    },
    READ,
  );
  loop.callLater(60, () => {
    seen.push(`timer@${loop.time()}`);
    loop.stop();
  });
  net.schedule(25, () => net.client('c', 7103));
  await loop.start();
  assert.order(seen, ['accept@25', 'timer@60']);
});
