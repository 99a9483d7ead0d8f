import { fromUtf8, utf8 } from '../../_template/bytes.ts';
import { getPlatform, setPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import {
  VirtualPlatform,
  type VirtualClient,
  type VirtualNetwork,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import {
  IOStream,
  StreamClosedError,
  UnsatisfiableReadError,
} from '../iostream.ts';

let nextPort = 9100;

function connect(): {
  loop: IOLoop;
  stream: IOStream;
  client: VirtualClient;
  net: VirtualNetwork;
} {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const port = nextPort++;
  const listener = net.listen(port);
  const client = net.client('c', port);
  const fd = net.accept(listener);
  if (fd === null) throw new Error('no connection to accept');
  return { loop, stream: new IOStream(fd, loop), client, net };
}

/** Runs `body` as a task on the loop; stops the loop when it settles (or after `limit` ms). */
async function drive(
  loop: IOLoop,
  body: () => Promise<void>,
  limit = 1000,
): Promise<void> {
  let failure: unknown = null;
  loop.addCallback(function task() {
    body().then(
      () => loop.stop(),
      (error: unknown) => {
        failure = error;
        loop.stop();
      },
    );
  });
  const guard = loop.callLater(limit, () => loop.stop());
  await loop.start();
  loop.removeTimeout(guard);
  if (failure !== null)
    throw failure instanceof Error
      ? failure
      : new Error(JSON.stringify(failure));
}

const message = 'POST / HTTP/1.1\r\nHost: x\r\n\r\nbody-bytes';

test('readUntil + readBytes give the same result however the bytes are split', async () => {
  for (let cut = 0; cut <= message.length; cut++) {
    setPlatform(new VirtualPlatform({ print: null }));
    const { loop, stream, client, net } = connect();
    client.send(message.slice(0, cut));
    net.schedule(1, () => client.send(message.slice(cut)));
    const got: string[] = [];
    await drive(loop, async () => {
      got.push(fromUtf8(await stream.readUntil('\r\n\r\n')));
      got.push(fromUtf8(await stream.readBytes(10)));
    });
    assert.deepEqual(
      got,
      ['POST / HTTP/1.1\r\nHost: x\r\n\r\n', 'body-bytes'],
      `cut at ${cut}`,
    );
  }
});

test('a read over maxBytes fails with StreamClosedError carrying UnsatisfiableReadError', async () => {
  const { loop, stream, client } = connect();
  client.send('0123456789');
  let caught: unknown = null;
  await drive(loop, async () => {
    try {
      await stream.readUntil('\n', 8);
    } catch (error) {
      caught = error;
    }
  });
  assert.ok(caught instanceof StreamClosedError, 'StreamClosedError');
  assert.ok(
    (caught as StreamClosedError).realError instanceof UnsatisfiableReadError,
    'realError is UnsatisfiableReadError',
  );
  assert.ok(stream.closed());
});

test('partial readBytes resolves with what is buffered, at most n', async () => {
  const { loop, stream, client, net } = connect();
  client.send('abc');
  net.schedule(5, () => client.send('defghij'));
  const chunks: string[] = [];
  await drive(loop, async () => {
    chunks.push(fromUtf8(await stream.readBytes(5, { partial: true })));
    chunks.push(fromUtf8(await stream.readBytes(5, { partial: true })));
    chunks.push(fromUtf8(await stream.readBytes(5, { partial: true })));
  });
  assert.deepEqual(chunks, ['abc', 'defgh', 'ij']);
});

test('EOF fails a pending read with StreamClosedError and runs the close callback', async () => {
  const { loop, stream, client, net } = connect();
  const order: string[] = [];
  stream.setCloseCallback(() => order.push('close callback'));
  net.schedule(3, () => client.send('partial line').close());
  await drive(loop, async () => {
    try {
      await stream.readUntil('\n');
    } catch (error) {
      order.push(
        error instanceof StreamClosedError ? 'read failed' : 'other error',
      );
    }
    await new Promise<void>((resolve) => loop.addCallback(resolve));
  });
  assert.deepEqual([...order].sort(), ['close callback', 'read failed']);
});

test('write resolves only when its bytes left the buffer (backpressure)', async () => {
  setPlatform(new VirtualPlatform({ capacity: 64, print: null }));
  const { loop, stream, client, net } = connect();
  client.pause();
  net.schedule(40, () => client.resume());
  let flushedAt = -1;
  await drive(loop, async () => {
    await stream.write(new Uint8Array(500).fill(65));
    flushedAt = loop.time();
  });
  assert.equal(flushedAt, 40);
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.equal(client.received.length, 500);
});

test('pending writes fail when the stream closes', async () => {
  setPlatform(new VirtualPlatform({ capacity: 8, print: null }));
  const { loop, stream, client } = connect();
  client.pause();
  let caught: unknown = null;
  await drive(loop, async () => {
    const pending = stream.write(utf8('more than eight bytes'));
    loop.callLater(5, () => stream.close());
    try {
      await pending;
    } catch (error) {
      caught = error;
    }
  });
  assert.ok(caught instanceof StreamClosedError);
});

test('reads resolve through the loop, never inline', async () => {
  const { loop, stream, client } = connect();
  client.send('x\n');
  const order: string[] = [];
  await drive(loop, async () => {
    const future = stream.readUntil('\n');
    order.push(future.done() ? 'done at once' : 'pending');
    future.addDoneCallback(() => order.push('callback'));
    order.push('after addDoneCallback');
    await future;
  });
  assert.order(order, ['done at once', 'after addDoneCallback', 'callback']);
});
