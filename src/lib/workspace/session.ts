/** A workspace's state without any DOM: its files, its runs and checks, and requests to its server; views subscribe. */
import type { StepBundle } from '../content/step-bundle.ts';
import {
  ChecksStopped,
  ServerGoneError,
  type RunResult,
  type RuntimeKind,
  type Sandbox,
  type TestOutcome,
} from '../runtime/sandbox.ts';
import type { RuntimeManager } from '../runtime/select.ts';
import { NotListening, ServeRun, type ServeEnd } from './serve-run.ts';
import { WorkFiles, type EditStore, type FilesEvent, type SaveScheduler } from './work-files.ts';

/** How long a started server may take to listen before a request gives up on it. */
export const LISTEN_LIMIT_MS = 10_000;

/** What a session needs from the page; tests pass their own. */
export interface SessionDeps {
  store: EditStore;
  saver: SaveScheduler;
  /** The step's bundle: every file, the template, the checks. */
  bundle(): Promise<StepBundle>;
  /** The page's runtimes. */
  runtimes(): Promise<Pick<RuntimeManager, 'pick' | 'worker'>>;
}

/** What a run tells its subscribers, in order; a superseded run tells nothing more. */
export type RunEvent =
  | { type: 'phase'; phase: 'loading-runtime' | 'compiling' | 'checking' }
  | { type: 'run-start'; mode: RunMode; sandbox: Sandbox; signal: AbortSignal }
  | { type: 'output'; text: string; stream: 'stdout' | 'stderr' }
  | { type: 'trace'; event: unknown }
  | { type: 'listening'; port: number; runtime: RuntimeKind }
  | { type: 'run-end'; mode: RunMode; result: RunResult };

export type SessionEvent = FilesEvent | RunEvent;

export type RunMode = 'demo' | 'serve';

/** How a Check ended: with outcomes, or stopped (by the reader or the time limit) with none. */
export type CheckEnd =
  | { kind: 'done'; outcomes: TestOutcome[] }
  | { kind: 'stopped' }
  | { kind: 'timeout'; limitMs: number };

/** How a request from the panel ended. */
export type SendEnd =
  | { kind: 'answered'; text: string; refusals: string[]; ms: number }
  | { kind: 'not-listening'; why: ServeEnd | 'timeout' }
  | { kind: 'failed'; serverGone: boolean; message: string };

/** How long Check may run: the exercise's own `timeLimitMs`, or 10 s for a step's checks. */
function checkLimitMs(bundle: StepBundle): number {
  // An exercise's bundle is a step bundle with its settings (ExerciseBundle in lib/exercises).
  const { exercise } = bundle as { exercise?: { timeLimitMs?: number } };
  return exercise?.timeLimitMs ?? 10_000;
}

/** One workspace's state. Each run or check supersedes the one before through its AbortSignal. */
export class WorkspaceSession {
  readonly step: string;
  readonly files: WorkFiles;
  /** Settles once every original is known and saved edits are applied. */
  readonly loaded: Promise<void>;
  readonly #deps: SessionDeps;
  readonly #listeners = new Set<(event: SessionEvent) => void>();
  #current: AbortController | undefined;
  #sandbox: Sandbox | undefined;
  /** The current `serve` run, from the moment it is asked for until it ends. */
  #serve: ServeRun | undefined;

  constructor(options: {
    step: string;
    scope: string;
    names: readonly string[];
    rendered: ReadonlyMap<string, string>;
    deps: SessionDeps;
  }) {
    this.step = options.step;
    this.#deps = options.deps;
    this.files = new WorkFiles({ ...options, ...options.deps, emit: (e) => this.#emit(e) });
    this.loaded = this.#load();
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe. */
  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  async #load(): Promise<void> {
    if (this.files.missing().length > 0) {
      try {
        const bundle = await this.#deps.bundle();
        for (const name of this.files.missing())
          this.files.provide(name, bundle.files[`${this.step}/${name}`] ?? '');
      } catch (error) {
        this.#emit({ type: 'notice', error });
      }
    }
    await this.files.restore();
  }

  /** Source files to run: the step (with the reader's edits) plus the shared template. */
  sources(bundle: StepBundle): Record<string, string> {
    const files: Record<string, string> = { ...bundle.template };
    for (const [name, text] of this.files.texts()) files[`${this.step}/${name}`] = text;
    return files;
  }

  /** Whether a run or check is under way (Stop applies). */
  get running(): boolean {
    return this.#current !== undefined;
  }

  /** Starts a new run or check, ending the one before (its events stop, its sandbox stops). */
  #supersede(): AbortSignal {
    this.#current?.abort();
    const controller = new AbortController();
    this.#current = controller;
    return controller.signal;
  }

  #finish(signal: AbortSignal): void {
    if (this.#current?.signal === signal) this.#current = undefined;
  }

  /** Ends the current run or check at once; it reports how it ended. */
  stop(): void {
    if (this.#current) this.#sandbox?.stop();
  }

  /** Compiles and runs the demo (or, for `serve`, keeps the server up); undefined when superseded. */
  async run(mode: RunMode = 'demo'): Promise<RunResult | undefined> {
    // Set before the first await, so a request right after this call waits for this very run.
    this.#serve?.end('stopped');
    const serve = mode === 'serve' ? new ServeRun() : undefined;
    this.#serve = serve;
    const signal = this.#supersede();
    try {
      return await this.#run(mode, serve, signal);
    } catch (error) {
      serve?.end('failed');
      throw error;
    } finally {
      serve?.end('exited'); // No-op when the run already said how it ended.
      if (this.#serve === serve) this.#serve = undefined;
      this.#finish(signal);
    }
  }

  async #prepare(
    signal: AbortSignal,
    pick: (m: Pick<RuntimeManager, 'pick' | 'worker'>, b: StepBundle) => Promise<Sandbox>,
    extra: (b: StepBundle) => Record<string, string>,
  ) {
    this.#emit({ type: 'phase', phase: 'loading-runtime' });
    await this.loaded;
    const [bundle, manager] = await Promise.all([this.#deps.bundle(), this.#deps.runtimes()]);
    const sandbox = await pick(manager, bundle);
    if (signal.aborted) return undefined;
    this.#sandbox = sandbox;
    signal.addEventListener('abort', () => sandbox.stop(), { once: true });
    await sandbox.mount({ ...this.sources(bundle), ...extra(bundle) });
    return signal.aborted ? undefined : { bundle, sandbox };
  }

  async #run(mode: RunMode, serve: ServeRun | undefined, signal: AbortSignal) {
    const ready = await this.#prepare(
      signal,
      (m, bundle) => m.pick(bundle.template),
      () => ({}),
    );
    if (!ready) return undefined;
    const { bundle, sandbox } = ready;
    this.#emit({ type: 'phase', phase: 'compiling' });
    this.#emit({ type: 'run-start', mode, sandbox, signal });
    serve?.launch();
    const live = (event: RunEvent) => {
      if (!signal.aborted) this.#emit(event);
    };
    const result = await sandbox.run(
      { entry: `${this.step}/${bundle.entry}`, mode },
      {
        output: (text, stream) => live({ type: 'output', text, stream }),
        trace: (event) => live({ type: 'trace', event }),
        listening: (port) => {
          if (!serve || serve.ended !== undefined || serve.port !== undefined) return;
          serve.listen(port);
          live({ type: 'listening', port, runtime: sandbox.kind });
        },
      },
    );
    serve?.end(
      result.compileErrors.length > 0 ? 'compile' : result.exitCode === null ? 'stopped' : 'exited',
    );
    live({ type: 'run-end', mode, result });
    return result;
  }

  /**
   * Runs the bundle's visible checks in the Worker runtime. A check that Stop or the exercise's
   * time limit ends has no outcomes, so it can never be recorded as a result.
   */
  async check(): Promise<CheckEnd | undefined> {
    const signal = this.#supersede();
    try {
      const ready = await this.#prepare(
        signal,
        (m) => Promise.resolve(m.worker()),
        (bundle) => bundle.checks,
      );
      if (!ready) return undefined;
      const { bundle, sandbox } = ready;
      this.#emit({ type: 'phase', phase: 'checking' });
      const limitMs = checkLimitMs(bundle);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        sandbox.stop();
      }, limitMs);
      try {
        const outcomes = await sandbox.test(Object.keys(bundle.checks), {
          output: (text, stream) => {
            if (!signal.aborted) this.#emit({ type: 'output', text, stream });
          },
        });
        return signal.aborted ? undefined : { kind: 'done', outcomes };
      } catch (error) {
        if (!(error instanceof ChecksStopped)) throw error;
        if (signal.aborted) return undefined;
        return timedOut ? { kind: 'timeout', limitMs } : { kind: 'stopped' };
      } finally {
        clearTimeout(timer);
      }
    } finally {
      this.#finish(signal);
    }
  }

  /** Sends `raw` to the server, starting it if none is up or starting; waits for its own "listening". */
  async send(raw: Uint8Array, onWaiting: () => void): Promise<SendEnd> {
    if (!this.#serve)
      this.run('serve').catch((error: unknown) => this.#emit({ type: 'notice', error }));
    const serve = this.#serve;
    if (!serve) return { kind: 'not-listening', why: 'failed' };
    if (serve.port === undefined) onWaiting();
    let port: number;
    try {
      port = await serve.ready(LISTEN_LIMIT_MS);
    } catch (error) {
      return { kind: 'not-listening', why: error instanceof NotListening ? error.why : 'failed' };
    }
    const sandbox = this.#sandbox;
    // The parser's refusal reason travels in the trace; it is shown beside the bare status line.
    const refusals: string[] = [];
    const unsubscribe = this.subscribe((event) => {
      if (event.type !== 'trace') return;
      const detail = event.event as { kind?: string; status?: number; reason?: string };
      if (detail.kind === 'http.refused')
        refusals.push(`${detail.status ?? ''} ${detail.reason ?? ''}`.trim());
    });
    const sent = performance.now();
    try {
      if (!sandbox) throw new ServerGoneError('exited');
      const reply = await sandbox.request(raw, port);
      const text = new TextDecoder().decode(reply);
      return { kind: 'answered', text, refusals, ms: performance.now() - sent };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const serverGone = error instanceof ServerGoneError || serve.ended !== undefined;
      return { kind: 'failed', serverGone, message };
    } finally {
      unsubscribe();
    }
  }
}
