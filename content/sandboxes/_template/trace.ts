/** Typed trace events that show execution order: emitted by steps, printed as aligned lines, drawn by the timeline UI. */

import { preview } from './bytes.ts';
import {
  eventNames,
  getPlatform,
  SLOW_CALLBACK_MS,
  type PollEvent,
} from './platform.ts';

/** A lifecycle hook of a RequestHandler (Tornado's names, camelCased). */
export type HandlerHook =
  | 'initialize'
  | 'prepare'
  | 'get'
  | 'head'
  | 'post'
  | 'put'
  | 'delete'
  | 'patch'
  | 'options'
  | 'writeError'
  | 'finish'
  | 'onFinish'
  | 'onConnectionClose';

/** Everything a step can report, discriminated by `kind`. */
export type TraceEvent =
  /** `addCallback` put `name` (the function's name) on the ready queue. */
  | { kind: 'callback.queued'; name: string }
  /** The loop is running callback `name` now. */
  | { kind: 'callback.run'; name: string }
  /** Callback `name` threw `error` (its message); the loop logged it and went on. */
  | { kind: 'callback.error'; name: string; error: string }
  /** Timer `id` will run `name` at virtual/real time `deadline` (ms). */
  | { kind: 'timer.set'; id: number; name: string; deadline: number }
  /** Timer `id` is due and its callback `name` runs now. */
  | { kind: 'timer.fired'; id: number; name: string }
  /** `removeTimeout` cancelled timer `id` before it fired. */
  | { kind: 'timer.cancelled'; id: number; name: string }
  /** The loop waited at most `timeout` ms and these sockets were ready. */
  | { kind: 'poll'; timeout: number; ready: PollEvent[] }
  /** Listening socket `listener` accepted connection `fd`. */
  | { kind: 'io.accept'; listener: number; fd: number }
  /** `bytes` bytes were read from connection `fd` (0 = the peer closed); `preview` shows them. */
  | { kind: 'io.read'; fd: number; bytes: number; preview: string }
  /** `bytes` bytes were written to connection `fd`. */
  | { kind: 'io.write'; fd: number; bytes: number; preview: string }
  /** Connection `fd` was closed by this side; `reason` says why when it was an error. */
  | { kind: 'io.close'; fd: number; reason?: string }
  /** A scripted client on the virtual network (lane `client <name>`) did `action`. */
  | {
      kind: 'client';
      client: string;
      action: 'connect' | 'send' | 'receive' | 'close' | 'eof';
      bytes?: number;
      preview?: string;
    }
  /** Future `future` got its outcome: a result or an exception, shown as `value`. */
  | {
      kind: 'future.resolved';
      future: string;
      outcome: 'result' | 'exception';
      value: string;
    }
  /** Coroutine `coroutine` paused, waiting `on` (what it yielded or awaited). */
  | { kind: 'coroutine.suspended'; coroutine: string; on: string }
  /** Coroutine `coroutine` continued, receiving `with` (a value or an exception). */
  | { kind: 'coroutine.resumed'; coroutine: string; with: string }
  /** Coroutine `coroutine` returned or threw; `value` shows the outcome. */
  | {
      kind: 'coroutine.finished';
      coroutine: string;
      outcome: 'result' | 'exception';
      value: string;
    }
  /** The request line of a request on connection `fd` was parsed. */
  | {
      kind: 'http.request-line';
      fd: number;
      method: string;
      target: string;
      version: string;
    }
  /** The header block on connection `fd` was parsed into `count` fields. */
  | { kind: 'http.headers'; fd: number; count: number }
  /** A request body of `bytes` bytes was read on connection `fd` (`chunked` when framed so). */
  | { kind: 'http.body'; fd: number; bytes: number; chunked: boolean }
  /** The request on `fd` was refused with `status` because of `reason`. */
  | { kind: 'http.refused'; fd: number; status: number; reason: string }
  /** RequestHandler `handler` entered lifecycle hook `hook`. */
  | { kind: 'handler.hook'; handler: string; hook: HandlerHook }
  /** The response on `fd` was finished: `status` for `method path`, after `ms`. */
  | {
      kind: 'http.response';
      fd: number;
      status: number;
      method: string;
      path: string;
      ms: number;
    }
  /** Free text from a demo, shown in lane `lane`. */
  | { kind: 'note'; lane: string; text: string }
  /** A record for one of Tornado's loggers (see `log`); `message` may hold a stack, one frame a line. */
  | { kind: 'log'; logger: Logger; level: LogLevel; message: string };

/**
 * Tornado's loggers, with the lane each writes to: `tornado.access` (one line per request),
 * `tornado.application` (uncaught exceptions), `tornado.general` (refused messages, timeouts)
 * and `asyncio` (slow callbacks, as its debug mode reports them).
 */
export const LOGGERS = {
  'tornado.access': 'access',
  'tornado.application': 'app',
  'tornado.general': 'general',
  asyncio: 'asyncio',
} as const;
/** One of Tornado's logger names. */
export type Logger = keyof typeof LOGGERS;
/** Severity, as Python's logging names it. */
export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';

/** An event as delivered: stamped with a sequence number and the clock's time. */
export type Stamped = TraceEvent & {
  /** 1, 2, 3… in emission order, per listener set. */
  seq: number;
  /** Platform clock time in ms. */
  time: number;
};

type Listener = (event: Stamped) => void;

const listeners: Listener[] = [];
let seq = 0;

/** True while someone listens; hot paths check it to skip building events. */
export function isTracing(): boolean {
  return listeners.length > 0;
}

/** How many of the latest events are kept for a program that gets stuck. */
const RECENT = 20;
const recent: { event: TraceEvent; time: number }[] = [];

/**
 * Reports an event to every listener; nearly free when no one listens. The
 * latest few are kept either way, so a program that cannot go on can still
 * say what happened last (`stuckReport`).
 */
export function emit(event: TraceEvent): void {
  if (recent.length === RECENT) recent.shift();
  recent.push({ event, time: getPlatform().clock.now() });
  if (listeners.length === 0) return;
  const stamped: Stamped = {
    ...event,
    seq: ++seq,
    time: getPlatform().clock.now(),
  };
  for (const listener of listeners) listener(stamped);
}

/** Adds a listener; returns a function that removes it. */
export function subscribe(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at !== -1) listeners.splice(at, 1);
  };
}

/** Removes every listener and restarts the sequence (tests call it between runs). */
export function resetTrace(): void {
  listeners.length = 0;
  seq = 0;
  recent.length = 0;
  pending.clear();
}

/** Futures not yet done, by the Future: its label and where it was created. */
const pending = new Map<object, { label: string; where: string }>();

/**
 * Records a Future as pending, with the first frame of its creation that is
 * not in the lesson's own machinery: where the reader's code made it.
 */
export function trackPending(future: object, label: string): void {
  const frames = stackOf(new Error()).split('\n').slice(1);
  const own = /(concurrent|gen|trace|ioloop|iostream)\.[jt]s:\d/;
  const at = frames.find((f) => !own.test(f)) ?? frames[0] ?? '';
  pending.set(future, { label, where: at.trim().replace(/^at /, '') });
}

/** The Future is done: it no longer waits. */
export function settled(future: object): void {
  pending.delete(future);
}

/**
 * What a program that cannot go on should say: every pending Future and where
 * it was created, then the last events, oldest first.
 */
export function stuckReport(): string {
  const lines: string[] = [];
  if (pending.size > 0) {
    lines.push(`Pending futures (${pending.size}):`);
    for (const { label, where } of pending.values()) {
      lines.push(`  ${label}${where ? ` created at ${where}` : ''}`);
    }
  }
  if (recent.length > 0) {
    lines.push(`The last ${recent.length} events:`);
    let n = 0;
    for (const { event, time } of recent) {
      lines.push(`  ${formatEvent({ ...event, seq: ++n, time })}`);
    }
  }
  return lines.join('\n');
}

/**
 * Writes a log record as Tornado's loggers would: a trace event while someone traces (so it shows
 * in its lane and on the timeline), else a line like `[W general] Malformed HTTP message from …`.
 */
export function log(logger: Logger, level: LogLevel, message: string): void {
  if (isTracing()) emit({ kind: 'log', logger, level, message });
  else getPlatform().print(`[${level[0]} ${LOGGERS[logger]}] ${message}`);
}

/**
 * Logs an exception a callback raised, the way Tornado's IOLoop does ("Exception in callback …"
 * on tornado.application, with the stack): while tracing, also a `callback.error` event.
 */
export function logError(name: string, error: unknown): void {
  if (isTracing()) {
    emit({ kind: 'callback.error', name, error: describeError(error) });
  } else {
    const stack = stackOf(error);
    log(
      'tornado.application',
      'ERROR',
      `Exception in callback ${name}\n${stack}`,
    );
  }
}

/**
 * Reports work on the loop that took `SLOW_CALLBACK_MS` or longer, the way
 * asyncio's debug mode does ("Executing <name> took 0.200 seconds").
 */
export function reportWork(name: string, ms: number): void {
  if (ms < SLOW_CALLBACK_MS) return;
  const seconds = (ms / 1000).toFixed(3);
  log('asyncio', 'WARNING', `Executing ${name} took ${seconds} seconds`);
}

/**
 * The error's stack (its first line is the message), or its text when it has
 * none. Frames name files as the reader knows them (`09-serving/app.ts:12:5`),
 * not by the URL or path the host loaded them from.
 */
export function stackOf(error: unknown): string {
  return rawStack(error).replace(
    /(?:file|blob|sandbox):\/*[^\s()]*?\/(?=(?:\d\d-[a-z0-9-]+|_template)\/[a-z0-9-]+\.[jt]s:\d)/g,
    '',
  );
}

function rawStack(error: unknown): string {
  if (
    error instanceof Error &&
    typeof error.stack === 'string' &&
    error.stack !== ''
  ) {
    // V8 starts the stack with "Name: message"; other engines start with the first frame.
    return error.stack.startsWith(error.name)
      ? error.stack
      : `${describeError(error)}\n${error.stack}`;
  }
  return describeError(error);
}

/** "Error: boom" for errors, the value's text otherwise. */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** The column an event belongs to: the loop, a socket, a client, a coroutine… */
export function laneOf(event: TraceEvent): string {
  switch (event.kind) {
    case 'callback.queued':
    case 'callback.run':
    case 'callback.error':
    case 'timer.set':
    case 'timer.fired':
    case 'timer.cancelled':
    case 'poll':
      return 'loop';
    case 'io.accept':
      return `fd ${event.listener}`;
    case 'io.read':
    case 'io.write':
    case 'io.close':
    case 'http.request-line':
    case 'http.headers':
    case 'http.body':
    case 'http.refused':
    case 'http.response':
      return `fd ${event.fd}`;
    case 'client':
      return `client ${event.client}`;
    case 'future.resolved':
      return 'future';
    case 'coroutine.suspended':
    case 'coroutine.resumed':
    case 'coroutine.finished':
      return event.coroutine;
    case 'handler.hook':
      return event.handler;
    case 'note':
      return event.lane;
    case 'log':
      return LOGGERS[event.logger];
  }
}

/** What happened, in words. */
export function describe(event: TraceEvent): string {
  switch (event.kind) {
    case 'callback.queued':
      return `queue ${event.name}`;
    case 'callback.run':
      return `run ${event.name}`;
    case 'callback.error':
      return `! ${event.name} raised ${event.error} (logged, loop goes on)`;
    case 'timer.set':
      return `timer #${event.id} ${event.name} due at ${fmt(event.deadline)}ms`;
    case 'timer.fired':
      return `timer #${event.id} fires ${event.name}`;
    case 'timer.cancelled':
      return `timer #${event.id} ${event.name} cancelled`;
    case 'poll': {
      const ready = event.ready.map(
        (r) => `fd ${r.fd} ${eventNames(r.events)}`,
      );
      return `poll(${fmt(event.timeout)}ms) -> ${ready.join(', ') || 'nothing ready'}`;
    }
    case 'io.accept':
      return `accept -> fd ${event.fd}`;
    case 'io.read':
      return event.bytes === 0
        ? 'read EOF'
        : `read ${event.bytes} B ${event.preview}`;
    case 'io.write':
      return `write ${event.bytes} B ${event.preview}`;
    case 'io.close':
      return event.reason ? `close (${event.reason})` : 'close';
    case 'client': {
      const data =
        event.preview === undefined
          ? ''
          : ` ${event.bytes ?? 0} B ${event.preview}`;
      return `${event.action}${data}`;
    }
    case 'future.resolved':
      return `${event.future} ${event.outcome === 'result' ? 'resolved' : 'failed'}: ${event.value}`;
    case 'coroutine.suspended':
      return `suspended on ${event.on}`;
    case 'coroutine.resumed':
      return `resumed with ${event.with}`;
    case 'coroutine.finished':
      return `${event.outcome === 'result' ? 'returned' : 'raised'} ${event.value}`;
    case 'http.request-line':
      return `request line ${event.method} ${event.target} ${event.version}`;
    case 'http.headers':
      return `headers parsed (${event.count} fields)`;
    case 'http.body':
      return `body ${event.bytes} B${event.chunked ? ' (chunked)' : ''}`;
    case 'http.refused':
      return `refused ${event.status}: ${event.reason}`;
    case 'handler.hook':
      return `${event.hook}()`;
    case 'http.response':
      return `${event.status} ${event.method} ${event.path} ${fmt(event.ms)}ms`;
    case 'note':
      return event.text;
    case 'log': {
      // A trace line stays one line: the message, the error it reports, and
      // where it was thrown, in the reader's code rather than the template's.
      const [first = '', ...rest] = event.message.split('\n');
      const frames = rest.filter((line) => /^\s*at /.test(line));
      const error =
        rest[0] !== undefined && !frames.includes(rest[0]) ? rest[0] : '';
      const frame = (
        frames.find((line) => !line.includes('_template/')) ?? frames[0]
      )?.trim();
      const what = error ? `: ${error}` : '';
      return `[${event.level[0]}] ${first}${what}${frame ? ` (${frame})` : ''}`;
    }
  }
}

/** Events no trace filter may hide: errors, refusals, and warnings or errors of any logger. */
export function isAlarm(event: TraceEvent): boolean {
  return (
    event.kind === 'callback.error' ||
    event.kind === 'http.refused' ||
    (event.kind === 'log' && event.level !== 'INFO')
  );
}

function fmt(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

/** Width of the lane column; longer lane names are cut. */
export const LANE_WIDTH = 12;

/** One aligned line: time, lane, what happened. */
export function formatEvent(event: Stamped): string {
  const time = `${fmt(event.time)}ms`.padStart(9);
  const lane = laneOf(event).slice(0, LANE_WIDTH).padEnd(LANE_WIDTH);
  return `${time}  ${lane}  ${describe(event)}`;
}

/** The header line that matches formatEvent's columns. */
export function traceHeader(): string {
  return `${'time'.padStart(9)}  ${'lane'.padEnd(LANE_WIDTH)}  event`;
}

/**
 * Prints every event (or those `filter` keeps, and every alarm: a filter never hides an error)
 * through the platform; returns the unsubscribe function.
 */
export function printTrace(
  filter: (event: Stamped) => boolean = () => true,
): () => void {
  getPlatform().print(traceHeader());
  return subscribe((event) => {
    if (filter(event) || isAlarm(event))
      getPlatform().print(formatEvent(event));
  });
}

/** A short text for any value in a trace: byte previews, error names, cut-off strings. */
export function summarize(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} B ${preview(value)}`;
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value)) return `[${value.map(summarize).join(', ')}]`;
  const text =
    typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Shorthand for a demo's own remark in the trace. */
export function note(lane: string, text: string): void {
  emit({ kind: 'note', lane, text });
}
