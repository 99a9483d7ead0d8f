/** The Platform over real TCP (node:net) and real time, for `--listen` runs. */

import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { preview } from './bytes.ts';
import {
  ERROR,
  READ,
  WRITE,
  type Clock,
  type Network,
  type Platform,
  type PollEvent,
  type RunOptions,
  type ThreadOutcome,
  type Work,
} from './platform.ts';
import { startThread } from './thread.ts';
import { emit, isTracing } from './trace.ts';

/** Reading pauses once this many received bytes wait for recv(). */
const READ_HIGH_WATER = 1 << 20;

interface Entry {
  socket: net.Socket | null;
  server: net.Server | null;
  /** Received chunks not yet taken by recv(). */
  chunks: Buffer[];
  bytes: number;
  eof: boolean;
  error: Error | null;
  connected: boolean;
  /** The port listen() asked for (0 = any). */
  port: number;
  /** Connections the server got and accept() has not taken yet. */
  pending: net.Socket[];
}

/** Real sockets behind the same level-triggered poller the virtual network offers. */
export class NodeNetwork implements Network {
  readonly #entries = new Map<number, Entry>();
  readonly #interest = new Map<number, number>();
  /** Sockets whose state may have changed; poll() only looks at these. */
  readonly #candidates = new Set<number>();
  #wake: (() => void) | null = null;
  /** A wake-up that came while no poll was waiting: the next poll returns at once. */
  #woken = false;
  #nextFd = 3;
  /** listen() calls whose socket is not bound yet, and what waits for them. */
  #binding = 0;
  #onBound: (() => void)[] = [];

  /** Runs `fn` once every listening socket is bound (at once if none is pending). */
  whenBound(fn: () => void): void {
    if (this.#binding === 0) fn();
    else this.#onBound.push(fn);
  }

  register(fd: number, events: number): void {
    if (this.#interest.has(fd)) throw new Error(`fd ${fd} already registered`);
    this.#entry(fd);
    this.#interest.set(fd, events);
    this.#candidates.add(fd);
  }

  modify(fd: number, events: number): void {
    if (!this.#interest.has(fd)) throw new Error(`fd ${fd} not registered`);
    this.#interest.set(fd, events);
    this.#candidates.add(fd);
  }

  unregister(fd: number): void {
    this.#interest.delete(fd);
    this.#candidates.delete(fd);
  }

  async poll(timeoutMs: number): Promise<PollEvent[]> {
    // Yield to Node's own loop first, or pending socket events would starve.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let ready = this.#collect();
    const woken = this.#woken;
    this.#woken = false;
    if (ready.length > 0 || timeoutMs <= 0 || woken) return ready;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
    ready = this.#collect();
    return ready;
  }

  /**
   * Makes the current poll return now, or the next one if none waits: the
   * job of Tornado's waker, through which another thread's result reaches
   * a sleeping loop.
   */
  wakeUp(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  listen(port: number): number {
    const fd = this.#add(null);
    const entry = this.#entry(fd);
    // Half-open: a peer's FIN must not end our side before we flushed what we owe.
    const server = net.createServer({ noDelay: true, allowHalfOpen: true });
    entry.server = server;
    entry.port = port;
    server.on('connection', (socket) => {
      socket.pause();
      entry.pending.push(socket);
      this.#touch(fd);
    });
    this.#binding++;
    const bound = (): void => {
      if (--this.#binding === 0) for (const fn of this.#onBound.splice(0)) fn();
    };
    server.once('listening', bound);
    server.on('error', (error) => {
      if (!server.listening) bound();
      entry.error = error;
      this.#touch(fd);
    });
    // Binding finishes a tick later; localPort() reports the asked-for port meanwhile.
    server.listen(port, '127.0.0.1', 511);
    return fd;
  }

  localPort(fd: number): number {
    const entry = this.#entry(fd);
    const address: unknown = entry.server
      ? entry.server.address()
      : entry.socket?.address();
    const port = (address as { port?: unknown } | null)?.port ?? entry.port;
    if (typeof port !== 'number' || port === 0) {
      throw new Error(`fd ${fd} has no port yet`);
    }
    return port;
  }

  accept(fd: number): number | null {
    const socket = this.#entry(fd).pending.shift();
    if (!socket) return null;
    const conn = this.#add(socket);
    this.#entry(conn).connected = true;
    socket.resume();
    if (isTracing()) emit({ kind: 'io.accept', listener: fd, fd: conn });
    return conn;
  }

  connect(port: number): number {
    const socket = net.connect({
      port,
      host: '127.0.0.1',
      noDelay: true,
      allowHalfOpen: true,
    });
    const fd = this.#add(socket);
    socket.once('connect', () => {
      this.#entry(fd).connected = true;
      this.#touch(fd);
    });
    return fd;
  }

  recv(fd: number, maxBytes: number): Uint8Array | null {
    const entry = this.#entry(fd);
    if (entry.bytes === 0) {
      if (!entry.eof && !entry.error) return null;
      if (isTracing()) emit({ kind: 'io.read', fd, bytes: 0, preview: '' });
      return new Uint8Array(0);
    }
    let data: Buffer;
    const head = entry.chunks[0];
    if (head && head.length <= maxBytes && entry.chunks.length === 1) {
      data = head;
      entry.chunks.length = 0;
    } else {
      const all = Buffer.concat(entry.chunks);
      data = all.subarray(0, maxBytes);
      entry.chunks = all.length > maxBytes ? [all.subarray(maxBytes)] : [];
    }
    entry.bytes -= data.length;
    if (entry.socket?.isPaused() && entry.bytes < READ_HIGH_WATER)
      entry.socket.resume();
    if (isTracing())
      emit({ kind: 'io.read', fd, bytes: data.length, preview: preview(data) });
    return data;
  }

  send(fd: number, data: Uint8Array): number {
    const entry = this.#entry(fd);
    const socket = entry.socket;
    if (!socket || entry.error || socket.destroyed || socket.writableEnded) {
      throw new Error(`EPIPE: fd ${fd} is closed`);
    }
    if (!entry.connected || socket.writableNeedDrain) return 0;
    socket.write(data);
    if (isTracing())
      emit({
        kind: 'io.write',
        fd,
        bytes: data.length,
        preview: preview(data),
      });
    return data.length;
  }

  close(fd: number): void {
    const entry = this.#entries.get(fd);
    if (!entry) return;
    if (isTracing()) emit({ kind: 'io.close', fd });
    this.#entries.delete(fd);
    this.unregister(fd);
    if (entry.server) entry.server.close();
    for (const socket of entry.pending) socket.destroy();
    const socket = entry.socket;
    if (socket) {
      // end() flushes what send() accepted, then sends FIN.
      socket.once('finish', () => socket.destroy());
      socket.end();
    }
  }

  #add(socket: net.Socket | null): number {
    const fd = this.#nextFd++;
    const entry: Entry = {
      socket,
      server: null,
      chunks: [],
      bytes: 0,
      eof: false,
      error: null,
      connected: false,
      port: 0,
      pending: [],
    };
    this.#entries.set(fd, entry);
    if (socket) {
      socket.on('data', (chunk: Buffer) => {
        entry.chunks.push(chunk);
        entry.bytes += chunk.length;
        if (entry.bytes >= READ_HIGH_WATER) socket.pause();
        this.#touch(fd);
      });
      socket.on('end', () => {
        entry.eof = true;
        this.#touch(fd);
      });
      socket.on('drain', () => this.#touch(fd));
      socket.on('error', (error) => {
        entry.error = error;
        this.#touch(fd);
      });
      socket.on('close', () => {
        entry.eof = true;
        this.#touch(fd);
      });
    }
    return fd;
  }

  #touch(fd: number): void {
    if (!this.#interest.has(fd)) return;
    this.#candidates.add(fd);
    this.#wake?.();
  }

  #collect(): PollEvent[] {
    const ready: PollEvent[] = [];
    for (const fd of this.#candidates) {
      const entry = this.#entries.get(fd);
      const interest = this.#interest.get(fd);
      const events =
        entry && interest !== undefined
          ? readiness(entry) & (interest | ERROR)
          : 0;
      // Level-triggered: a ready socket stays a candidate until it is drained.
      if (events) ready.push({ fd, events });
      else this.#candidates.delete(fd);
    }
    return ready;
  }

  #entry(fd: number): Entry {
    const entry = this.#entries.get(fd);
    if (!entry) throw new Error(`EBADF: fd ${fd}`);
    return entry;
  }
}

function readiness(entry: Entry): number {
  if (entry.error) return ERROR | READ;
  if (entry.server) return entry.pending.length > 0 ? READ : 0;
  let events = entry.bytes > 0 || entry.eof ? READ : 0;
  if (entry.connected && !entry.socket?.writableNeedDrain) events |= WRITE;
  return events;
}

/** Real time in ms since the platform was made. */
export class NodeClock implements Clock {
  readonly #origin = performance.now();

  now(): number {
    return performance.now() - this.#origin;
  }
}

/** Server timeouts for experiments over real TCP: `TAL_IDLE_CONNECTION_TIMEOUT_MS=500 npm run step -- 09 --listen 0`. */
export function serverOptionsFromEnv(env = process.env): RunOptions {
  const options: RunOptions = {};
  const read = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const ms = Number(text);
    if (!(ms > 0 && Number.isFinite(ms))) {
      throw new Error(`${name} must be a positive number of ms, not "${text}"`);
    }
    return ms;
  };
  const idle = read('TAL_IDLE_CONNECTION_TIMEOUT_MS');
  const body = read('TAL_BODY_TIMEOUT_MS');
  if (idle !== undefined) options.idleConnectionTimeout = idle;
  if (body !== undefined) options.bodyTimeout = body;
  if (env['TAL_ACCESS_LOG'] === '0') options.accessLog = false;
  return options;
}

/** The platform the command line uses for `--listen`: real TCP, real time, stdout. */
export class NodePlatform implements Platform {
  readonly kind = 'node';
  readonly clock = new NodeClock();
  readonly network = new NodeNetwork();
  readonly options: RunOptions;

  constructor(options: RunOptions = {}) {
    this.options = { ...serverOptionsFromEnv(), ...options };
  }

  /** Held back while a listen() is still binding, so "listening on …" is never early. */
  print(line: string): void {
    this.network.whenBound(() => process.stdout.write(`${line}\n`));
  }

  settle(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /** Real time passes by itself here; the measurement only feeds slow-callback reports. */
  startWork(): Work {
    const start = performance.now();
    return { end: () => performance.now() - start };
  }

  runInThread(
    fn: (...args: never[]) => unknown,
    args: unknown[],
    done: (outcome: ThreadOutcome) => void,
  ): void {
    const job = startThread(fn, args, false);
    void job.then((outcome) => {
      for (const line of outcome.printed) this.print(line);
      done(outcome);
      this.network.wakeUp();
    });
  }
}
