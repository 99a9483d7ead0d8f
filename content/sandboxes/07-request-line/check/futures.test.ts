import { assert, recordTrace, test } from '../../_template/testing.ts';
import { chainFuture, Future, InvalidStateError } from '../concurrent.ts';
import { IOLoop } from '../ioloop.ts';

test('done callbacks are scheduled on the loop, never run inside setResult', async () => {
  const loop = new IOLoop();
  const future = new Future<string>('f');
  const order: string[] = [];
  future.addDoneCallback((f) => order.push(`callback saw ${f.result()}`));
  loop.addCallback(() => {
    future.setResult('x');
    order.push('setResult returned');
  });
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.order(order, ['setResult returned', 'callback saw x']);
});

test('a callback added to a done future still waits for a later round', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const future = new Future<number>();
  future.setResult(1);
  const order: string[] = [];
  loop.addCallback(function first() {
    future.addDoneCallback(function late() {
      order.push('late');
    });
    order.push('first done');
  });
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.order(order, ['first done', 'late']);
  const runs = trace.events.flatMap((e) =>
    e.kind === 'callback.run' ? [e.name] : [],
  );
  assert.ok(
    runs.indexOf('bound late') > runs.indexOf('first'),
    'late ran as its own callback',
  );
});

test('callbacks run in the order they were added', async () => {
  const loop = new IOLoop();
  const future = new Future<void>();
  const order: number[] = [];
  for (const n of [1, 2, 3]) future.addDoneCallback(() => order.push(n));
  future.setResult();
  loop.callLater(1, () => loop.stop());
  await loop.start();
  assert.deepEqual(order, [1, 2, 3]);
});

test('result() and exception() follow asyncio.Future', () => {
  new IOLoop();
  const pending = new Future<number>();
  assert.throws(() => pending.result(), 'InvalidStateError');
  assert.throws(() => pending.exception(), 'InvalidStateError');
  const ok = new Future<number>();
  ok.setResult(7);
  assert.equal(ok.result(), 7);
  assert.equal(ok.exception(), null);
  const failed = new Future<number>();
  const boom = new Error('boom');
  failed.setException(boom);
  assert.equal(failed.exception(), boom);
  assert.throws(() => failed.result(), 'boom');
  assert.throws(() => ok.setResult(8), 'already done');
  assert.ok(new InvalidStateError('x') instanceof Error);
});

test('await works on a Future: results come back, exceptions are thrown', async () => {
  const loop = new IOLoop();
  const good = new Future<string>();
  const bad = new Future<string>();
  const seen: string[] = [];
  async function consumer(): Promise<void> {
    seen.push(await good);
    try {
      await bad;
    } catch (error) {
      seen.push(`caught ${(error as Error).message}`);
    }
    loop.stop();
  }
  loop.addCallback(() => void consumer());
  loop.callLater(10, () => good.setResult('hello'));
  loop.callLater(20, () => bad.setException(new Error('nope')));
  await loop.start();
  assert.deepEqual(seen, ['hello', 'caught nope']);
  assert.equal(loop.time(), 20);
});

test('code resumed by await can queue callbacks before the loop sleeps', async () => {
  const loop = new IOLoop();
  const future = new Future<void>();
  let ranAt = -1;
  async function waiter(): Promise<void> {
    await future;
    loop.addCallback(() => {
      ranAt = loop.time();
      loop.stop();
    });
  }
  loop.addCallback(() => void waiter());
  loop.callLater(10, () => future.setResult());
  loop.callLater(1000, () => loop.stop());
  await loop.start();
  assert.equal(
    ranAt,
    10,
    'the callback ran right away, not when the far timer fired',
  );
});

test('chainFuture copies a result or an exception, unless the target is done', async () => {
  const loop = new IOLoop();
  const a = new Future<number>();
  const b = new Future<number>();
  const c = new Future<number>();
  const d = new Future<number>();
  const e = new Future<number>();
  chainFuture(a, b);
  chainFuture(c, d);
  chainFuture(a, e);
  e.setResult(-1);
  a.setResult(5);
  c.setException(new Error('bad'));
  loop.callLater(2, () => loop.stop());
  await loop.start();
  assert.equal(b.result(), 5);
  assert.equal((d.exception() as Error).message, 'bad');
  assert.equal(e.result(), -1, 'a done target is left alone');
});

test('resolving emits a trace event with the label and value', () => {
  new IOLoop();
  const trace = recordTrace();
  const f = new Future<string>('greeting');
  f.setResult('hi');
  const event = trace.events.find((e) => e.kind === 'future.resolved');
  assert.deepEqual(event && { kind: event.kind, lines: trace.lines().length }, {
    kind: 'future.resolved',
    lines: 1,
  });
  assert.ok(trace.lines()[0]?.includes('greeting'));
});
