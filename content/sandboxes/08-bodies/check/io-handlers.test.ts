import { fromUtf8 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, recordTrace, test } from '../../_template/testing.ts';
import { VirtualPlatform } from '../../_template/virtual-net.ts';

import { IOLoop, READ, WRITE } from '../ioloop.ts';

function virtual(): VirtualPlatform {
  const platform = getPlatform();
  if (!(platform instanceof VirtualPlatform))
    throw new Error('expected the virtual platform');
  return platform;
}

test('a handler runs when its socket is readable, with the READ bit', async () => {
  const loop = new IOLoop();
  const net = virtual().network;
  const listener = net.listen(7000);
  const seen: number[] = [];
  loop.addHandler(
    listener,
    (fd, events) => {
      seen.push(events);
      net.accept(fd);
      loop.stop();
    },
    READ,
  );
  net.schedule(30, () => net.client('c', 7000));
  await loop.start();
  assert.deepEqual(seen, [READ]);
  assert.equal(loop.time(), 30, 'the loop slept until the client came');
});

test('updateHandler switches events; removeHandler stops the calls', async () => {
  const loop = new IOLoop();
  const net = virtual().network;
  const listener = net.listen(7001);
  net.client('c', 7001);
  const calls: string[] = [];
  loop.addHandler(
    listener,
    () => {
      const fd = net.accept(listener);
      if (fd === null) return;
      loop.addHandler(
        fd,
        (_fd, events) => {
          calls.push(events & WRITE ? 'write' : 'read');
          if (calls.length === 1) loop.updateHandler(fd, WRITE);
          else loop.removeHandler(fd);
        },
        WRITE,
      );
    },
    READ,
  );
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.deepEqual(
    calls,
    ['write', 'write'],
    'a removed handler is not called again',
  );
});

test('a socket that is not drained is reported again (level-triggered)', async () => {
  const loop = new IOLoop();
  const net = virtual().network;
  const listener = net.listen(7002);
  net.client('c', 7002).send('abcdef');
  const chunks: string[] = [];
  loop.addHandler(
    listener,
    () => {
      const fd = net.accept(listener);
      if (fd === null) return;
      loop.addHandler(
        fd,
        () => {
          const data = net.recv(fd, 2);
          if (data && data.length > 0) chunks.push(fromUtf8(data));
          if (chunks.length === 3) loop.stop();
        },
        READ,
      );
    },
    READ,
  );
  await loop.start();
  assert.deepEqual(chunks, ['ab', 'cd', 'ef']);
});

test('an exception in a handler is logged; other handlers still run', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const net = virtual().network;
  const a = net.listen(7003);
  const b = net.listen(7004);
  net.client('a', 7003);
  net.client('b', 7004);
  let bRan = false;
  loop.addHandler(
    a,
    function broken() {
      loop.removeHandler(a);
      throw new Error('handler bug');
    },
    READ,
  );
  loop.addHandler(
    b,
    () => {
      bRan = true;
      loop.stop();
    },
    READ,
  );
  await loop.start();
  assert.ok(bRan, 'the second handler ran');
  const errors = trace.events.filter((e) => e.kind === 'callback.error');
  assert.equal(errors.length, 1);
});
