/** The Worker runtime: compiles in the page, runs each program in a fresh dedicated Web Worker. */
import { compileAll } from './compile.ts';
import {
  ChecksStopped,
  ServerGoneError,
  type RunListener,
  type RunRequest,
  type RunResult,
  type Sandbox,
  type SandboxStatus,
  type SourceFiles,
  type TestOutcome,
} from './sandbox.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

/** Starts a worker; injectable so tests can count or replace workers. */
export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./worker-host.ts', import.meta.url), { type: 'module', name: 'sandbox' });

/** Runs steps in Web Workers; Stop terminates the worker, so even an infinite loop ends at once. */
export class WorkerSandbox implements Sandbox {
  readonly kind = 'worker';
  #status: SandboxStatus = 'ready';
  #files: SourceFiles = {};
  #factory: WorkerFactory;
  /** A worker started ahead of time so the next run skips the start-up. */
  #spare: Worker | null = null;
  #current: Worker | null = null;
  #finish: ((code: number | null) => void) | null = null;
  #requests = new Map<number, { resolve(raw: Uint8Array): void; reject(e: Error): void }>();
  #nextRequest = 1;

  constructor(factory: WorkerFactory = defaultFactory) {
    this.#factory = factory;
    this.#spare = this.#factory();
  }

  get status(): SandboxStatus {
    return this.#status;
  }

  mount(files: SourceFiles): Promise<void> {
    this.#files = { ...files };
    return Promise.resolve();
  }

  #take(): Worker {
    const worker = this.#spare ?? this.#factory();
    this.#spare = null;
    // Warm the next one after this run has started, not before.
    queueMicrotask(() => {
      this.#spare ??= this.#factory();
    });
    return worker;
  }

  async run(request: RunRequest, listener: RunListener): Promise<RunResult> {
    this.stop();
    const started = performance.now();
    let firstOutputMs: number | null = null;
    const compiled = compileAll(this.#files, 'cjs');
    if (!compiled.ok) {
      return {
        runtime: 'worker',
        exitCode: 1,
        firstOutputMs,
        elapsedMs: performance.now() - started,
        compileErrors: compiled.errors,
      };
    }
    const worker = this.#take();
    this.#current = worker;
    this.#status = 'running';
    const exitCode = await new Promise<number | null>((resolve) => {
      this.#finish = resolve;
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        switch (message.type) {
          case 'output':
            firstOutputMs ??= performance.now() - started;
            listener.output(message.text, message.stream);
            break;
          case 'truncated':
            listener.output('\n… output truncated: the program printed too much.\n', 'stderr');
            break;
          case 'trace':
            for (const traced of message.events) listener.trace?.(traced);
            break;
          case 'listening':
            listener.listening?.(message.port);
            break;
          case 'exit':
            // A server that ended answers nothing more: fail what still waits instead of hanging.
            this.#rejectRequests('exited');
            resolve(message.code);
            break;
          case 'response':
            this.#requests.get(message.id)?.resolve(message.raw);
            this.#requests.delete(message.id);
            break;
          case 'response-error':
            this.#requests.get(message.id)?.reject(new Error(message.message));
            this.#requests.delete(message.id);
            break;
          default:
            break;
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        listener.output(`${event.message}\n`, 'stderr');
        this.#rejectRequests('exited');
        resolve(1);
      };
      const message: ToWorker = {
        type: 'run',
        modules: compiled.modules,
        entry: request.entry,
        mode: request.mode,
      };
      if (request.port !== undefined) message.port = request.port;
      worker.postMessage(message);
    });
    this.#finish = null;
    if (request.mode === 'demo' || exitCode === null) this.#release(worker);
    this.#status = 'ready';
    return {
      runtime: 'worker',
      exitCode,
      firstOutputMs,
      elapsedMs: performance.now() - started,
      compileErrors: [],
    };
  }

  async test(checks: string[], listener: RunListener): Promise<TestOutcome[]> {
    this.stop();
    const compiled = compileAll(this.#files, 'cjs');
    if (!compiled.ok) {
      return compiled.errors.map((e) => ({
        name: `compile ${e.file}:${e.line}`,
        ok: false,
        message: e.message,
      }));
    }
    const worker = this.#take();
    this.#current = worker;
    this.#status = 'running';
    const results = await new Promise<TestOutcome[]>((resolve, reject) => {
      this.#finish = () => reject(new ChecksStopped());
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'output') listener.output(message.text, message.stream);
        if (message.type === 'tests') resolve(message.results);
        if (message.type === 'exit' && message.code !== 0) {
          resolve([{ name: 'tests', ok: false, message: 'the test file failed to load' }]);
        }
      };
      worker.postMessage({ type: 'test', modules: compiled.modules, checks } satisfies ToWorker);
    });
    this.#finish = null;
    this.#release(worker);
    this.#status = 'ready';
    return results;
  }

  /** The virtual network has no address a browser frame could open: no preview, ever. */
  onPreview(): () => void {
    return () => undefined;
  }

  request(raw: Uint8Array, port: number): Promise<Uint8Array> {
    const worker = this.#current;
    if (!worker) return Promise.reject(new Error('no server is running'));
    const id = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#requests.set(id, { resolve, reject });
      worker.postMessage({ type: 'request', id, raw, port } satisfies ToWorker);
    });
  }

  #rejectRequests(why: 'exited' | 'stopped'): void {
    for (const pending of this.#requests.values()) pending.reject(new ServerGoneError(why));
    this.#requests.clear();
  }

  #release(worker: Worker): void {
    worker.terminate();
    if (this.#current === worker) this.#current = null;
  }

  stop(): void {
    const worker = this.#current;
    if (!worker) return;
    this.#release(worker);
    this.#rejectRequests('stopped');
    this.#finish?.(null);
    this.#finish = null;
    this.#status = 'ready';
  }

  dispose(): void {
    this.stop();
    this.#spare?.terminate();
    this.#spare = null;
  }
}
