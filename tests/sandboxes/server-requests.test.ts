/**
 * Step 09 says why it refuses a message (Tornado's "Malformed HTTP message from …" on
 * tornado.general) in every mode, once; and it routes an absolute-form target on its path
 * (RFC 9112 §3.2.2).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { setPlatform } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace, subscribe, type Stamped } from '../../content/sandboxes/_template/trace.ts';
import {
  VirtualPlatform,
  type VirtualClient,
} from '../../content/sandboxes/_template/virtual-net.ts';
import { makeApp } from '../../content/sandboxes/09-serving/app.ts';
import { HTTP1Parser } from '../../content/sandboxes/09-serving/http1-parser.ts';
import { IOLoop } from '../../content/sandboxes/09-serving/ioloop.ts';
import { Application, RequestHandler } from '../../content/sandboxes/09-serving/web.ts';
import { rawExchange } from '../fixtures/http/raw-client.ts';
import { startStepServer, type RunningServer } from '../fixtures/http/servers.ts';

/** Malformed requests, each refused with a different status. */
const MALFORMED = [
  'GET / HTTP/1.1\r\nHost : t\r\n\r\n',
  'BREW / HTTP/1.1\r\nHost: t\r\n\r\n',
  'GET / HTTP/2.0\r\nHost: t\r\n\r\n',
  `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: t\r\n\r\n`,
  `GET / HTTP/1.1\r\nHost: t\r\nX: ${'b'.repeat(17_000)}\r\n\r\n`,
];

/** The status and reason the parser gives `raw` (the same parser the server runs). */
function refusal(raw: string): { status: number; reason: string } {
  const event = new HTTP1Parser().feed(Buffer.from(raw, 'latin1')).find((e) => e.type === 'error');
  if (event?.type !== 'error') throw new Error(`not refused: ${raw.slice(0, 40)}`);
  return { status: event.error.status, reason: event.error.message };
}

const logLine = (reason: string) => `[I general] Malformed HTTP message from 127.0.0.1: ${reason}`;

test('the malformed requests cover 400, 501, 505, 414 and 431', () => {
  expect(MALFORMED.map((raw) => refusal(raw).status)).toEqual([400, 501, 505, 414, 431]);
});

describe('on the virtual network', () => {
  afterEach(() => resetTrace());

  /** Serves `app` while `script` drives clients, tracing when asked; returns output and trace. */
  async function serve(
    app: Application,
    script: (client: (name: string) => VirtualClient) => void,
    traced: boolean,
  ): Promise<{ output: string[]; events: Stamped[] }> {
    const platform = new VirtualPlatform({ print: null, stopwatch: () => 0 });
    setPlatform(platform);
    resetTrace();
    const events: Stamped[] = [];
    if (traced) subscribe((event) => events.push(event));
    const loop = new IOLoop();
    app.listen(8000);
    script((name) => platform.network.client(name, 8000));
    loop.callLater(500, () => loop.stop());
    await loop.start();
    return { output: platform.output, events };
  }

  const sendAll = (client: (name: string) => VirtualClient) =>
    MALFORMED.forEach((raw, i) => client(`c${i}`).send(raw));

  test('without a trace, each refusal prints its reason on tornado.general', async () => {
    const { output } = await serve(makeApp(), sendAll, false);
    const refusals = output.filter((line) => line.startsWith('[I general]'));
    expect(refusals).toEqual(MALFORMED.map((raw) => logLine(refusal(raw).reason)));
  });

  test('with a trace, the http.refused event says it, and nothing says it twice', async () => {
    const { output, events } = await serve(makeApp(), sendAll, true);
    const refused = events.flatMap((e) => (e.kind === 'http.refused' ? [e.reason] : []));
    expect(refused.sort()).toEqual(MALFORMED.map((raw) => refusal(raw).reason).sort());
    expect(events.filter((e) => e.kind === 'log')).toEqual([]);
    expect(output).toEqual([]);
  });

  test('a message cut short by the client closing is dropped without a log, as in Tornado', async () => {
    const { output } = await serve(
      makeApp(),
      (client) => client('a').send('GET / HTTP/1.1\r\nHo').close(),
      false,
    );
    expect(output.filter((line) => line.includes('Malformed'))).toEqual([]);
  });

  test('an absolute-form target routes on its path and query; uri stays as sent', async () => {
    class Show extends RequestHandler {
      get(): void {
        const { uri, path, query } = this.request;
        this.write(`${uri} | ${path} | ${query}`);
      }
    }
    const app = new Application([
      ['/', Show],
      ['/a/b', Show],
    ]);
    const targets = [
      'http://example.com/a/b?x=1&y=2',
      'https://example.com:8443/a/b',
      'http://example.com',
      'http://example.com?q',
      'HTTP://Example.COM/',
      '/a/b?z',
    ];
    const clients: VirtualClient[] = [];
    await serve(
      app,
      (client) =>
        targets.forEach((target, i) =>
          clients.push(client(`c${i}`).send(`GET ${target} HTTP/1.1\r\nHost: t\r\n\r\n`)),
        ),
      false,
    );
    const bodies = clients.map((c) => c.text.split('\r\n\r\n')[1]);
    expect(bodies).toEqual([
      'http://example.com/a/b?x=1&y=2 | /a/b | x=1&y=2',
      'https://example.com:8443/a/b | /a/b | ',
      'http://example.com | / | ',
      'http://example.com?q | / | q',
      'HTTP://Example.COM/ | / | ',
      '/a/b?z | /a/b | z',
    ]);
  });

  test('the reference app answers absolute-form like origin-form', async () => {
    const clients: VirtualClient[] = [];
    await serve(
      makeApp(),
      (client) => {
        clients.push(client('a').send('GET http://t/hello/there HTTP/1.1\r\nHost: t\r\n\r\n'));
        clients.push(client('b').send('GET http://t/sleep?ms=5 HTTP/1.1\r\nHost: t\r\n\r\n'));
        clients.push(client('c').send('GET http://t HTTP/1.1\r\nHost: t\r\n\r\n'));
      },
      false,
    );
    expect(clients.map((c) => c.text.split('\r\n\r\n')[1])).toEqual([
      'Hello, there',
      'slept 5',
      'Hello, world',
    ]);
  });
});

describe('over real TCP (npm run step -- 09 --listen 0)', () => {
  let server: RunningServer | undefined;

  beforeAll(async () => {
    server = await startStepServer('09', 0);
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  test('each refusal prints "Malformed HTTP message from 127.0.0.1: <reason>"', async () => {
    for (const raw of MALFORMED) {
      const { status, reason } = refusal(raw);
      const reply = await rawExchange(server!.port, raw, { timeoutMs: 3000 });
      expect(reply.responses.map((r) => r.status)).toEqual([status]);
      expect(reply.closed).toBe(true);
      // Printed before the response is written, but it comes through another pipe.
      const line = `${logLine(reason)}\n`;
      for (let ms = 0; ms < 2000 && !server!.output().includes(line); ms += 20) {
        await new Promise((done) => setTimeout(done, 20));
      }
      expect(server!.output()).toContain(line);
    }
  }, 20_000);

  test('each answered request prints one access line, with WARNING for a 4xx', async () => {
    const ok = await rawExchange(server!.port, 'GET /hello/x HTTP/1.1\r\nHost: t\r\n\r\n');
    const missing = await rawExchange(server!.port, 'GET /nope HTTP/1.1\r\nHost: t\r\n\r\n');
    expect([...ok.responses, ...missing.responses].map((r) => r.status)).toEqual([200, 404]);
    const wanted = [
      /^\[I access\] 200 GET \/hello\/x \(127\.0\.0\.1\) \d+\.\d\dms$/m,
      /^\[W access\] 404 GET \/nope \(127\.0\.0\.1\) \d+\.\d\dms$/m,
    ];
    for (let ms = 0; ms < 2000 && !wanted.every((w) => w.test(server!.output())); ms += 20) {
      await new Promise((done) => setTimeout(done, 20));
    }
    for (const line of wanted) expect(server!.output()).toMatch(line);
  }, 20_000);
});

test('TAL_ACCESS_LOG=0 silences the access log, as disabling tornado.access does', async () => {
  const quiet = await startStepServer('09', 0, { TAL_ACCESS_LOG: '0' });
  try {
    const reply = await rawExchange(quiet.port, 'GET / HTTP/1.1\r\nHost: t\r\n\r\n');
    expect(reply.responses.map((r) => r.status)).toEqual([200]);
    // A refusal is still logged: only tornado.access is off.
    await rawExchange(quiet.port, 'GET / HTTP/1.1\r\nHost : t\r\n\r\n', { timeoutMs: 3000 });
    for (let ms = 0; ms < 2000 && !quiet.output().includes('[I general]'); ms += 20) {
      await new Promise((done) => setTimeout(done, 20));
    }
    expect(quiet.output()).toContain('[I general] Malformed HTTP message');
    expect(quiet.output()).not.toContain('[I access]');
  } finally {
    await quiet.stop();
  }
}, 30_000);
