import { assert, recordTrace, test } from '../../_template/testing.ts';
import { IOLoop } from '../ioloop.ts';

test('callbacks run in the order they were added', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  for (const name of ['a', 'b', 'c']) loop.addCallback(() => seen.push(name));
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.order(seen, ['a', 'b', 'c']);
});

test('each run is traced as callback.run with the callback name, just before it runs', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  // What the trace shows as running at the moment each callback really runs.
  const lastRun = (): string =>
    trace.events
      .flatMap((e) => (e.kind === 'callback.run' ? [e.name] : []))
      .at(-1) ?? 'nothing';
  const seen: string[] = [];
  loop.addCallback(function first() {
    seen.push(`first sees ${lastRun()}`);
  });
  loop.addCallback(function second() {
    seen.push(`second sees ${lastRun()}`);
  });
  loop.addCallback(function stop() {
    loop.stop();
  });
  await loop.start();
  assert.order(seen, ['first sees first', 'second sees second']);
});

test('an exception is logged and the other callbacks still run', async () => {
  const loop = new IOLoop();
  const trace = recordTrace();
  const seen: string[] = [];
  loop.addCallback(function boom() {
    throw new Error('kaboom');
  });
  loop.addCallback(() => seen.push('after'));
  loop.addCallback(() => loop.stop());
  await loop.start();
  assert.deepEqual(seen, ['after']);
  const errors = trace.events.filter((e) => e.kind === 'callback.error');
  assert.equal(errors.length, 1);
  assert.ok(
    JSON.stringify(errors[0]).includes('kaboom'),
    'error message logged',
  );
});

test('the loop goes on after a failure: what the failing callback queued runs next round', async () => {
  const loop = new IOLoop();
  const seen: string[] = [];
  // Nothing else is queued, so only a loop that survived the throw reaches `queued`.
  loop.addCallback(function failing() {
    loop.addCallback(function queued() {
      seen.push('queued');
      loop.stop();
    });
    throw new Error('after queuing');
  });
  await loop.start();
  assert.deepEqual(seen, ['queued']);
});
