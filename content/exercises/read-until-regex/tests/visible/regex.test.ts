/** Visible checks for readUntilRegex: matches across reads, leftover bytes, maxBytes and a closing peer. */

import { fromUtf8 } from '../../_template/bytes.ts';
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

/** A server-side stream and the virtual client at its other end. */
function pair(): {
  loop: IOLoop;
  stream: IOStream;
  client: VirtualClient;
  net: VirtualNetwork;
} {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const listener = net.listen(7000);
  const client = net.client('peer', 7000);
  const fd = net.accept(listener);
  if (fd === null) throw new Error('the client did not connect');
  return { loop, stream: new IOStream(fd, loop), client, net };
}

/** Runs `task` on the loop until it settles (or `limitMs` of virtual time pass), then rethrows its failure. */
async function onLoop(
  loop: IOLoop,
  task: () => Promise<void>,
  limitMs = 1000,
): Promise<void> {
  let outcome: { error: unknown } | null = null;
  loop.addCallback(function runTask() {
    task().then(
      () => loop.stop(),
      (error: unknown) => {
        outcome = { error };
        loop.stop();
      },
    );
  });
  const limit = loop.callLater(limitMs, () => loop.stop());
  await loop.start();
  loop.removeTimeout(limit);
  if (outcome !== null) throw (outcome as { error: unknown }).error;
}

const head = 'HEAD /x HTTP/1.1\r\nHost: h\n\r\nbody';

test('resolves with everything up to and including the first match, however the bytes are split', async () => {
  const match = 'HEAD /x HTTP/1.1\r\nHost: h\n\r\n';
  for (let cut = 0; cut <= head.length; cut++) {
    setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
    const { loop, stream, client, net } = pair();
    const log: string[] = [];
    /** The peer sends `text` now, and the timeline says so. */
    const send = (text: string): void => {
      log.push(`peer sends ${JSON.stringify(text)} at ${loop.time()} ms`);
      client.send(text);
    };
    send(head.slice(0, cut));
    if (cut < head.length) net.schedule(2, () => send(head.slice(cut)));
    await onLoop(loop, async () => {
      const line = fromUtf8(await stream.readUntilRegex(/\r?\n\r?\n/));
      log.push(
        `readUntilRegex got ${JSON.stringify(line)} at ${loop.time()} ms`,
      );
      const rest = fromUtf8(await stream.readBytes(4));
      log.push(`readBytes(4) got ${JSON.stringify(rest)} at ${loop.time()} ms`);
    });
    // A read resolves as soon as its bytes are in: at 0 ms if the first send had them, else at 2 ms.
    const matchAt = cut >= match.length ? 0 : 2;
    const bodyAt = cut >= head.length ? 0 : 2;
    const expected = [
      `peer sends ${JSON.stringify(head.slice(0, cut))} at 0 ms`,
      `readUntilRegex got ${JSON.stringify(match)} at ${matchAt} ms`,
      `readBytes(4) got "body" at ${bodyAt} ms`,
    ];
    if (cut < head.length) {
      expected.splice(
        matchAt === 0 ? 2 : 1,
        0,
        `peer sends ${JSON.stringify(head.slice(cut))} at 2 ms`,
      );
    }
    assert.order(log, expected, `split after ${cut} bytes`);
  }
});

test('bytes after the match stay buffered, and a match already there resolves without more data', async () => {
  const { loop, stream, client } = pair();
  // Everything arrives at once and nothing ever follows.
  client.send('one;two,three');
  const got: string[] = [];
  await onLoop(loop, async () => {
    got.push(fromUtf8(await stream.readUntilRegex(/[;,]/)));
    got.push(fromUtf8(await stream.readUntilRegex(/[;,]/)));
    got.push(fromUtf8(await stream.readBytes(5)));
  });
  assert.deepEqual(got, ['one;', 'two,', 'three'], 'each read takes its share');
  assert.equal(loop.time(), 0, 'no read waited for the clock');
});

test('no match within maxBytes fails the read with UnsatisfiableReadError and closes the stream', async () => {
  const { loop, stream, client, net } = pair();
  const log: string[] = [];
  /** The peer sends `text` now, and the timeline says so. */
  const send = (text: string): void => {
    log.push(`peer sends ${JSON.stringify(text)} at ${loop.time()} ms`);
    client.send(text);
  };
  send('aaaa');
  net.schedule(5, () => send('aaaa'));
  let caught: unknown = null;
  await onLoop(loop, async () => {
    try {
      await stream.readUntilRegex(/;/, 6);
      log.push(`readUntilRegex(/;/, 6) resolved at ${loop.time()} ms`);
    } catch (error) {
      caught = error;
      log.push(
        `readUntilRegex(/;/, 6) failed with ${(error as Error).name} at ${loop.time()} ms`,
      );
    }
  });
  assert.order(
    log,
    [
      'peer sends "aaaa" at 0 ms',
      'peer sends "aaaa" at 5 ms',
      'readUntilRegex(/;/, 6) failed with StreamClosedError at 5 ms',
    ],
    'it fails once 8 bytes are buffered, not at 4',
  );
  assert.ok(
    caught instanceof StreamClosedError,
    'the read fails with StreamClosedError',
  );
  assert.ok(
    (caught as StreamClosedError).realError instanceof UnsatisfiableReadError,
    'its realError is an UnsatisfiableReadError',
  );
  assert.ok(stream.closed(), 'the stream is closed');
  assert.ok(
    stream.error instanceof UnsatisfiableReadError,
    'stream.error says why',
  );
});

test('the peer closing before a match fails the read with StreamClosedError', async () => {
  const { loop, stream, client, net } = pair();
  client.send('no end in ');
  net.schedule(3, () => client.send('sight').close());
  let caught: unknown = null;
  await onLoop(loop, async () => {
    try {
      await stream.readUntilRegex(/\n/);
    } catch (error) {
      caught = error;
    }
  });
  assert.ok(
    caught instanceof StreamClosedError,
    'the read fails with StreamClosedError',
  );
  assert.ok(stream.closed(), 'the stream is closed');
});
