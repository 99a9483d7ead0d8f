/** Runs inside the dedicated Web Worker: loads the compiled modules, sets the virtual platform and threads, runs. */
import type { VirtualPlatform } from '../lesson/index.ts';
import { producerOf } from '../trace-view/source.ts';
import { ModuleLoader } from './module-loader.ts';
import { PageThreads, type ThreadHelpers } from './page-threads.ts';
import type { TestOutcome } from './sandbox.ts';
import { OUTPUT_LINE_CAP, type FromWorker, type ToWorker } from './worker-protocol.ts';

/** The parts of the sandboxes' `_template` modules this host calls, typed by the template itself. */
interface TemplateModules {
  platform: { setPlatform(p: unknown): void; setThreadHost(host: unknown): void };
  virtualNet: { VirtualPlatform: typeof VirtualPlatform };
  trace: { subscribe(fn: (event: unknown) => void): () => void };
}

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

let linesSent = 0;
/** Sends output until the cap, then one "truncated" notice; a flood must not drown the page. */
function send(text: string, stream: 'stdout' | 'stderr'): void {
  if (linesSent > OUTPUT_LINE_CAP) return;
  linesSent += 1 + (text.match(/\n/g)?.length ?? 0);
  if (linesSent > OUTPUT_LINE_CAP) {
    post({ type: 'truncated', dropped: 'lines' });
    return;
  }
  post({ type: 'output', text, stream });
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

for (const [method, stream] of [
  ['log', 'stdout'],
  ['info', 'stdout'],
  ['debug', 'stdout'],
  ['warn', 'stderr'],
  ['error', 'stderr'],
] as const) {
  console[method] = (...args: unknown[]) => send(`${args.map(format).join(' ')}\n`, stream);
}

// Trace events go to the page in batches: one message per event would cost more than the event.
let traceBatch: unknown[] = [];
function flushTrace(): void {
  if (traceBatch.length === 0) return;
  post({ type: 'trace', events: traceBatch });
  traceBatch = [];
}

let loader: ModuleLoader | null = null;

function loadTemplate(): TemplateModules {
  const load = (path: string) => loader?.load(path).exports;
  return {
    platform: load('_template/platform.ts') as TemplateModules['platform'],
    virtualNet: load('_template/virtual-net.ts') as TemplateModules['virtualNet'],
    trace: load('_template/trace.ts') as TemplateModules['trace'],
  };
}

let wake: (() => void) | null = null;
/** A wake-up that came while the live poll was not sleeping: its next sleep is skipped. */
let wakePending = false;
function wakeLive(): void {
  if (wake) wake();
  else wakePending = true;
}

/** Gives runInExecutor real threads (nested Workers) that may load any module but the entry. */
function offerThreads(modules: Record<string, string>, entry: string | null): void {
  if (!loader) return;
  const helpers = loader.load('_template/thread.ts').exports as ThreadHelpers;
  const platformModule = loader.load('_template/platform.ts')
    .exports as TemplateModules['platform'];
  const isEntry = (path: string) => path === entry || /(^|\/)main\.ts$/.test(path);
  platformModule.setThreadHost(new PageThreads({ loader, modules, helpers, skip: isEntry }));
}

let platform: VirtualPlatform | null = null;

/**
 * On the virtual network an idle poll jumps the clock forward at once. A server waiting for the
 * request panel must instead wait in real time, so this poll sleeps (or until a request arrives)
 * and then moves the virtual clock by the real time that passed.
 */
function liveNetwork(p: VirtualPlatform): void {
  const inner = p.network.poll.bind(p.network);
  p.network.poll = async (timeoutMs) => {
    const ready = await inner(0);
    if (ready.length > 0 || timeoutMs <= 0) return ready;
    if (wakePending) {
      // Something (a request, a thread's result) arrived while we were not sleeping.
      wakePending = false;
      return inner(0);
    }
    flushTrace(); // Idle: let the page see what happened so far.
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(timeoutMs, 1000));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
    p.clock.advance(Math.max(0, Math.round(performance.now() - started)));
    return inner(0);
  };
}

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  loader = new ModuleLoader(message.modules);
  const template = loadTemplate();
  const options = message.mode === 'serve' ? { listen: message.port ?? 8080 } : {};
  platform = new template.virtualNet.VirtualPlatform({
    print: (line: string) => send(`${line}\n`, 'stdout'),
    options,
    // The network says when a socket really listens; the page sends requests only after that.
    onListen: (port: number) => {
      if (message.mode !== 'serve') return;
      flushTrace();
      post({ type: 'listening', port });
    },
    // In serve mode the clock follows real time: a thread's result is due when it arrives.
    ...(message.mode === 'serve' ? { onThreadDone: wakeLive } : {}),
  });
  if (message.mode === 'serve') liveNetwork(platform);
  template.platform.setPlatform(platform);
  offerThreads(message.modules, message.entry);
  template.trace.subscribe((event) => {
    // The first stack frame in a step's own file is the line that emitted the event.
    const source = producerOf(new Error().stack);
    traceBatch.push(source ? { ...(event as object), source } : event);
    if (traceBatch.length >= 500) flushTrace();
  });
  await loader.load(message.entry).done;
}

async function runTests(message: Extract<ToWorker, { type: 'test' }>): Promise<TestOutcome[]> {
  loader = new ModuleLoader(message.modules);
  const testing = loader.load('_template/testing.ts').exports as { run(): Promise<TestOutcome[]> };
  offerThreads(message.modules, null);
  for (const check of message.checks) await loader.load(check).done;
  return testing.run();
}

function request(message: Extract<ToWorker, { type: 'request' }>): void {
  if (!platform) {
    post({ type: 'response-error', id: message.id, message: 'no server is running' });
    return;
  }
  const client = platform.network.client(`panel-${message.id}`, message.port);
  const chunks: Uint8Array[] = [];
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(quiet);
    const raw = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      raw.set(chunk, at);
      at += chunk.length;
    }
    flushTrace(); // The events that explain this response arrive before it.
    post({ type: 'response', id: message.id, raw }, [raw.buffer]);
    client.close();
    wakeLive();
  };
  client.onData((chunk) => {
    chunks.push(chunk.slice());
    // A kept-alive connection never closes; a short silence after data ends the exchange.
    clearTimeout(quiet);
    quiet = setTimeout(finish, 250);
  });
  client.onClose(finish);
  client.send(message.raw);
  setTimeout(finish, 10_000);
  wakeLive();
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'request') {
    request(message);
    return;
  }
  const work = message.type === 'run' ? run(message).then(() => 0) : runTests(message);
  work.then(
    (result) => {
      flushTrace();
      if (Array.isArray(result)) post({ type: 'tests', results: result });
      else post({ type: 'exit', code: result });
    },
    (error: unknown) => {
      flushTrace();
      send(`Uncaught ${format(error)}\n`, 'stderr');
      post({ type: 'exit', code: 1 });
    },
  );
};

// Errors thrown from callbacks outside the awaited chain (timers, promise jobs) end the run too.
self.addEventListener('error', (event) => {
  send(`Uncaught ${format(event.error ?? event.message)}\n`, 'stderr');
  post({ type: 'exit', code: 1 });
});
self.addEventListener('unhandledrejection', (event) => {
  send(`Uncaught (in promise) ${format(event.reason)}\n`, 'stderr');
  post({ type: 'exit', code: 1 });
});

post({ type: 'ready' });
