/** The trace view's two phrase tables: the same phrases in each, and each language free of the other's words. */
import { afterEach, describe, expect, test } from 'vitest';
import { setPlatform } from '../../../content/sandboxes/_template/platform.ts';
import {
  note,
  resetTrace,
  subscribe,
  type Stamped,
} from '../../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';
import { IOLoop as TimerLoop } from '../../../content/sandboxes/02-timers/ioloop.ts';
import { routes } from '../../../content/sandboxes/09-serving/app.ts';
import type { Future } from '../../../content/sandboxes/09-serving/concurrent.ts';
import { coroutine, sleep, type Coroutine } from '../../../content/sandboxes/09-serving/gen.ts';
import { IOLoop } from '../../../content/sandboxes/09-serving/ioloop.ts';
import { Application, RequestHandler } from '../../../content/sandboxes/09-serving/web.ts';
import { explain, summary } from '../../../src/lib/trace-view/describe.ts';
import { en, zh, type Phrases } from '../../../src/lib/trace-view/phrases.ts';

afterEach(() => resetTrace());

/** Step 02's loop: timers fired, one cancelled, a queued callback, and one that raises. */
async function timerRun(): Promise<Stamped[]> {
  setPlatform(new VirtualPlatform({ print: null }));
  resetTrace();
  const events: Stamped[] = [];
  subscribe((event) => events.push(event));
  const loop = new TimerLoop();
  loop.callLater(30, function first() {});
  const doomed = loop.callLater(50, function never() {});
  loop.callLater(60, function second() {
    loop.removeTimeout(doomed);
  });
  loop.addCallback(function soon() {});
  loop.addCallback(function broken() {
    throw new Error('broken on purpose');
  });
  loop.callLater(60, () => loop.stop());
  await loop.start();
  resetTrace();
  return events;
}

const rest = coroutine(function* rest(handler: RequestHandler): Coroutine<void> {
  yield sleep(5);
  handler.write('rested');
});

/** A generator coroutine, so the trace has coroutines suspending, resuming and finishing. */
class RestHandler extends RequestHandler {
  get(): Future<void> {
    return rest(this);
  }
}

/** An uncaught exception, which step 09 logs on tornado.application. */
class FailHandler extends RequestHandler {
  get(): void {
    throw new Error('handler failed');
  }
}

/** Step 09 serving its reference app, plus two routes, to clients that cover its paths. */
async function serverRun(): Promise<Stamped[]> {
  const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
  setPlatform(platform);
  resetTrace();
  const events: Stamped[] = [];
  subscribe((event) => events.push(event));
  const net = platform.network;
  const loop = new IOLoop();
  new Application([...routes, ['/rest', RestHandler], ['/fail', FailHandler]]).listen(8888);
  const host = 'Host: t\r\n';
  note('demo', 'A sleeps, B pipelines, C is malformed, D rests, E fails');
  const a = net.client('A', 8888).send(`GET /sleep?ms=20 HTTP/1.1\r\n${host}\r\n`);
  net.schedule(10, () =>
    net
      .client('B', 8888)
      .send(`GET /hello/x HTTP/1.1\r\n${host}\r\n`)
      .send(
        `POST /echo HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n4\r\nping\r\n0\r\n\r\n`,
      ),
  );
  net.schedule(20, () => net.client('C', 8888).send(`GET / HTTP/1.1\r\nHost : t\r\n\r\n`));
  net.schedule(30, () => net.client('D', 8888).send(`GET /rest HTTP/1.1\r\n${host}\r\n`));
  net.schedule(40, () => net.client('E', 8888).send(`GET /fail HTTP/1.1\r\n${host}\r\n`).close());
  loop.callLater(100, () => {
    a.close();
    loop.stop();
  });
  await loop.start();
  resetTrace();
  return events;
}

/**
 * A pattern for every string the trace carries (names, previews, values, and each line of a
 * multi-line one, as a label shows only the first): words the events bring, not the table. It
 * matches only whole words, so a client named "A" is not cut out of "addCallback".
 */
function carried(events: readonly Stamped[]): RegExp {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') [value, ...value.split('\n')].forEach((s) => found.add(s));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(events);
  // Longest first, so a name is not cut out of a longer value that contains it.
  const strings = [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const escaped = strings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![A-Za-z])(?:${escaped.join('|')})(?![A-Za-z])`, 'g');
}

/** Code words the Chinese sentences keep in English on purpose: they name Tornado's API. */
const CODE_WORDS = new Set(['poll', 'addCallback', 'callLater', 'removeTimeout', 'accept']);

/** Runs of four or more ASCII letters in zh text that are neither code words nor the events'. */
function englishIn(text: string, events: RegExp): string[] {
  const words = text.replace(events, ' ').match(/[A-Za-z]{4,}/g) ?? [];
  return words.filter((word) => !CODE_WORDS.has(word));
}

/** Chinese characters in en text that are not the events'. */
function chineseIn(text: string, events: RegExp): string[] {
  return text.replace(events, ' ').match(/\p{Script=Han}+/gu) ?? [];
}

/** Every leaf of a phrase table, by its dotted path. */
function leaves(table: object, prefix = ''): [string, unknown][] {
  return Object.entries(table).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null
      ? leaves(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

describe('the tables', () => {
  test('both languages have every phrase, each of the same sort', () => {
    const sorts = (table: Phrases) =>
      leaves(table).map(([path, value]) => `${path}: ${typeof value}`);
    expect(sorts(zh).sort()).toEqual(sorts(en).sort());
    expect(sorts(en).length).toBeGreaterThan(60);
  });

  test('every plain phrase differs between the languages', () => {
    const zhAt = new Map(leaves(zh));
    for (const [path, value] of leaves(en))
      if (typeof value === 'string') expect(zhAt.get(path), path).not.toBe(value);
  });

  test('English grammar stays in the English table', () => {
    expect(en.explain.headers(3, 1)).toMatch(/: 1 field\.$/);
    expect(en.explain.headers(3, 2)).toMatch(/: 2 fields\.$/);
    expect(zh.explain.headers(3, 1)).toBe(zh.explain.headers(3, 2).replace('2', '1'));
    expect(en.poll.ready(4, 'readable')).toBe('fd 4 was readable');
    expect(zh.poll.ready(4, '可读')).toBe('fd 4 可读');
    expect(en.list(['a', 'b'])).toBe('a, b');
    expect(zh.list(['a', 'b'])).toBe('a、b');
  });
});

describe('over real runs', () => {
  test('the runs between them have every kind of event', async () => {
    // Written out as a record so that a kind added to the trace must be added here too.
    const every = {
      'callback.queued': true,
      'callback.run': true,
      'callback.error': true,
      'timer.set': true,
      'timer.fired': true,
      'timer.cancelled': true,
      poll: true,
      'io.accept': true,
      'io.read': true,
      'io.write': true,
      'io.close': true,
      client: true,
      'future.resolved': true,
      'coroutine.suspended': true,
      'coroutine.resumed': true,
      'coroutine.finished': true,
      'http.request-line': true,
      'http.headers': true,
      'http.body': true,
      'http.refused': true,
      'handler.hook': true,
      'http.response': true,
      note: true,
      log: true,
    } satisfies Record<Stamped['kind'], true>;
    const kinds = new Set([...(await timerRun()), ...(await serverRun())].map((e) => e.kind));
    expect([...kinds].sort()).toEqual(Object.keys(every).sort());
  });

  test('zh says no English but code words and what the events carry; en no Chinese', async () => {
    for (const events of [await timerRun(), await serverRun()]) {
      const theirs = carried(events);
      for (const [i, event] of events.entries()) {
        for (const text of [summary(event, 'zh'), explain(events, i, 'zh')])
          expect(englishIn(text, theirs), text).toEqual([]);
        for (const text of [summary(event, 'en'), explain(events, i, 'en')])
          expect(chineseIn(text, theirs), text).toEqual([]);
      }
    }
  });

  test('the languages differ wherever the words are not all from the event', async () => {
    // Labels built only from the event's own values and symbols read the same in both.
    const shared = new Set<Stamped['kind']>(['handler.hook', 'http.response', 'note', 'log']);
    for (const events of [await timerRun(), await serverRun()]) {
      for (const [i, event] of events.entries()) {
        expect(explain(events, i, 'zh')).not.toBe(explain(events, i, 'en'));
        if (!shared.has(event.kind)) expect(summary(event, 'zh')).not.toBe(summary(event, 'en'));
      }
    }
  });
});

test('a table that lacks a phrase does not type-check', () => {
  const { log, ...withoutLog } = en.explain;
  // @ts-expect-error explain.log is missing: every language must say every phrase.
  const partial: Phrases = { ...en, explain: withoutLog };
  expect(typeof log).toBe('function');
  expect(partial.explain).not.toHaveProperty('log');
});
