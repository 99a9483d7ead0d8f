import { fromUtf8 } from '../../_template/bytes.ts';
import { getPlatform, setPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import {
  VirtualPlatform,
  type VirtualClient,
  type VirtualNetwork,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import { IOStream, UnsatisfiableReadError } from '../iostream.ts';

let nextPort = 9000;

/** A loop, a stream on the server side, and the virtual client at the other end. */
function connect(): {
  loop: IOLoop;
  stream: IOStream;
  client: VirtualClient;
  net: VirtualNetwork;
} {
  const platform = getPlatform() as VirtualPlatform;
  const net = platform.network;
  const loop = new IOLoop();
  const port = nextPort++;
  const listener = net.listen(port);
  const client = net.client('c', port);
  const fd = net.accept(listener);
  if (fd === null) throw new Error('no connection to accept');
  return { loop, stream: new IOStream(fd, loop), client, net };
}

const message = 'GET / HTTP/1.1\r\nHost: x\r\n\r\nbody-bytes';

test('readUntil + readBytes give the same result however the bytes are split', async () => {
  for (let cut = 0; cut <= message.length; cut++) {
    setPlatform(new VirtualPlatform({ print: null }));
    const { loop, stream, client, net } = connect();
    client.send(message.slice(0, cut));
    net.schedule(1, () => client.send(message.slice(cut)));
    const got: string[] = [];
    stream.readUntil('\r\n\r\n', (head) => {
      got.push(fromUtf8(head));
      stream.readBytes(10, (body) => {
        got.push(fromUtf8(body));
        loop.stop();
      });
    });
    loop.callLater(50, () => loop.stop());
    await loop.start();
    assert.deepEqual(
      got,
      ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'body-bytes'],
      `cut at ${cut}`,
    );
  }
});

test('a delimiter split byte by byte is still found', async () => {
  const { loop, stream, client, net } = connect();
  [...'ab\r\n'].forEach((ch, i) => net.schedule(i, () => client.send(ch)));
  let line = '';
  stream.readUntil('\r\n', (data) => {
    line = fromUtf8(data);
    loop.stop();
  });
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.equal(line, 'ab\r\n');
});

test('readUntil closes the stream when the delimiter is not within maxBytes', async () => {
  const { loop, stream, client } = connect();
  client.send('0123456789');
  let called = false;
  let closedBy = null as Error | null;
  stream.setCloseCallback(() => (closedBy = stream.error));
  stream.readUntil('\n', () => (called = true), 8);
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.ok(!called, 'the read callback never runs');
  assert.ok(
    closedBy instanceof UnsatisfiableReadError,
    'closed with UnsatisfiableReadError',
  );
  assert.ok(stream.closed());
  assert.ok(client.closedByServer, 'the client sees the connection close');
});

test('maxBytes counts the delimiter; a line that fits exactly is accepted', async () => {
  const { loop, stream, client } = connect();
  client.send('1234\n5678\n');
  const lines: string[] = [];
  stream.readUntil(
    '\n',
    (a) => {
      lines.push(fromUtf8(a));
      stream.readUntil('\n', (b) => lines.push(fromUtf8(b)), 4);
    },
    5,
  );
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.deepEqual(lines, ['1234\n']);
  assert.ok(
    stream.error instanceof UnsatisfiableReadError,
    'a 5-byte line with maxBytes 4 fails',
  );
});

test('readBytes with partial resolves with what is buffered, at most n', async () => {
  const { loop, stream, client, net } = connect();
  client.send('abc');
  net.schedule(5, () => client.send('defghij'));
  const chunks: string[] = [];
  stream.readBytes(
    5,
    (first) => {
      chunks.push(fromUtf8(first));
      stream.readBytes(
        5,
        (second) => {
          chunks.push(fromUtf8(second));
          loop.stop();
        },
        { partial: true },
      );
    },
    { partial: true },
  );
  loop.callLater(50, () => loop.stop());
  await loop.start();
  assert.deepEqual(chunks, ['abc', 'defgh']);
});

test('read callbacks run on the loop, never inline', async () => {
  const { loop, stream, client } = connect();
  client.send('line\n');
  const order: string[] = [];
  loop.addCallback(() => {
    stream.readUntil('\n', () => order.push('callback'));
    order.push('after readUntil');
    loop.callLater(1, () => loop.stop());
  });
  await loop.start();
  assert.order(order, ['after readUntil', 'callback']);
});
