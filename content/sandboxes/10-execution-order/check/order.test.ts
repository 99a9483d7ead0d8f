import { assert, test } from '../../_template/testing.ts';
import { getPlatform } from '../../_template/platform.ts';
import type { VirtualPlatform } from '../../_template/virtual-net.ts';
import { blockFor, runInExecutor } from '../executor.ts';
import { IOLoop } from '../ioloop.ts';
import { runScenario } from '../scenarios.ts';

const lines = async (name: Parameters<typeof runScenario>[0]) =>
  (await runScenario(name)).marks.map((m) => m.line);

test('a request waiting on sleep lets another finish first', async () => {
  const got = await lines('concurrent');
  assert.order(got.slice(0, 2), ['A prepare', 'A get start']);
  assert.ok(
    got.indexOf('B on_finish') < got.indexOf('A get resumed'),
    got.join(),
  );
});

test('an upstream fetch on the same loop: B is served while both wait', async () => {
  const got = await lines('upstream');
  const at = (line: string) => got.indexOf(line);
  assert.ok(at('upstream prepare') > at('A get start'), got.join());
  assert.ok(at('B on_finish') < at('upstream get resumed'), got.join());
  assert.ok(at('upstream on_finish') < at('A get resumed'), got.join());
});

test('a blocking call holds everyone up: B starts only after A is done', async () => {
  assert.order(await lines('blocking'), [
    'A prepare',
    'A get start',
    'A get end',
    'A on_finish',
    'B prepare',
    'B get start',
    'B get end',
    'B on_finish',
  ]);
});

test('the same call in runInExecutor leaves the loop free', async () => {
  const got = await lines('executor');
  assert.ok(
    got.indexOf('B on_finish') < got.indexOf('A get resumed'),
    got.join(),
  );
});

/** Work for a thread; exported, because a thread finds a function by its module and name. */
export function blockThenAnswer(ms: number, answer: string): string {
  blockFor(ms);
  return answer;
}

test('blockFor advances the virtual clock at once; the executor only after its cost', async () => {
  const clock = (getPlatform() as VirtualPlatform).clock;
  const loop = new IOLoop();
  blockFor(50);
  assert.equal(clock.now(), 50);
  const future = runInExecutor(blockThenAnswer, 200, 'done');
  assert.equal(clock.now(), 50, 'the loop was not blocked');
  let finishedAt = -1;
  future.addDoneCallback(() => {
    finishedAt = clock.now();
    loop.stop();
  });
  await loop.start();
  assert.equal(finishedAt, 250);
  assert.equal(future.result(), 'done');
});

test('a closure cannot go to a thread, and says why', async () => {
  const loop = new IOLoop();
  const ms = 10;
  const future = runInExecutor(() => blockFor(ms));
  future.addDoneCallback(() => loop.stop());
  await loop.start();
  assert.throws(() => future.result(), /cannot go to a worker thread/);
});
