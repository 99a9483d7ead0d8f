import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('a thrown non-Error value is logged too, and the loop goes on', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const seen: string[] = [];
  loop.addCallback(function weird() {
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw 'not an error object';
  });
  loop.addCallback(() => seen.push('next'));
  loop.addCallback(() => loop.stop());
  await loop.start();
  const errors = trace.events.filter((e) => e.kind === 'callback.error');
  assert.equal(errors.length, 1);
  assert.deepEqual(seen, ['next']);
});

test('two failing callbacks are both logged, in order, under their names', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.addCallback(function alpha() {
    throw new Error('a');
  });
  loop.addCallback(function beta() {
    throw new Error('b');
  });
  loop.addCallback(() => loop.stop());
  await loop.start();
  const names = trace.events.flatMap((e) =>
    e.kind === 'callback.error' ? [e.name] : [],
  );
  assert.order(names, ['alpha', 'beta']);
});

test('every run is traced with the callback name, anonymous when it has none', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  loop.addCallback(function named() {});
  loop.addCallback(() => loop.stop());
  await loop.start();
  const runs = trace.events.flatMap((e) =>
    e.kind === 'callback.run' ? [e.name] : [],
  );
  assert.order(runs, ['named', 'anonymous']);
});
