/** Real work counts on the virtual network: a handler that keeps the thread busy moves the clock, delays the other requests and is reported as slow ("Executing execute took 0.200 seconds"), as asyncio's debug mode would. */
import { afterEach, describe, expect, test } from 'vitest';
import { setPlatform } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace, subscribe, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform, type Stopwatch } from '../../content/sandboxes/_template/virtual-net.ts';
import { IOLoop } from '../../content/sandboxes/10-execution-order/ioloop.ts';
import { Application, RequestHandler } from '../../content/sandboxes/10-execution-order/web.ts';

const HOST = 'Host: t\r\n';

/** Serves `/spin` (which calls `spin`) and `/` on the virtual network; A asks for /spin at 0 ms, B for / at 10 ms. */
async function spinAndHello(spin: () => void, stopwatch?: Stopwatch): Promise<Stamped[]> {
  const platform = new VirtualPlatform({ print: null, ...(stopwatch ? { stopwatch } : {}) });
  setPlatform(platform);
  resetTrace();
  const events: Stamped[] = [];
  subscribe((event) => events.push(event));
  class Spin extends RequestHandler {
    get(): void {
      spin();
      this.write('spun');
    }
  }
  class Hello extends RequestHandler {
    get(): void {
      this.write('hello');
    }
  }
  const loop = new IOLoop();
  new Application([
    ['/spin', Spin],
    ['/', Hello],
  ]).listen(8000);
  const net = platform.network;
  net.client('A', 8000).send(`GET /spin HTTP/1.1\r\n${HOST}\r\n`);
  net.schedule(10, () => net.client('B', 8000).send(`GET / HTTP/1.1\r\n${HOST}\r\n`));
  loop.callLater(2_000, () => loop.stop());
  await loop.start();
  return events;
}

const response = (events: Stamped[], path: string) =>
  events.find((e) => e.kind === 'http.response' && e.path === path) as
    (Stamped & { kind: 'http.response' }) | undefined;
const received = (events: Stamped[], client: string) =>
  events.find((e) => e.kind === 'client' && e.client === client && e.action === 'receive');
const slowReports = (events: Stamped[]) =>
  events.flatMap((e) =>
    e.kind === 'log' && e.logger === 'asyncio' && e.level === 'WARNING' ? [e.message] : [],
  );

afterEach(() => resetTrace());

describe('with a fake stopwatch (deterministic)', () => {
  test('200 ms of work in a handler: the request takes 200 ms, B waits for it, and it is reported', async () => {
    let cpu = 0;
    const events = await spinAndHello(
      () => (cpu += 200),
      () => cpu,
    );
    expect(response(events, '/spin')?.ms).toBe(200);
    // B connected at 10 ms, but the loop was busy until 200 ms.
    expect(received(events, 'B')?.time).toBe(200);
    // B's own handling took no time: its wait was before the loop could read it (as in
    // Tornado, whose request_time starts once the request is parsed).
    expect(response(events, '/')?.ms).toBe(0);
    expect(slowReports(events)).toEqual(['Executing execute took 0.200 seconds']);
  });

  test('work under 100 ms does not move the clock, so traces stay the same from run to run', async () => {
    let cpu = 0;
    const events = await spinAndHello(
      () => (cpu += 99),
      () => cpu,
    );
    expect(response(events, '/spin')?.ms).toBe(0);
    expect(received(events, 'B')?.time).toBe(10);
    expect(slowReports(events)).toEqual([]);
  });

  test('a stopwatch that never moves gives the purely virtual trace', async () => {
    const events = await spinAndHello(
      () => undefined,
      () => 0,
    );
    expect(received(events, 'A')?.time).toBe(0);
    expect(received(events, 'B')?.time).toBe(10);
  });
});

test('a real busy loop (160 ms of Date.now) blocks the virtual loop for at least 150 ms', async () => {
  const events = await spinAndHello(() => {
    const end = Date.now() + 160;
    while (Date.now() < end) {
      // spin, as a reader's experiment would
    }
  });
  expect(response(events, '/spin')?.ms).toBeGreaterThanOrEqual(150);
  expect(received(events, 'B')?.time).toBeGreaterThanOrEqual(150);
  const [report, ...more] = slowReports(events);
  expect(more).toEqual([]);
  const took = /^Executing execute took (\d+\.\d{3}) seconds$/.exec(report ?? '');
  expect(Number(took?.[1])).toBeGreaterThanOrEqual(0.15);
});
