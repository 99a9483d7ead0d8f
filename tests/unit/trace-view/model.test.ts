/** The timeline's pure logic over real runs of step 02's loop: lanes, the axis, waits, words and playback. */
import { afterEach, describe, expect, test } from 'vitest';
import { setPlatform } from '../../../content/sandboxes/_template/platform.ts';
import {
  laneOf,
  resetTrace,
  subscribe,
  type Stamped,
} from '../../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';
import { IOLoop } from '../../../content/sandboxes/02-timers/ioloop.ts';
import { explain, pendingTimers, slept, summary } from '../../../src/lib/trace-view/describe.ts';
import { buildModel, gapWidth, lanesOf, waitStart } from '../../../src/lib/trace-view/model.ts';
import { initialPlayer, step, type PlayerState } from '../../../src/lib/trace-view/player.ts';
import { producerOf } from '../../../src/lib/trace-view/source.ts';

/** Runs `script` on a fresh virtual platform with step 02's IOLoop and returns every event. */
async function record(script: (loop: IOLoop) => void): Promise<Stamped[]> {
  setPlatform(new VirtualPlatform({ print: null }));
  resetTrace();
  const events: Stamped[] = [];
  subscribe((event) => events.push(event));
  const loop = new IOLoop();
  script(loop);
  await loop.start();
  resetTrace();
  return events;
}

/** Two timers 30 ms apart, a callback, a cancelled timer and a stop. */
const timers = (loop: IOLoop) => {
  loop.callLater(30, function first() {});
  const doomed = loop.callLater(50, function never() {});
  loop.callLater(60, function second() {
    loop.removeTimeout(doomed);
  });
  loop.addCallback(function soon() {});
  loop.callLater(60, () => loop.stop());
};

afterEach(() => resetTrace());

describe('lanes and layout', () => {
  test('every lane the events name appears once, the loop first', async () => {
    const events = await record(timers);
    events.push({ kind: 'note', lane: 'main', text: 'x', seq: 99, time: 60 });
    const lanes = lanesOf(events);
    expect(lanes[0]?.id).toBe('loop');
    expect(lanes.map((l) => l.id).sort()).toEqual([...new Set(events.map(laneOf))].sort());
    expect(lanes.map((l) => l.row)).toEqual(lanes.map((_, i) => i));
  });

  test('one mark per event, in order, on the row of its lane, never overlapping', async () => {
    const events = await record(timers);
    const model = buildModel(events);
    expect(model.marks).toHaveLength(events.length);
    for (const [i, mark] of model.marks.entries()) {
      expect(mark.index).toBe(i);
      expect(model.lanes[mark.row]?.id).toBe(laneOf(events[i] as Stamped));
      if (i > 0) expect(mark.x).toBeGreaterThan(model.marks[i - 1]?.x ?? Infinity);
    }
    expect(model.width).toBeGreaterThan(model.marks.at(-1)?.x ?? Infinity);
  });

  test('a tick wherever the clock moved on, and a bigger jump takes more room', async () => {
    const events = await record(timers);
    const model = buildModel(events);
    const times = [...new Set(events.map((e) => e.time))];
    expect(model.ticks.map((t) => t.time)).toEqual(times);
    expect(gapWidth(0)).toBe(0);
    expect(gapWidth(30)).toBeGreaterThan(gapWidth(1));
    expect(gapWidth(1e9)).toBe(gapWidth(1e12));
  });

  test("each poll that slept is a bar on the loop's lane, from the loop's last work to the poll", async () => {
    const events = await record(timers);
    const model = buildModel(events);
    const sleeping = events.flatMap((e, i) =>
      e.kind === 'poll' && slept(events, i) > 0 ? [i] : [],
    );
    expect(sleeping.length).toBeGreaterThan(0);
    const polls = model.bars.filter((b) => b.kind === 'poll');
    expect(polls.map((b) => b.to)).toEqual(sleeping);
    for (const bar of polls) {
      expect(bar.row).toBe(0);
      expect(bar.x1).toBeGreaterThan(bar.x0);
    }
  });

  test('a scripted client acting during the sleep does not end the wait', () => {
    const at = (kind: Stamped['kind'], time: number, extra: object): Stamped =>
      ({ kind, time, seq: 0, ...extra }) as Stamped;
    const events = [
      at('callback.run', 0, { name: 'a' }),
      at('client', 5, { client: 'A', action: 'connect' }),
      at('poll', 5, { timeout: 20, ready: [{ fd: 3, events: 1 }] }),
    ];
    expect(waitStart(events, 2)).toBe(0);
    expect(slept(events, 2)).toBe(5);
    expect(buildModel(events).bars).toMatchObject([{ kind: 'poll', from: 0, to: 2 }]);
  });

  test('a suspended coroutine is a bar until it resumes, or until the end', () => {
    const ev = (e: object, time: number): Stamped => ({ seq: 0, time, ...e }) as Stamped;
    const events = [
      ev({ kind: 'coroutine.suspended', coroutine: 'c#1', on: 'sleep(10)' }, 0),
      ev({ kind: 'coroutine.suspended', coroutine: 'c#2', on: 'read fd 5' }, 0),
      ev({ kind: 'poll', timeout: 10, ready: [] }, 10),
      ev({ kind: 'coroutine.resumed', coroutine: 'c#1', with: 'undefined' }, 10),
    ];
    const bars = buildModel(events).bars.filter((b) => b.kind === 'suspended');
    expect(bars.map((b) => [b.from, b.to])).toEqual([
      [0, 3],
      [1, 3],
    ]);
  });
});

test('a handler whose next hook comes later on the clock is drawn waiting in between', () => {
  const hook = (handler: string, name: string, time: number): Stamped =>
    ({ kind: 'handler.hook', handler, hook: name, seq: 0, time }) as Stamped;
  const events = [
    hook('req#1', 'prepare', 0),
    hook('req#1', 'get', 0),
    hook('req#2', 'get', 10),
    hook('req#2', 'finish', 10),
    hook('req#1', 'finish', 100),
  ];
  const bars = buildModel(events).bars;
  expect(bars.map((b) => [b.kind, b.from, b.to])).toEqual([['handler', 1, 4]]);
  expect(bars[0]?.row).toBe(lanesOf(events).find((l) => l.id === 'req#1')?.row);
});

describe('words', () => {
  test('a poll that slept until a timer says so, in both languages', async () => {
    const events = await record(timers);
    const poll = events.findIndex((e) => e.kind === 'poll');
    const next = pendingTimers(events, poll)[0];
    expect(next?.name).toBe('first');
    expect(explain(events, poll, 'en')).toBe(
      'At 30 ms: the loop slept 30 ms: the next timer (#1 first) is due then; no socket was ready.',
    );
    expect(explain(events, poll, 'zh')).toContain('循环睡了 30 ms');
    expect(explain(events, poll, 'zh')).toContain('#1 first');
  });

  test('a poll with callbacks waiting did not sleep', () => {
    const events = [
      { kind: 'callback.queued', name: 'a', seq: 1, time: 0 },
      { kind: 'poll', timeout: 0, ready: [], seq: 2, time: 0 },
    ] as Stamped[];
    expect(explain(events, 1, 'en')).toContain('did not sleep');
  });

  test('a timer that fired late tells how late', () => {
    const events = [
      { kind: 'timer.set', id: 1, name: 't', deadline: 100, seq: 1, time: 0 },
      { kind: 'timer.fired', id: 1, name: 't', seq: 2, time: 600 },
    ] as Stamped[];
    expect(explain(events, 1, 'en')).toContain('500 ms late');
    expect(explain(events, 1, 'zh')).toContain('晚了 500 ms');
  });

  test('cancelled and fired timers are no longer pending', async () => {
    const events = await record(timers);
    expect(pendingTimers(events, events.length)).toEqual([]);
  });

  test('every event of a run has a summary and an explanation in both languages', async () => {
    const events = await record(timers);
    for (const [i, event] of events.entries()) {
      for (const lang of ['en', 'zh'] as const) {
        expect(summary(event, lang)).not.toBe('');
        expect(explain(events, i, lang)).toMatch(/^(At )?\d+ ms[:：]/);
      }
    }
  });
});

describe('playback', () => {
  const at = (index: number, count = 5): PlayerState => ({ ...initialPlayer(count), index });

  test('starts before the first event; forward and back stay in range', () => {
    let s = initialPlayer(3);
    expect(s.index).toBe(-1);
    for (let i = 0; i < 5; i++) s = step(s, { type: 'forward' });
    expect(s.index).toBe(2);
    for (let i = 0; i < 5; i++) s = step(s, { type: 'back' });
    expect(s.index).toBe(-1);
    expect(step(s, { type: 'end' }).index).toBe(2);
    expect(step(at(3), { type: 'start' }).index).toBe(0);
    expect(step(at(1), { type: 'seek', index: 99 }).index).toBe(4);
  });

  test('play ticks to the end and stops there; play at the end starts over', () => {
    let s = step(initialPlayer(3), { type: 'play' });
    const seen: number[] = [];
    while (s.playing) {
      s = step(s, { type: 'tick' });
      seen.push(s.index);
    }
    expect(seen).toEqual([0, 1, 2]);
    const again = step(s, { type: 'toggle' });
    expect(again).toMatchObject({ playing: true, index: 0 });
    expect(step(again, { type: 'toggle' }).playing).toBe(false);
    expect(step(initialPlayer(0), { type: 'play' }).playing).toBe(false);
  });

  test('any manual move pauses; fewer events clamp the position', () => {
    const playing = step(at(1), { type: 'play' });
    expect(step(playing, { type: 'forward' }).playing).toBe(false);
    expect(step(at(4), { type: 'count', count: 2 }).index).toBe(1);
    expect(step(at(1), { type: 'speed', speed: 0 }).speed).toBe(1);
  });
});

describe('source locations', () => {
  type Body = (module: { exports: { stack?: string } }) => void;
  test('the first frame in a step, not in _template, with the function header taken off', () => {
    // The stack comes from evaluating a body the way the Worker runtime does.
    const body = [
      'function emitHere() { return new Error().stack; }',
      'module.exports.stack = emitHere();',
      '//# sourceURL=sandbox:///_template/trace.ts',
    ].join('\n');
    const template = { exports: {} as { stack?: string } };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    (new Function('module', body) as Body)(template);
    expect(producerOf(template.exports.stack)).toBeUndefined();
    const caller = [
      '',
      '',
      'module.exports.stack = new Error().stack;',
      '//# sourceURL=sandbox:///02-timers/ioloop.ts',
    ].join('\n');
    const step = { exports: {} as { stack?: string } };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    (new Function('module', caller) as Body)(step);
    expect(producerOf(`${template.exports.stack ?? ''}\n${step.exports.stack ?? ''}`)).toEqual({
      file: 'ioloop.ts',
      line: 3,
    });
    expect(producerOf(undefined)).toBeUndefined();
  });
});
