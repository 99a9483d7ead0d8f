/** The trace (events, lanes, aligned lines) and the sandbox test API (results with expected vs actual). */

import { describe, expect, test } from 'vitest';
import {
  concat,
  fromLatin1,
  indexOf,
  latin1,
  preview,
  utf8,
} from '../../../content/sandboxes/_template/bytes.ts';
import { getPlatform, setPlatform } from '../../../content/sandboxes/_template/platform.ts';
import {
  assert,
  collect,
  run,
  test as sandboxTest,
} from '../../../content/sandboxes/_template/testing.ts';
import {
  emit,
  formatEvent,
  isTracing,
  laneOf,
  log,
  logError,
  printTrace,
  resetTrace,
  subscribe,
  traceHeader,
  type Stamped,
} from '../../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';

describe('logging', () => {
  test('without a trace, records print as Tornado-style lines; an exception prints its stack', () => {
    const lines: string[] = [];
    setPlatform(new VirtualPlatform({ print: (line) => lines.push(line) }));
    resetTrace();
    log('tornado.general', 'INFO', 'Malformed HTTP message from 127.0.0.1: bad version');
    logError('tick', new TypeError('boom'));
    expect(lines[0]).toBe('[I general] Malformed HTTP message from 127.0.0.1: bad version');
    expect(lines[1]).toMatch(/^\[E app\] Exception in callback tick\nTypeError: boom\n\s+at /);
  });

  test('a trace filter never hides an error, a refusal or a warning', () => {
    const lines: string[] = [];
    setPlatform(new VirtualPlatform({ print: (line) => lines.push(line) }));
    resetTrace();
    const stop = printTrace(() => false);
    emit({ kind: 'callback.run', name: 'quiet' });
    log('tornado.access', 'INFO', '200 GET / (127.0.0.1) 0.10ms');
    logError('tick', new Error('boom'));
    emit({ kind: 'http.refused', fd: 5, status: 400, reason: 'bad version' });
    log('asyncio', 'WARNING', 'Executing tick took 0.200 seconds');
    stop();
    expect(lines.slice(1).map((line) => line.trim().replace(/^\S+\s+/, ''))).toEqual([
      'loop          ! tick raised Error: boom (logged, loop goes on)',
      'fd 5          refused 400: bad version',
      'asyncio       [W] Executing tick took 0.200 seconds',
    ]);
  });

  test('a traced log line stays one line and names where its stack was thrown', () => {
    const event = {
      kind: 'log',
      logger: 'tornado.application',
      level: 'ERROR',
      message:
        'Uncaught exception GET /boom (127.0.0.1)\nError: boom\n    at get (web.ts:12:5)\n    at run (web.ts:40:1)',
      seq: 1,
      time: 5,
    } as const;
    expect(formatEvent(event)).toBe(
      '      5ms  app           [E] Uncaught exception GET /boom (127.0.0.1): Error: boom (at get (web.ts:12:5))',
    );
  });

  test("a traced log line points at the reader's frame, past the template's", () => {
    const event = {
      kind: 'log',
      logger: 'tornado.application',
      level: 'ERROR',
      message: [
        'Uncaught exception GET / (127.0.0.1)',
        'TypeError: cannot go',
        '    at VirtualPlatform.runInThread (_template/virtual-net.ts:600:18)',
        '    at runInExecutor (10-execution-order/executor.ts:36:17)',
      ].join('\n'),
      seq: 1,
      time: 0,
    } as const;
    expect(formatEvent(event)).toMatch(
      /: TypeError: cannot go \(at runInExecutor \(10-execution-order\/executor\.ts:36:17\)\)$/,
    );
  });
});

describe('trace', () => {
  test('events are stamped with a sequence number and the platform clock', async () => {
    const platform = new VirtualPlatform({ print: null });
    setPlatform(platform);
    resetTrace();
    const seen: Stamped[] = [];
    expect(isTracing()).toBe(false);
    const stop = subscribe((event) => seen.push(event));
    expect(isTracing()).toBe(true);
    emit({ kind: 'callback.queued', name: 'a' });
    await platform.network.poll(25);
    emit({ kind: 'timer.fired', id: 1, name: 'b' });
    stop();
    emit({ kind: 'note', lane: 'x', text: 'unheard' });
    expect(seen.map((e) => [e.seq, e.time, e.kind])).toEqual([
      [1, 0, 'callback.queued'],
      [2, 25, 'timer.fired'],
    ]);
  });

  test('lines align time, lane and text under the header', () => {
    const line = formatEvent({
      kind: 'io.read',
      fd: 4,
      bytes: 5,
      preview: '"hello"',
      seq: 1,
      time: 12,
    });
    const header = traceHeader();
    expect(line.indexOf('fd 4')).toBe(header.indexOf('lane'));
    expect(line.indexOf('read 5 B')).toBe(header.indexOf('event'));
    expect(line.slice(0, header.indexOf('lane')).trim()).toBe('12ms');
  });

  test('each kind lands in a sensible lane', () => {
    expect(laneOf({ kind: 'poll', timeout: 0, ready: [] })).toBe('loop');
    expect(laneOf({ kind: 'client', client: 'A', action: 'send' })).toBe('client A');
    expect(laneOf({ kind: 'coroutine.resumed', coroutine: 'get#1', with: '1' })).toBe('get#1');
    expect(laneOf({ kind: 'http.refused', fd: 7, status: 400, reason: 'x' })).toBe('fd 7');
  });
});

describe('bytes', () => {
  test('latin1 round-trips every byte; utf8 encodes text', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(fromLatin1(latin1(all))).toEqual(all);
    expect(utf8('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
  });

  test('indexOf finds a needle at any position and respects from', () => {
    const hay = utf8('ab\r\n\r\ncd\r\n\r\n');
    const needle = utf8('\r\n\r\n');
    expect(indexOf(hay, needle)).toBe(2);
    expect(indexOf(hay, needle, 3)).toBe(8);
    expect(indexOf(hay, utf8('zz'))).toBe(-1);
    expect(concat([utf8('a'), utf8('b')])).toEqual(utf8('ab'));
    expect(preview(utf8('a\r\n"'))).toBe('"a\\r\\n\\x22"');
  });
});

describe('testing API', () => {
  test('results say which passed and carry expected vs actual for failures', async () => {
    sandboxTest('passes', () => assert.equal(1, 1));
    sandboxTest('fails', () => assert.deepEqual([1, 2], [1, 3]));
    sandboxTest('orders', () => assert.order(['a', 'b'], ['b', 'a']));
    sandboxTest('throws', () => {
      throw new TypeError('oops');
    });
    sandboxTest('async rejects', async () => {
      await assert.rejects(Promise.reject(new Error('gone')), 'gone');
      await assert.rejects(Promise.resolve(1));
    });
    const results = await run();
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['passes', true],
      ['fails', false],
      ['orders', false],
      ['throws', false],
      ['async rejects', false],
    ]);
    expect(results[1]).toMatchObject({ expected: [1, 3], actual: [1, 2], view: 'value' });
    expect(results[2]).toMatchObject({
      expected: ['b', 'a'],
      actual: ['a', 'b'],
      view: 'timeline',
    });
    expect(results[3]?.message).toMatch(/TypeError: oops/);
    expect(results[4]).toMatchObject({ expected: 'a rejection', actual: 1 });
    expect(collect()).toEqual([]);
  });

  test('each test gets a fresh virtual platform', async () => {
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      sandboxTest(`clock ${i}`, async () => {
        const platform = getPlatform() as VirtualPlatform;
        await platform.network.poll(10);
        times.push(platform.clock.now());
      });
    }
    const results = await run();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(times).toEqual([10, 10]);
  });

  test('throws checks the message', async () => {
    sandboxTest('match', () => assert.throws(() => JSON.parse('{'), /JSON/));
    sandboxTest('mismatch', () => assert.throws(() => JSON.parse('{'), 'nope'));
    sandboxTest('no throw', () => assert.throws(() => 1));
    const results = await run();
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
  });
});
