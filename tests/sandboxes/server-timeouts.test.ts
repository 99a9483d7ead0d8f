/**
 * Step 09's timeouts, as Tornado's HTTPServer has them: idle_connection_timeout bounds the wait for
 * each request's head (the first included), body_timeout the reading of a body. Deterministic on
 * the virtual network, then for real over TCP through `npm run step -- 09 --listen 0`.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { setPlatform } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace, subscribe, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../content/sandboxes/_template/virtual-net.ts';
import { makeApp } from '../../content/sandboxes/09-serving/app.ts';
import {
  HTTPServer,
  IDLE_CONNECTION_TIMEOUT,
  type HTTPServerOptions,
} from '../../content/sandboxes/09-serving/httpserver.ts';
import { IOLoop } from '../../content/sandboxes/09-serving/ioloop.ts';
import { parseResponses } from '../fixtures/http/raw-client.ts';
import { startStepServer, type RunningServer } from '../fixtures/http/servers.ts';

const HEAD = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n';
const BODY_HEAD = 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n';

describe('on the virtual network (deterministic)', () => {
  afterEach(() => resetTrace());

  /** Serves the reference app with `options` while `script` drives clients; returns the trace. */
  async function serve(
    options: HTTPServerOptions,
    script: (net: VirtualPlatform['network']) => void,
    until: number,
  ): Promise<Stamped[]> {
    const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
    setPlatform(platform);
    resetTrace();
    const events: Stamped[] = [];
    subscribe((event) => events.push(event));
    const loop = new IOLoop();
    new HTTPServer(makeApp(), options).listen(8000);
    script(platform.network);
    loop.callLater(until, () => loop.stop());
    await loop.start();
    return events;
  }

  /** When the server closed `client`'s connection (virtual ms), or undefined if it did not. */
  const closedAt = (events: Stamped[], client: string): number | undefined =>
    events.find((e) => e.kind === 'client' && e.client === client && e.action === 'eof')?.time;
  const received = (events: Stamped[], client: string): string[] =>
    events.flatMap((e) =>
      e.kind === 'client' && e.client === client && e.action === 'receive'
        ? [e.preview?.slice(1, 16) ?? '']
        : [],
    );

  test('a stalled head is dropped silently at the idle timeout; a keep-alive connection lives while heads come in time', async () => {
    const events = await serve(
      { idleConnectionTimeout: 100 },
      (net) => {
        net.client('slow', 8000).send('GET / HTTP/1.1\r\nHo');
        const keep = net.client('keep', 8000).send(HEAD);
        net.schedule(60, () => keep.send(HEAD));
        net.schedule(120, () => keep.send(HEAD));
      },
      1000,
    );
    expect(closedAt(events, 'slow')).toBe(100);
    expect(received(events, 'slow')).toEqual([]);
    // Each head came within 100 ms of the previous response; then the connection idled 100 ms.
    expect(received(events, 'keep')).toEqual(Array(3).fill('HTTP/1.1 200 OK'));
    expect(closedAt(events, 'keep')).toBe(220);
    // The loop's timer closed them, and Tornado logs nothing for it.
    const fired = events.filter((e) => e.kind === 'timer.fired').map((e) => [e.time, e.name]);
    expect(fired).toContainEqual([100, '#headerTimeout']);
    expect(events.filter((e) => e.kind === 'log' || e.kind === 'http.refused')).toEqual([]);
  });

  test('a body slower than the body timeout is cut off at it and logged; a quick one is served', async () => {
    const events = await serve(
      { bodyTimeout: 50 },
      (net) => {
        const slow = net.client('slow', 8000).send(BODY_HEAD);
        for (const at of [20, 40, 60, 80]) net.schedule(at, () => slow.send('xy'));
        const quick = net.client('quick', 8000).send(BODY_HEAD);
        net.schedule(40, () => quick.send('0123456789'));
      },
      1000,
    );
    expect(closedAt(events, 'slow')).toBe(50);
    expect(received(events, 'slow')).toEqual([]);
    const logs = events.flatMap((e) => (e.kind === 'log' ? [[e.time, e.logger, e.message]] : []));
    expect(logs).toEqual([[50, 'tornado.general', 'Timeout reading body from 127.0.0.1']]);
    expect(events.some((e) => e.kind === 'http.refused')).toBe(false);
    expect(received(events, 'quick')).toEqual(['HTTP/1.1 200 OK']);
  });

  test("the defaults are Tornado's: an hour for each head, no limit for a body", async () => {
    expect(IDLE_CONNECTION_TIMEOUT).toBe(3_600_000);
    const twoHours = 7_200_000;
    const events = await serve(
      {},
      (net) => {
        net.client('head', 8000).send('GET / HTTP/1.1\r\nHo');
        net.client('body', 8000).send(`${BODY_HEAD}xy`);
      },
      twoHours,
    );
    expect(closedAt(events, 'head')).toBe(3_600_000);
    expect(closedAt(events, 'body')).toBeUndefined();
  });
});

describe('over real TCP (npm run step -- 09 --listen 0)', () => {
  const IDLE = 400;
  const BODY = 400;
  /** How late a timeout may fire on a loaded machine and still pass. */
  const LATE = 1500;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    server = await startStepServer('09', 0, {
      TAL_IDLE_CONNECTION_TIMEOUT_MS: String(IDLE),
      TAL_BODY_TIMEOUT_MS: String(BODY),
    });
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  /** A raw connection that records what arrives and when the server closes it. */
  interface Conn {
    socket: Socket;
    /** performance.now() just before connecting: no server timer for it can start earlier. */
    openedAt: number;
    received(): Buffer;
    /** Resolves with performance.now() when the server closes the connection. */
    closed: Promise<number>;
    isClosed(): boolean;
  }

  function open(): Promise<Conn> {
    return new Promise((resolve, reject) => {
      // Taken before connecting: the server cannot arm a timer for this connection any earlier,
      // whereas a loaded machine may run our 'connect' callback tens of ms after it did.
      const openedAt = performance.now();
      const socket = connect(server!.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      let ended = false;
      const closed = new Promise<number>((done) => {
        const end = (): void => {
          ended = true;
          done(performance.now());
        };
        socket.once('end', end);
        socket.once('close', end);
      });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', () => {}); // a reset after our late writes is still a close
      socket.once('connect', () =>
        resolve({
          socket,
          openedAt,
          received: () => Buffer.concat(chunks),
          closed,
          isClosed: () => ended,
        }),
      );
      socket.once('error', reject);
    });
  }

  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

  async function untilResponses(conn: Conn, count: number): Promise<number[]> {
    for (let waited = 0; waited < 5000; waited += 10) {
      const { responses } = parseResponses(conn.received());
      if (responses.length >= count) return responses.map((r) => r.status);
      await sleep(10);
    }
    throw new Error(`no ${count} responses: ${conn.received().toString('latin1')}`);
  }

  test('a client that sends half a head and stalls is disconnected after the idle timeout; other requests are served meanwhile', async () => {
    const slow = await open();
    slow.socket.write('GET / HTTP/1.1\r\nHo');
    // Meanwhile one keep-alive connection sends a request every IDLE/2 ms: each head arrives in time.
    const busy = await open();
    let lastSentAt = 0;
    for (let n = 1; n <= 4; n++) {
      lastSentAt = performance.now();
      busy.socket.write(`GET /hello/${n} HTTP/1.1\r\nHost: t\r\n\r\n`);
      expect(await untilResponses(busy, n)).toEqual(Array(n).fill(200));
      if (n < 4) await sleep(IDLE / 2);
    }
    const answeredAt = performance.now();
    expect(
      answeredAt - busy.openedAt,
      'the busy connection outlived one idle timeout',
    ).toBeGreaterThan(IDLE);
    expect(busy.isClosed()).toBe(false);

    const slowAfter = (await slow.closed) - slow.openedAt;
    expect(slowAfter).toBeGreaterThanOrEqual(IDLE - 20);
    expect(slowAfter).toBeLessThan(IDLE + LATE);
    expect(slow.received().length, 'no response before closing, as in Tornado').toBe(0);
    // Once idle, the busy connection goes the same way. Its timer starts when the
    // server has written the last response: after the request left this side,
    // and before this side saw the answer (a loaded machine delays the latter).
    const busyClosed = await busy.closed;
    expect(busyClosed - lastSentAt).toBeGreaterThanOrEqual(IDLE - 20);
    expect(busyClosed - answeredAt).toBeLessThan(IDLE + LATE);
  }, 15_000);

  test('a body trickling in slower than the body timeout is cut off after it, and the console says so', async () => {
    const conn = await open();
    conn.socket.write(BODY_HEAD);
    const headAt = performance.now();
    let sent = 0;
    // One byte every BODY/4 ms: never idle for long, but 10 bytes need 2.5 body timeouts.
    const trickle = setInterval(() => {
      if (conn.isClosed() || sent >= 10) return;
      conn.socket.write('x');
      sent++;
    }, BODY / 4);
    const after = (await conn.closed) - headAt;
    clearInterval(trickle);
    expect(after).toBeGreaterThanOrEqual(BODY - 20);
    expect(after).toBeLessThan(BODY + LATE);
    expect(sent, 'the body was still incomplete').toBeLessThan(10);
    expect(conn.received().length, 'no response before closing, as in Tornado').toBe(0);
    for (let waited = 0; waited < 2000 && !logged(); waited += 20) await sleep(20);
    expect(server!.output()).toContain('[I general] Timeout reading body from 127.0.0.1\n');
    // The server goes on serving.
    const next = await open();
    next.socket.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nping');
    expect(await untilResponses(next, 1)).toEqual([200]);
    next.socket.destroy();
  }, 15_000);

  function logged(): boolean {
    return server!.output().includes('Timeout reading body');
  }
});
