import { assert, recordTrace, test } from '../../_template/testing.ts';
import { Future } from '../concurrent.ts';
import { coroutine, multi, sleep, type Coroutine } from '../gen.ts';
import { IOLoop } from '../ioloop.ts';

test('a coroutine runs at once up to its first yield, like an async function', () => {
  new IOLoop();
  const order: string[] = [];
  const coro = coroutine(function* body(): Coroutine<void> {
    order.push('coroutine started');
    yield sleep(1);
    order.push('coroutine resumed');
  });
  async function asyncBody(): Promise<void> {
    order.push('async started');
    await sleep(1);
    order.push('async resumed');
  }
  coro();
  void asyncBody();
  order.push('caller continues');
  assert.order(order, [
    'coroutine started',
    'async started',
    'caller continues',
  ]);
});

test('yield resumes with the result; the coroutine Future gets the return value', async () => {
  const loop = new IOLoop();
  const double = coroutine(function* double(n: number): Coroutine<number> {
    const value = (yield later(loop, 5, n)) as number;
    return value * 2;
  });
  const result = double(21);
  assert.ok(!result.done(), 'not done before the loop runs');
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.equal(result.result(), 42);
});

test('a failed Future is thrown into the generator, where try/catch sees it', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  const coro = coroutine(function* catcher(): Coroutine<string> {
    try {
      yield failLater(loop, 3, 'disk on fire');
      seen.push('not reached');
    } catch (error) {
      seen.push(`caught ${(error as Error).message}`);
    }
    return 'recovered';
  });
  const result = coro();
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['caught disk on fire']);
  assert.equal(result.result(), 'recovered');
});

test('an uncaught exception fails the coroutine Future', async () => {
  const loop = new IOLoop();
  const coro = coroutine(function* failing(): Coroutine<void> {
    yield sleep(1);
    throw new Error('bad state');
  });
  const result = coro();
  loop.callLater(5, () => loop.stop());
  await loop.start();
  assert.equal((result.exception() as Error).message, 'bad state');
});

test('yielding an array or object waits for all and keeps the shape', async () => {
  const loop = new IOLoop();
  let list: unknown;
  let record: unknown;
  let at = -1;
  const coro = coroutine(function* both(): Coroutine<void> {
    list = yield [later(loop, 30, 'slow'), later(loop, 10, 'fast')];
    at = loop.time();
    record = yield { a: later(loop, 5, 1), b: later(loop, 1, 2) };
  });
  coro();
  loop.callLater(100, () => loop.stop());
  await loop.start();
  assert.deepEqual(list, ['slow', 'fast']);
  assert.equal(at, 30, 'resumed when the slowest finished');
  assert.deepEqual(record, { a: 1, b: 2 });
});

test('multi fails with the first exception; an empty multi resolves', async () => {
  const loop = new IOLoop();
  const failing = multi([later(loop, 10, 'x'), failLater(loop, 2, 'first')]);
  const empty = multi([]);
  loop.callLater(20, () => loop.stop());
  await loop.start();
  assert.equal((failing.exception() as Error).message, 'first');
  assert.deepEqual(empty.result(), []);
});

test('sleep suspends only its coroutine; others run meanwhile', async () => {
  const loop = new IOLoop();
  const events: string[] = [];
  const napper = coroutine(function* napper(
    name: string,
    ms: number,
  ): Coroutine<void> {
    events.push(`${name} sleeps ${ms}`);
    yield sleep(ms);
    events.push(`${name} woke at ${loop.time()}`);
  });
  napper('a', 20);
  napper('b', 5);
  loop.callLater(30, () => loop.stop());
  await loop.start();
  assert.order(events, [
    'a sleeps 20',
    'b sleeps 5',
    'b woke at 5',
    'a woke at 20',
  ]);
});

test('a coroutine can wait for another coroutine', async () => {
  const loop = new IOLoop();
  const inner = coroutine(function* inner(): Coroutine<string> {
    yield sleep(2);
    return 'inner result';
  });
  const outer = coroutine(function* outer(): Coroutine<string> {
    const value = (yield inner()) as string;
    return `outer got ${value}`;
  });
  const result = outer();
  loop.callLater(10, () => loop.stop());
  await loop.start();
  assert.equal(result.result(), 'outer got inner result');
});

test('Runner and async/await interleave identically, even within one round', async () => {
  const plans = [
    [3, 0, 3],
    [0, 0, 5],
    [3, 3, 0],
    [5, 1, 1],
  ];
  async function scenario(style: 'gen' | 'async'): Promise<string[]> {
    const loop = new IOLoop();
    const t0 = loop.time();
    const now = (): number => loop.time() - t0;
    const order: string[] = [];
    const genTask = coroutine(function* task(
      name: string,
      delays: number[],
    ): Coroutine<void> {
      for (const [i, ms] of delays.entries()) {
        order.push(`${name}.${i} at ${now()}`);
        yield [sleep(ms), later(loop, 0, i)];
      }
      order.push(`${name} done at ${now()}`);
    });
    async function asyncTask(name: string, delays: number[]): Promise<void> {
      for (const [i, ms] of delays.entries()) {
        order.push(`${name}.${i} at ${now()}`);
        await multi([sleep(ms), later(loop, 0, i)]);
      }
      order.push(`${name} done at ${now()}`);
    }
    plans.forEach((delays, n) => {
      loop.addCallback(function start() {
        if (style === 'gen') genTask(`t${n}`, delays);
        else void asyncTask(`t${n}`, delays);
        order.push(`started t${n}`);
      });
    });
    loop.callLater(50, () => loop.stop());
    await loop.start();
    return order;
  }
  const viaGenerators = await scenario('gen');
  const viaAsync = await scenario('async');
  assert.order(viaGenerators, viaAsync);
  assert.equal(
    viaGenerators.filter((line) => line.includes('done')).length,
    plans.length,
  );
});

test('the trace shows where a coroutine suspended and what resumed it', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const coro = coroutine(function* worker(): Coroutine<void> {
    yield later(loop, 4, 'payload');
  });
  coro();
  loop.callLater(10, () => loop.stop());
  await loop.start();
  const kinds = trace.events.flatMap((e) =>
    e.kind.startsWith('coroutine') ? [e.kind] : [],
  );
  assert.order(kinds, [
    'coroutine.suspended',
    'coroutine.resumed',
    'coroutine.finished',
  ]);
  assert.ok(
    trace.lines().some((line) => line.includes('"payload"')),
    'the value is shown',
  );
});

function later<T>(loop: IOLoop, ms: number, value: T): Future<T> {
  const future = new Future<T>(`later(${ms})`, loop);
  loop.callLater(ms, () => future.setResult(value));
  return future;
}

function failLater(loop: IOLoop, ms: number, message: string): Future<never> {
  const future = new Future<never>(`fail(${ms})`, loop);
  loop.callLater(ms, () => future.setException(new Error(message)));
  return future;
}
