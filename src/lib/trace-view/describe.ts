/** Says in words (zh or en) what one trace event means, using the events before it to explain why. */
import { POLL_TIMEOUT, type Stamped } from '../lesson/index.ts';
import { waitStart } from './model.ts';
import { en, zh, type Phrases } from './phrases.ts';

export type ViewLang = 'zh' | 'en';

/** A language added to ViewLang is a type error here until it has its table. */
const phrases: Record<ViewLang, Phrases> = { en, zh };

type Kind = Stamped['kind'];
type Of<K extends Kind> = Extract<Stamped, { kind: K }>;

const READ = 0x001;
const WRITE = 0x004;

function ms(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function readiness(events: number, p: Phrases): string {
  const names: string[] = [];
  if (events & READ) names.push(p.readiness.readable);
  if (events & WRITE) names.push(p.readiness.writable);
  if (events & ~(READ | WRITE)) names.push(p.readiness.broken);
  return p.readiness.all(names);
}

/**
 * One label per event kind: a kind added to the trace is a missing property here. Annotated with
 * a mapped type (not `satisfies`) so that `summarize` can index it by a generic kind without a cast.
 */
const summaries: { [K in Kind]: (event: Of<K>, p: Phrases) => string } = {
  'callback.queued': (e, p) => p.summary.queued(e.name),
  'callback.run': (e, p) => p.summary.run(e.name),
  'callback.error': (e, p) => p.summary.error(e.name, e.error),
  'timer.set': (e, p) => p.summary.timerSet(e.id, e.name, ms(e.deadline)),
  'timer.fired': (e, p) => p.summary.timerFired(e.id, e.name),
  'timer.cancelled': (e, p) => p.summary.timerCancelled(e.id, e.name),
  poll: (e, p) => {
    const ready = e.ready.map((r) => `fd ${r.fd} ${readiness(r.events, p)}`);
    const wait = e.timeout >= POLL_TIMEOUT ? '∞' : `${ms(e.timeout)} ms`;
    return `poll(${wait}) → ${ready.length > 0 ? p.list(ready) : p.summary.nothingReady}`;
  },
  'io.accept': (e, p) => p.summary.accept(e.fd),
  'io.read': (e, p) => (e.bytes === 0 ? p.summary.readEof : p.summary.read(e.bytes, e.preview)),
  'io.write': (e, p) => p.summary.write(e.bytes, e.preview),
  'io.close': (e, p) => p.summary.close(e.reason),
  client: (e, p) => {
    const data = e.preview === undefined ? '' : ` ${e.bytes ?? 0} B ${e.preview}`;
    return `${p.summary.client[e.action]}${data}`;
  },
  'future.resolved': (e, p) => p.summary.future(e.future, e.outcome, e.value),
  'coroutine.suspended': (e, p) => p.summary.suspended(e.on),
  'coroutine.resumed': (e, p) => p.summary.resumed(e.with),
  'coroutine.finished': (e, p) => p.summary.finished(e.outcome, e.value),
  'http.request-line': (e, p) => p.summary.requestLine(e.method, e.target, e.version),
  'http.headers': (e, p) => p.summary.headers(e.count),
  'http.body': (e, p) => p.summary.body(e.bytes, e.chunked),
  'http.refused': (e, p) => p.summary.refused(e.status, e.reason),
  'handler.hook': (e) => `${e.hook}()`,
  'http.response': (e) => `${e.status} ${e.method} ${e.path} ${ms(e.ms)} ms`,
  note: (e) => e.text,
  log: (e) => `[${e.level[0]}] ${e.message.split('\n')[0] ?? ''}`,
};

function summarize<K extends Kind>(kind: K, event: Of<K>, p: Phrases): string {
  return summaries[kind](event, p);
}

/** A short label for an event, for the text list and the marks' tooltips. */
export function summary(event: Stamped, lang: ViewLang): string {
  return summarize(event.kind, event, phrases[lang]);
}

/** Timers set before `index` that had neither fired nor been cancelled by then. */
export function pendingTimers(
  events: readonly Stamped[],
  index: number,
): { id: number; name: string; deadline: number }[] {
  const pending = new Map<number, { id: number; name: string; deadline: number }>();
  for (let i = 0; i < index; i++) {
    const e = events[i];
    if (e?.kind === 'timer.set')
      pending.set(e.id, { id: e.id, name: e.name, deadline: e.deadline });
    else if (e?.kind === 'timer.fired' || e?.kind === 'timer.cancelled') pending.delete(e.id);
  }
  return [...pending.values()].sort((a, b) => a.deadline - b.deadline || a.id - b.id);
}

/** How long the loop slept in the poll at `index`: from its last own event to the poll's return. */
export function slept(events: readonly Stamped[], index: number): number {
  const event = events[index];
  if (!event) return 0;
  const from = waitStart(events, index);
  return event.time - (events[from]?.time ?? 0);
}

/** What an explanation may look back on: the whole trace, where the event is, and the words. */
interface Context {
  events: readonly Stamped[];
  index: number;
  p: Phrases;
}

function explainPoll(event: Of<'poll'>, { events, index, p }: Context): string {
  const sleptFor = slept(events, index);
  const sleptMs = ms(sleptFor);
  const ready = p.list(event.ready.map((r) => p.poll.ready(r.fd, readiness(r.events, p))));
  const wait = ms(event.timeout);
  if (event.timeout === 0) return p.poll.noSleep(ready);
  if (ready && sleptFor === 0) return p.poll.atOnce(wait, ready);
  if (ready) return p.poll.until(sleptMs, ready);
  const next = pendingTimers(events, index)[0];
  if (next && next.deadline <= event.time) return p.poll.timerDue(sleptMs, next.id, next.name);
  if (event.timeout >= POLL_TIMEOUT) return p.poll.forever(sleptMs);
  return p.poll.timedOut(sleptMs, wait);
}

/** The latest event of `kind` before `before` that passes `test`. */
function lastOf<K extends Kind>(
  events: readonly Stamped[],
  before: number,
  kind: K,
  test: (e: Of<K>) => boolean,
): Of<K> | undefined {
  const isKind = (e: Stamped | undefined): e is Of<K> => e?.kind === kind;
  for (let i = before - 1; i >= 0; i--) {
    const e = events[i];
    if (isKind(e) && test(e)) return e;
  }
  return undefined;
}

function explainFired(event: Of<'timer.fired'>, { events, index, p }: Context): string {
  const set = lastOf(events, index, 'timer.set', (e) => e.id === event.id);
  const late = set ? event.time - set.deadline : 0;
  const due = !set ? '' : late > 0 ? p.explain.late(ms(set.deadline), ms(late)) : p.explain.onTime;
  return p.explain.timerFired(event.id, event.name, due);
}

/** One explanation per event kind, typed like `summaries` so no kind can go unexplained. */
const explanations: { [K in Kind]: (event: Of<K>, c: Context) => string } = {
  poll: explainPoll,
  'callback.queued': (e, { p }) => p.explain.queued(e.name),
  'callback.run': (e, { events, index, p }) => {
    const queued = lastOf(events, index, 'callback.queued', (q) => q.name === e.name);
    return p.explain.run(e.name, queued && ms(queued.time));
  },
  'callback.error': (e, { p }) => p.explain.error(e.name, e.error),
  'timer.set': (e, { p }) =>
    p.explain.timerSet(e.id, e.name, ms(e.deadline), ms(e.deadline - e.time)),
  'timer.fired': explainFired,
  'timer.cancelled': (e, { p }) => p.explain.timerCancelled(e.id, e.name),
  'io.accept': (e, { p }) => p.explain.accept(e.listener, e.fd),
  'io.read': (e, { p }) =>
    e.bytes === 0 ? p.explain.readEof(e.fd) : p.explain.read(e.fd, e.bytes, e.preview),
  'io.write': (e, { p }) => p.explain.write(e.fd, e.bytes, e.preview),
  'io.close': (e, { p }) => p.explain.close(e.fd, e.reason),
  client: (e, { p }) => {
    // Only what a client does to the server waits for a poll to be noticed.
    const outward = e.action === 'connect' || e.action === 'send' || e.action === 'close';
    return p.explain.client(e.client, summarize('client', e, p), outward);
  },
  'future.resolved': (e, { p }) => p.explain.future(e.future, e.outcome, e.value),
  'coroutine.suspended': (e, { p }) => p.explain.suspended(e.coroutine, e.on),
  'coroutine.resumed': (e, { events, index, p }) => {
    const s = lastOf(events, index, 'coroutine.suspended', (c) => c.coroutine === e.coroutine);
    return p.explain.resumed(e.coroutine, e.with, s && { on: s.on, since: ms(s.time) });
  },
  'coroutine.finished': (e, { p }) => p.explain.finished(e.coroutine, e.outcome, e.value),
  'http.request-line': (e, { p }) => p.explain.requestLine(e.fd, e.method, e.target, e.version),
  'http.headers': (e, { p }) => p.explain.headers(e.fd, e.count),
  'http.body': (e, { p }) => p.explain.body(e.fd, e.bytes, e.chunked),
  'http.refused': (e, { p }) => p.explain.refused(e.fd, e.status, e.reason),
  'handler.hook': (e, { p }) => p.explain.hook(e.handler, e.hook),
  'http.response': (e, { p }) => p.explain.response(e.fd, e.status, e.method, e.path, ms(e.ms)),
  note: (e) => e.text,
  log: (e, { p }) => p.explain.log(e.logger, e.level, e.message),
};

function explainAs<K extends Kind>(kind: K, event: Of<K>, context: Context): string {
  return explanations[kind](event, context);
}

/** A sentence or two on the event at `index`: what happened and, where the trace shows it, why then. */
export function explain(events: readonly Stamped[], index: number, lang: ViewLang): string {
  const event = events[index];
  if (!event) return '';
  const p = phrases[lang];
  return p.explain.at(ms(event.time)) + explainAs(event.kind, event, { events, index, p });
}
