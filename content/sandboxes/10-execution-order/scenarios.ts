/** Step 10: four execution-order scenarios on virtual clients, the same as the Tornado scripts they are compared with. */

import { concat, fromUtf8, utf8 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { describe, isAlarm, subscribe } from '../_template/trace.ts';
import type { VirtualPlatform } from '../_template/virtual-net.ts';
import { blockFor, runInExecutor } from './executor.ts';
import { sleep } from './gen.ts';
import { AsyncHTTPClient } from './httpclient.ts';
import { IOLoop } from './ioloop.ts';
import { Application, RequestHandler, type HandlerClass } from './web.ts';

/** One lifecycle event, e.g. "A get start", at loop time `time` (ms). */
export interface Mark {
  time: number;
  line: string;
}

let marks: Mark[] = [];
/** Sends waiting for a lifecycle event: the client's cue. */
const cues = new Map<string, () => void>();
let port = 0;
/** Loop time when the scenario started: marks are relative to it. */
let origin = 0;

/** Who hears each mark as it happens (the demo prints it at once). */
let onMark: (mark: Mark) => void = () => undefined;

function record(entry: Mark): void {
  marks.push(entry);
  onMark(entry);
}

function mark(id: string, what: string): void {
  const line = `${id} ${what}`;
  record({ time: IOLoop.current().time() - origin, line });
  cues.get(line)?.();
}

/** Records prepare and on_finish; subclasses record the steps of their verb. */
class TracedHandler extends RequestHandler {
  trace(what: string): void {
    mark(this.getQueryArgument('id'), what);
  }
  override prepare(): void {
    this.trace('prepare');
  }
  override onFinish(): void {
    this.trace('on_finish');
  }
}

class FastHandler extends TracedHandler {
  get(): void {
    this.trace('get start');
    this.write('fast done');
    this.trace('get end');
  }
}

class SlowHandler extends TracedHandler {
  async get(): Promise<void> {
    this.trace('get start');
    await sleep(300);
    this.trace('get resumed');
    this.write(this.request.path === '/slow' ? 'slow done' : 'backend done');
    this.trace('get end');
  }
}

class ProxyHandler extends TracedHandler {
  async get(): Promise<void> {
    this.trace('get start');
    const url = `http://127.0.0.1:${port}/backend?id=upstream`;
    const response = await new AsyncHTTPClient().fetch(url);
    this.trace('get resumed');
    this.write(concat([utf8('proxied '), response.body]));
    this.trace('get end');
  }
}

class BlockingHandler extends TracedHandler {
  get(): void {
    this.trace('get start');
    blockFor(300);
    this.write('blocked done');
    this.trace('get end');
  }
}

class OffloadHandler extends TracedHandler {
  async get(): Promise<void> {
    this.trace('get start');
    // blockFor is exported by executor.ts, so a thread can import it.
    await runInExecutor(blockFor, 300);
    this.trace('get resumed');
    this.write('offloaded done');
    this.trace('get end');
  }
}

/** Request id, path, and the lifecycle event its client waits for before sending. */
type Plan = [id: string, path: string, after: string | null][];

const scenarios = {
  concurrent: {
    routes: { '/slow': SlowHandler, '/fast': FastHandler },
    plan: [
      ['A', '/slow', null],
      ['B', '/fast', 'A get start'],
    ] as Plan,
  },
  upstream: {
    routes: {
      '/proxy': ProxyHandler,
      '/backend': SlowHandler,
      '/fast': FastHandler,
    },
    plan: [
      ['A', '/proxy', null],
      ['B', '/fast', 'upstream get start'],
    ] as Plan,
  },
  blocking: {
    routes: { '/block': BlockingHandler, '/fast': FastHandler },
    plan: [
      ['A', '/block', null],
      ['B', '/fast', 'A get start'],
    ] as Plan,
  },
  executor: {
    routes: { '/offload': OffloadHandler, '/fast': FastHandler },
    plan: [
      ['A', '/offload', null],
      ['B', '/fast', 'A get start'],
    ] as Plan,
  },
};

export type ScenarioName = keyof typeof scenarios;
export const scenarioNames = Object.keys(scenarios) as ScenarioName[];

/** Runs one scenario on the virtual network; returns its lifecycle events and each response. */
export async function runScenario(
  name: ScenarioName,
  heard: (mark: Mark) => void = () => undefined,
): Promise<{ marks: Mark[]; responses: string[] }> {
  onMark = heard;
  const { routes, plan } = scenarios[name];
  const net = (getPlatform() as VirtualPlatform).network;
  const loop = new IOLoop();
  const app = new Application(Object.entries(routes));
  port = net.localPort(app.listen(0));
  marks = [];
  origin = loop.time();
  cues.clear();
  const replies = new Map<string, string>();
  const send = (id: string, path: string): void => {
    const client = net.client(id, port);
    client.onClose(() => {
      const text = fromUtf8(client.received);
      replies.set(id, `${text.slice(9, 12)} ${text.split('\r\n\r\n')[1]}`);
      if (replies.size === plan.length) loop.stop();
    });
    client.send(
      `GET ${path}?id=${id} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
  };
  for (const [id, path, after] of plan) {
    if (after === null) send(id, path);
    else cues.set(after, () => send(id, path));
  }
  // Listening turns the log into events: access lines stay out of the marks,
  // errors and warnings go in at their time.
  const stop = subscribe((event) => {
    if (isAlarm(event))
      record({ time: event.time - origin, line: describe(event) });
  });
  try {
    await loop.start();
  } finally {
    stop();
  }
  const responses = plan.map(([id]) => `response ${id} ${replies.get(id)}`);
  return { marks, responses };
}

/** The same blocking and offloaded handlers as routes for the real server (`?ms=N`). */
export const blockingRoutes: [string, HandlerClass][] = [
  [
    '/block',
    class extends RequestHandler {
      get(): void {
        const ms = Number(this.getQueryArgument('ms', '200'));
        blockFor(ms);
        this.write(`blocked ${ms}`);
      }
    },
  ],
  [
    '/offload',
    class extends RequestHandler {
      async get(): Promise<void> {
        const ms = Number(this.getQueryArgument('ms', '200'));
        await runInExecutor(blockFor, ms);
        this.write(`offloaded ${ms}`);
      }
    },
  ],
];
