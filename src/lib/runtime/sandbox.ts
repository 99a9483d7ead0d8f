/** The one interface both runtimes implement: mount files, run the demo or the tests, stream output, stop. */

/** Which runtime produced a run. */
export type RuntimeKind = 'worker' | 'webcontainer';

/** Where a runtime is in its life. */
export type SandboxStatus = 'idle' | 'booting' | 'ready' | 'running' | 'error';

/** Source files by path relative to content/sandboxes, e.g. `02-timers/ioloop.ts`. */
export type SourceFiles = Record<string, string>;

/** A compile problem, located so the editor can jump to it. */
export interface CompileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** What one run should do. */
export interface RunRequest {
  /** Path of the entry module, e.g. `02-timers/main.ts`. */
  entry: string;
  /** `demo` runs the entry; `serve` keeps a server step listening for the request panel. */
  mode: 'demo' | 'serve';
  /**
   * For `serve`: the (virtual or real) port to ask for; without it the runtime picks its own.
   * Either way the port the server really listens on arrives through `RunListener.listening`.
   */
  port?: number;
}

/** A check run that did not finish: Stop was pressed (or the time limit ran out, which stops it). */
export class ChecksStopped extends Error {
  constructor() {
    super('the checks were stopped before they finished');
    this.name = 'ChecksStopped';
  }
}

/** One test's outcome, as the sandboxes' tiny test API reports it. */
export interface TestOutcome {
  name: string;
  ok: boolean;
  message?: string;
  expected?: unknown;
  actual?: unknown;
  /** `timeline` when expected and actual are event lists to show side by side. */
  view?: 'value' | 'timeline';
}

/** Receives what a run prints, as it happens. */
export interface RunListener {
  /** A chunk of output text (may hold ANSI colours and several lines). */
  output(text: string, stream: 'stdout' | 'stderr'): void;
  /** A structured trace event from the teaching implementation, when the runtime can see them. */
  trace?(event: unknown): void;
  /**
   * A `serve` run's server now accepts connections on `port`: requests sent from here on reach
   * it. Called when the server itself starts listening (never on a timer), possibly more than
   * once if the program listens on several ports; never called when it exits before listening.
   */
  listening?(port: number): void;
}

/** A request that will never be answered: its server exited or was stopped while it waited. */
export class ServerGoneError extends Error {
  readonly reason: 'exited' | 'stopped';
  constructor(reason: 'exited' | 'stopped') {
    super(
      reason === 'exited'
        ? 'the server exited before it answered'
        : 'the server was stopped before it answered',
    );
    this.name = 'ServerGoneError';
    this.reason = reason;
  }
}

/** How a run ended. */
export interface RunResult {
  runtime: RuntimeKind;
  /** 0 for success; non-zero for an uncaught error; null when stopped. */
  exitCode: number | null;
  /** Milliseconds from the run request to the first output, if any. */
  firstOutputMs: number | null;
  elapsedMs: number;
  compileErrors: CompileError[];
}

/** A place to run a step's TypeScript. */
export interface Sandbox {
  readonly kind: RuntimeKind;
  readonly status: SandboxStatus;
  /** Replaces the files the next run uses. */
  mount(files: SourceFiles): Promise<void>;
  /** Compiles and runs; resolves when the program ends or is stopped. */
  run(request: RunRequest, listener: RunListener): Promise<RunResult>;
  /**
   * Runs `check/*.test.ts` files with the tiny test API and reports each test; rejects with
   * ChecksStopped when `stop()` ends the run first, so a stopped run is never taken for a result.
   */
  test(checks: string[], listener: RunListener): Promise<TestOutcome[]>;
  /**
   * Sends raw bytes to a running server step and resolves with the raw reply; rejects with
   * ServerGoneError when the server ends before it answers.
   */
  request(raw: Uint8Array, port: number): Promise<Uint8Array>;
  /**
   * Calls `listener` with a URL a browser frame can open whenever a served port gets one; returns
   * the unsubscribe. Only real Node has such URLs: the virtual network's servers never call it.
   */
  onPreview(listener: (url: string) => void): () => void;
  /** Ends the current run at once. */
  stop(): void;
  /** Releases everything. */
  dispose(): void;
}
