/** Held-back checks for readUntilRegex: where maxBytes bites, lookaheads, byte offsets, flags and inline failure. */

import { fromUtf8, utf8 } from '../../_template/bytes.ts';
import { getPlatform } from '../../_template/platform.ts';
import { assert, test } from '../../_template/testing.ts';
import type {
  VirtualClient,
  VirtualNetwork,
  VirtualPlatform,
} from '../../_template/virtual-net.ts';
import { IOLoop } from '../ioloop.ts';
import {
  IOStream,
  StreamClosedError,
  UnsatisfiableReadError,
} from '../iostream.ts';

let port = 7100;

/** A server-side stream and the virtual client at its other end. */
function pair(): {
  loop: IOLoop;
  stream: IOStream;
  client: VirtualClient;
  net: VirtualNetwork;
} {
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const listener = net.listen(port);
  const client = net.client('peer', port++);
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

/** What one regex read gives: the text, or the name of the failure and its cause. */
async function outcome(
  loop: IOLoop,
  read: () => PromiseLike<Uint8Array>,
): Promise<string> {
  let result = 'still pending';
  await onLoop(loop, async () => {
    try {
      result = fromUtf8(await read());
    } catch (error) {
      const cause =
        error instanceof StreamClosedError ? error.realError?.name : undefined;
      result = `${(error as Error).name}: ${cause ?? 'no cause'}`;
    }
  });
  return result;
}

test('a match found but ending past maxBytes fails; one ending exactly at maxBytes is fine', async () => {
  const far = pair();
  far.client.send('abcdefg;rest');
  assert.equal(
    await outcome(far.loop, () => far.stream.readUntilRegex(/;/, 5)),
    'StreamClosedError: UnsatisfiableReadError',
    'the match ends at 8 bytes, over a maxBytes of 5',
  );
  assert.ok(far.stream.closed(), 'the stream is closed');
  const near = pair();
  near.client.send('abcd;rest');
  assert.equal(
    await outcome(near.loop, () => near.stream.readUntilRegex(/;/, 5)),
    'abcd;',
    'the match ends at 5 bytes, within a maxBytes of 5',
  );
  assert.ok(!near.stream.closed(), 'the stream stays open');
});

test('exactly maxBytes buffered without a match keeps waiting: a lookahead match may still end in it', async () => {
  const { loop, stream, client, net } = pair();
  client.send('12345');
  net.schedule(4, () => client.send(';next'));
  assert.equal(
    await outcome(loop, () => stream.readUntilRegex(/\d+(?=;)/, 5)),
    '12345',
    'the match ends at byte 5 once the ";" arrives',
  );
  assert.equal(
    await outcome(loop, () => stream.readBytes(5)),
    ';next',
    'the lookahead byte stays in the buffer',
  );
});

test('offsets count bytes, not characters: multi-byte UTF-8 before the match', async () => {
  const { loop, stream, client } = pair();
  client.send(utf8('café→ok\ntail'));
  let first: Uint8Array = new Uint8Array(0);
  let second: Uint8Array = new Uint8Array(0);
  await onLoop(loop, async () => {
    first = await stream.readUntilRegex(/\n/);
    second = await stream.readBytes(4);
  });
  assert.equal(
    first.length,
    11,
    'the 11 bytes up to and including the newline',
  );
  assert.equal(fromUtf8(first), 'café→ok\n', 'the text up to the newline');
  assert.equal(
    fromUtf8(second),
    'tail',
    'the rest starts right after the newline',
  );
});

test('a pattern given as a string works, and a g or y flag does not change where the search starts', async () => {
  const { loop, stream, client } = pair();
  client.send('a;b;c|d|');
  const global = /;/g;
  const sticky = /\|/y;
  const got: string[] = [];
  await onLoop(loop, async () => {
    got.push(fromUtf8(await stream.readUntilRegex(global)));
    got.push(fromUtf8(await stream.readUntilRegex(global)));
    got.push(fromUtf8(await stream.readUntilRegex(sticky)));
    got.push(fromUtf8(await stream.readUntilRegex('[|]')));
  });
  assert.deepEqual(got, ['a;', 'b;', 'c|', 'd|'], 'every read finds its match');
});

test('a buffer already past maxBytes fails at once, inside the call, and closes the stream', async () => {
  const { loop, stream, client } = pair();
  client.send('ab' + 'x'.repeat(10));
  const seen: string[] = [];
  await onLoop(loop, async () => {
    await stream.readBytes(2);
    const read = stream.readUntilRegex(/;/, 4);
    seen.push(`closed right after the call: ${stream.closed()}`);
    try {
      await read;
      seen.push('resolved');
    } catch (error) {
      seen.push(
        error instanceof StreamClosedError ? 'StreamClosedError' : 'other',
      );
    }
  });
  assert.deepEqual(
    seen,
    ['closed right after the call: true', 'StreamClosedError'],
    '10 buffered bytes are over a maxBytes of 4',
  );
  assert.ok(
    stream.error instanceof UnsatisfiableReadError,
    'stream.error is UnsatisfiableReadError',
  );
});
