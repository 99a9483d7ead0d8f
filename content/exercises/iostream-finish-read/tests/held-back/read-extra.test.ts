import { fromUtf8, utf8 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type { VirtualPlatform } from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { IOStream } from '../iostream.ts';

function setup(port: number) {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const listener = net.listen(port);
  const client = net.client('c', port);
  const fd = net.accept(listener);
  if (fd === null) throw new Error('no connection');
  return { loop, client, stream: new IOStream(fd, loop) };
}

test('two readUntil calls in a row stop right after each delimiter', async () => {
  const { loop, client, stream } = setup(9301);
  const lines: string[] = [];
  client.send('one\r\ntwo\r\nrest');
  stream.readUntil(utf8('\r\n'), (a) => {
    lines.push(fromUtf8(a));
    stream.readUntil(utf8('\r\n'), (b) => {
      lines.push(fromUtf8(b));
      stream.readBytes(4, (c) => {
        lines.push(fromUtf8(c));
        loop.stop();
      });
    });
  });
  await loop.start();
  assert.deepEqual(lines, ['one\r\n', 'two\r\n', 'rest']);
});

test('a line that ends exactly at maxBytes is not refused while its delimiter is still arriving', async () => {
  const { loop, client, stream } = setup(9302);
  const net = (getPlatform() as VirtualPlatform).network;
  let got = '';
  // 6 of the 8 bytes first: the 4-byte delimiter may still end within maxBytes = 8.
  client.send('head\r\n');
  net.schedule(5, () => client.send('\r\nbody'));
  stream.readUntil(
    utf8('\r\n\r\n'),
    (data) => {
      got = `${fromUtf8(data)}@${loop.time()}`;
      loop.stop();
    },
    8,
  );
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.equal(got, 'head\r\n\r\n@5');
  assert.ok(!stream.closed(), 'the stream stays open');
});

test('readBytes takes exactly n bytes and leaves the rest for the next read', async () => {
  const { loop, client, stream } = setup(9303);
  const parts: string[] = [];
  client.send('abcdefgh');
  stream.readBytes(3, (a) => {
    parts.push(fromUtf8(a));
    stream.readBytes(5, (b) => {
      parts.push(fromUtf8(b));
      loop.stop();
    });
  });
  await loop.start();
  assert.deepEqual(parts, ['abc', 'defgh']);
});
