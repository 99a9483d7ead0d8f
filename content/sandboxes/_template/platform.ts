/** The Platform contract every step runs on: a clock, an epoll-like network, options and output. */

import { VirtualPlatform } from './virtual-net.ts';

/** Readiness bits, with epoll's values as Tornado's IOLoop uses them. */
export const READ = 0x001;
/** The socket can accept more bytes (or a connect finished). */
export const WRITE = 0x004;
/** The socket failed or the peer hung up; always reported, like EPOLLERR|EPOLLHUP. */
export const ERROR = 0x018;

/** Longest single poll, as PollIOLoop's `_POLL_TIMEOUT` (one hour). */
export const POLL_TIMEOUT = 3_600_000;

/** asyncio's `slow_callback_duration` (0.1 s): work on the loop this long is reported. */
export const SLOW_CALLBACK_MS = 100;

/** One ready socket returned by `poll`. */
export interface PollEvent {
  /** The socket's descriptor. */
  fd: number;
  /** Which of READ, WRITE, ERROR it is ready for. */
  events: number;
}

/** Milliseconds, from an arbitrary origin (0 for the virtual clock). */
export interface Clock {
  /** The current time in ms. */
  now(): number;
}

/**
 * Non-blocking sockets plus a level-triggered poller, like epoll. A socket
 * stays ready until it is drained, so a handler may read only part of it.
 */
export interface Network {
  /** Start watching `fd` for `events`. Throws if already registered. */
  register(fd: number, events: number): void;
  /** Change the events watched for `fd`. */
  modify(fd: number, events: number): void;
  /** Stop watching `fd`. Unknown descriptors are ignored. */
  unregister(fd: number): void;
  /**
   * Waits at most `timeoutMs` for registered sockets to become ready and
   * returns them (possibly none). A Promise, because a real platform can't
   * block the JavaScript thread.
   */
  poll(timeoutMs: number): Promise<PollEvent[]>;
  /** Opens a listening socket on 127.0.0.1:`port` (0 picks a free port). */
  listen(port: number): number;
  /** The local port of a listening or connected socket. */
  localPort(fd: number): number;
  /** Takes one pending connection, or null when none waits (EAGAIN). */
  accept(fd: number): number | null;
  /** Starts connecting to 127.0.0.1:`port`; the socket turns WRITE-ready once connected. */
  connect(port: number): number;
  /**
   * Takes up to `maxBytes` received bytes. Returns null when nothing is
   * there yet (EAGAIN) and an empty array once the peer closed (EOF).
   */
  recv(fd: number, maxBytes: number): Uint8Array | null;
  /**
   * Offers bytes to the socket and returns how many it took (0 = buffer
   * full, try when WRITE-ready). Throws once the connection is gone. The
   * caller must not change `data` afterwards.
   */
  send(fd: number, data: Uint8Array): number;
  /** Closes the socket (after flushing what `send` accepted). */
  close(fd: number): void;
}

/** A measurement of real work on the loop's thread, started by `Platform.startWork`. */
export interface Work {
  /** Ends the measurement and returns how many real ms the work took. */
  end(): number;
}

/** How the command line (or the page) asked the step to run. */
export interface RunOptions {
  /** Serve on this real TCP port (`--listen PORT`); absent on the virtual network. */
  listen?: number;
  /** HTTPServer's idle_connection_timeout, in ms (env `TAL_IDLE_CONNECTION_TIMEOUT_MS` with --listen). */
  idleConnectionTimeout?: number;
  /** HTTPServer's body_timeout, in ms (env `TAL_BODY_TIMEOUT_MS` with --listen). */
  bodyTimeout?: number;
  /**
   * false silences the access log, as disabling Python's `tornado.access`
   * logger does (env `TAL_ACCESS_LOG=0` with --listen). @default true
   */
  accessLog?: boolean;
}

/** What came back from a thread: the value or the error, and the time it took. */
export type ThreadOutcome = (
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string; stack: string } }
) & {
  /** ms the thread's own virtual clock moved (its blockFor calls; 0 on real threads). */
  virtualMs: number;
  /** Real ms the function ran on its thread. */
  realMs: number;
  /** Lines the function printed, shown when its result is delivered. */
  printed: string[];
};

/** The outcome of an error raised instead of a thread's result (or before it could start). */
export function failedOutcome(error: unknown, realMs = 0): ThreadOutcome {
  const e =
    error instanceof Error ? error : new Error(`thrown: ${String(error)}`);
  return {
    ok: false,
    error: { name: e.name, message: e.message, stack: e.stack ?? e.message },
    virtualMs: 0,
    realMs,
    printed: [],
  };
}

/**
 * Real threads, as a host offers them: `worker_threads` in Node and
 * WebContainer, nested Web Workers in the page. A thread shares no memory
 * with the loop, so a function reaches it as a module and a name.
 */
export interface ThreadHost {
  /**
   * Runs `fn(...args)` on a free thread. Rejects with a readable message
   * when `fn` is not exported by a module the thread can import, or an
   * argument cannot be copied; resolves with the outcome otherwise.
   * `virtual` asks for a virtual clock on the thread (see ThreadOutcome).
   */
  run(
    fn: (...args: never[]) => unknown,
    args: unknown[],
    virtual: boolean,
  ): Promise<ThreadOutcome>;
}

let threads: ThreadHost | null = null;

/** The host's threads, or null where there are none (the grader's compartments). */
export function getThreadHost(): ThreadHost | null {
  return threads;
}

/** Offers real threads to every platform (hosts call this once, before a step runs). */
export function setThreadHost(host: ThreadHost | null): void {
  threads = host;
}

/** Everything a step may use from its host. */
export interface Platform {
  /** `'virtual'` (deterministic, in-memory) or `'node'` (real TCP and time). */
  readonly kind: 'virtual' | 'node';
  readonly clock: Clock;
  readonly network: Network;
  readonly options: RunOptions;
  /** Writes one line of output (the terminal, or the page's output panel). */
  print(line: string): void;
  /**
   * Starts measuring real work on the loop's thread: a callback, or a round
   * of promise continuations. On the virtual network the clock runs on while
   * work is measured, so a busy loop shows as time passing and delays what
   * comes after it; on real TCP the clock is real anyway.
   */
  startWork(): Work;
  /**
   * Resolves once every pending promise continuation has run (it waits for
   * the host's next task). The loop calls it before choosing a poll timeout,
   * so code resumed by `await` can still queue callbacks for this round.
   */
  settle(): Promise<void>;
  /**
   * Runs `fn(...args)` on another thread and calls `done` with its outcome
   * from inside a later `poll`, which it wakes, as a thread pool wakes
   * Tornado's IOLoop through its waker. On the virtual network the outcome
   * arrives at the virtual time the thread's work took; a function that can
   * not go to a thread gets an outcome with the reason.
   */
  runInThread(
    fn: (...args: never[]) => unknown,
    args: unknown[],
    done: (outcome: ThreadOutcome) => void,
  ): void;
}

/** A settle() for any host: setImmediate in Node, a MessageChannel in browsers and workers. */
export function hostSettle(): Promise<void> {
  const host = globalThis as unknown as HostTasks;
  return new Promise((resolve) => {
    if (host.setImmediate) host.setImmediate(resolve);
    else if (host.MessageChannel) {
      const channel = new host.MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else host.setTimeout(resolve, 0);
  });
}

interface HostTasks {
  setImmediate?: (fn: () => void) => void;
  MessageChannel?: new () => {
    port1: { onmessage: (() => void) | null; close(): void };
    port2: { postMessage(message: null): void };
  };
  setTimeout: (fn: () => void, ms: number) => void;
}

let current: Platform | null = null;

/** The platform in use; a fresh virtual one unless a host chose another. */
export function getPlatform(): Platform {
  current ??= new VirtualPlatform();
  return current;
}

/** Chooses the platform (hosts and tests call this before running a step). */
export function setPlatform(platform: Platform): void {
  current = platform;
}

/** Names the bits of a readiness mask, e.g. "READ|WRITE". */
export function eventNames(events: number): string {
  const names: string[] = [];
  if (events & READ) names.push('READ');
  if (events & WRITE) names.push('WRITE');
  if (events & ERROR) names.push('ERROR');
  return names.join('|') || 'none';
}
