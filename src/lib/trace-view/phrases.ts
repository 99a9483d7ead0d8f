/** Every sentence the trace view says about an event, once per language, typed so neither language can lack one. */
import type { Stamped } from '../lesson/index.ts';

/** Milliseconds already formatted by describe.ts (a whole number, or one decimal). */
type Ms = string;
type Outcome = Extract<Stamped, { kind: 'future.resolved' }>['outcome'];
type ClientAction = Extract<Stamped, { kind: 'client' }>['action'];

/** What one language needs to describe any event; templates the languages share stay in describe.ts. */
export interface Phrases {
  /** How a poll reports one socket: its states joined into one phrase. */
  readiness: {
    readable: string;
    writable: string;
    broken: string;
    all: (states: readonly string[]) => string;
  };
  /** Joins the sockets one poll found ready. */
  list: (items: readonly string[]) => string;
  /** Short labels, for the text list and the marks' tooltips. */
  summary: {
    queued: (name: string) => string;
    run: (name: string) => string;
    error: (name: string, error: string) => string;
    timerSet: (id: number, name: string, deadline: Ms) => string;
    timerFired: (id: number, name: string) => string;
    timerCancelled: (id: number, name: string) => string;
    nothingReady: string;
    accept: (fd: number) => string;
    readEof: string;
    read: (bytes: number, preview: string) => string;
    write: (bytes: number, preview: string) => string;
    close: (reason: string | undefined) => string;
    client: Record<ClientAction, string>;
    future: (future: string, outcome: Outcome, value: string) => string;
    suspended: (on: string) => string;
    resumed: (received: string) => string;
    finished: (outcome: Outcome, value: string) => string;
    requestLine: (method: string, target: string, version: string) => string;
    headers: (count: number) => string;
    body: (bytes: number, chunked: boolean) => string;
    refused: (status: number, reason: string) => string;
  };
  /** What a poll's return means, given how long the loop slept and why it woke. */
  poll: {
    ready: (fd: number, states: string) => string;
    noSleep: (ready: string) => string;
    atOnce: (wait: Ms, ready: string) => string;
    until: (slept: Ms, ready: string) => string;
    timerDue: (slept: Ms, id: number, name: string) => string;
    forever: (slept: Ms) => string;
    timedOut: (slept: Ms, wait: Ms) => string;
  };
  /** Whole sentences for the event being explained, after `at`. */
  explain: {
    at: (time: Ms) => string;
    queued: (name: string) => string;
    run: (name: string, queuedAt: Ms | undefined) => string;
    error: (name: string, error: string) => string;
    timerSet: (id: number, name: string, deadline: Ms, fromNow: Ms) => string;
    late: (deadline: Ms, late: Ms) => string;
    onTime: string;
    /** `due` is `late(…)`, `onTime`, or empty when the trace lacks the timer's start. */
    timerFired: (id: number, name: string, due: string) => string;
    timerCancelled: (id: number, name: string) => string;
    accept: (listener: number, fd: number) => string;
    readEof: (fd: number) => string;
    read: (fd: number, bytes: number, preview: string) => string;
    write: (fd: number, bytes: number, preview: string) => string;
    close: (fd: number, reason: string | undefined) => string;
    /** `outward` when the client acted on the server, which the loop sees only at its next poll. */
    client: (client: string, what: string, outward: boolean) => string;
    future: (future: string, outcome: Outcome, value: string) => string;
    suspended: (coroutine: string, on: string) => string;
    resumed: (
      coroutine: string,
      received: string,
      waited: { on: string; since: Ms } | undefined,
    ) => string;
    finished: (coroutine: string, outcome: Outcome, value: string) => string;
    requestLine: (fd: number, method: string, target: string, version: string) => string;
    headers: (fd: number, count: number) => string;
    body: (fd: number, bytes: number, chunked: boolean) => string;
    refused: (fd: number, status: number, reason: string) => string;
    hook: (handler: string, hook: string) => string;
    response: (fd: number, status: number, method: string, path: string, took: Ms) => string;
    log: (logger: string, level: string, message: string) => string;
  };
}

const sleptEn = (ms: Ms) => `the loop slept ${ms} ms`;

export const en: Phrases = {
  readiness: {
    readable: 'readable',
    writable: 'writable',
    broken: 'in error or hung up',
    all: (states) => states.join(' and '),
  },
  list: (items) => items.join(', '),
  summary: {
    queued: (name) => `queue ${name}`,
    run: (name) => `run ${name}`,
    error: (name, error) => `${name} raised ${error}`,
    timerSet: (id, name, deadline) => `timer #${id} ${name} due at ${deadline} ms`,
    timerFired: (id, name) => `timer #${id} fires ${name}`,
    timerCancelled: (id, name) => `timer #${id} ${name} cancelled`,
    nothingReady: 'nothing ready',
    accept: (fd) => `accept → fd ${fd}`,
    readEof: 'read EOF',
    read: (bytes, preview) => `read ${bytes} B ${preview}`,
    write: (bytes, preview) => `write ${bytes} B ${preview}`,
    close: (reason) => `close${reason ? ` (${reason})` : ''}`,
    client: {
      connect: 'connect',
      send: 'send',
      receive: 'receive',
      close: 'close',
      eof: 'sees EOF',
    },
    future: (future, outcome, value) =>
      `${future} ${outcome === 'result' ? 'resolved' : 'failed'}: ${value}`,
    suspended: (on) => `suspended on ${on}`,
    resumed: (received) => `resumed with ${received}`,
    finished: (outcome, value) => `${outcome === 'result' ? 'returned' : 'raised'} ${value}`,
    requestLine: (method, target, version) => `request line ${method} ${target} ${version}`,
    headers: (count) => `headers parsed (${count} ${count === 1 ? 'field' : 'fields'})`,
    body: (bytes, chunked) => `body ${bytes} B${chunked ? ' (chunked)' : ''}`,
    refused: (status, reason) => `refused ${status}: ${reason}`,
  },
  poll: {
    ready: (fd, states) => `fd ${fd} was ${states}`,
    noSleep: (ready) =>
      'the loop did not sleep: callbacks were waiting, so poll had a timeout of 0' +
      (ready ? `; ${ready}.` : '.'),
    atOnce: (wait, ready) =>
      `the loop called poll (willing to wait ${wait} ms) and it returned at once: ${ready}.`,
    until: (ms, ready) => `${sleptEn(ms)}, until ${ready}.`,
    timerDue: (ms, id, name) =>
      `${sleptEn(ms)}: the next timer (#${id} ${name}) is due then; no socket was ready.`,
    forever: (ms) =>
      `${sleptEn(ms)}: no timer was pending and no socket was ready, so it could have waited for good.`,
    timedOut: (ms, wait) => `${sleptEn(ms)}: its ${wait} ms timeout ran out with no socket ready.`,
  },
  explain: {
    at: (time) => `At ${time} ms: `,
    queued: (name) =>
      `addCallback put ${name} on the ready queue; the loop runs it after the current work, before it polls again.`,
    run: (name, queuedAt) =>
      `the loop runs callback ${name}${queuedAt === undefined ? '' : ` (queued at ${queuedAt} ms)`}; until it returns, the loop does nothing else.`,
    error: (name, error) => `${name} raised ${error}; the loop logged it and carried on.`,
    timerSet: (id, name, deadline, fromNow) =>
      `callLater set timer #${id} to run ${name} at ${deadline} ms (${fromNow} ms from now).`,
    late: (deadline, late) =>
      `it was due at ${deadline} ms and is ${late} ms late: the loop was busy and could not come back in time`,
    onTime: 'it is due now',
    timerFired: (id, name, due) => `timer #${id} fires and runs ${name}${due ? `; ${due}` : ''}.`,
    timerCancelled: (id, name) => `removeTimeout cancelled timer #${id} (${name}) before it fired.`,
    accept: (listener, fd) =>
      `listening socket fd ${listener} was readable: a new connection, accepted as fd ${fd}.`,
    readEof: (fd) => `reading fd ${fd} returned 0 bytes: the peer closed the connection.`,
    read: (fd, bytes, preview) =>
      `read ${bytes} bytes ${preview} from fd ${fd} without blocking: poll said it was readable.`,
    write: (fd, bytes, preview) => `wrote ${bytes} bytes ${preview} to fd ${fd}.`,
    close: (fd, reason) => `this side closed fd ${fd}${reason ? ` (${reason})` : ''}.`,
    client: (client, what, outward) =>
      `scripted client ${client}: ${what}.` +
      (outward ? ' It acts outside the loop; the loop notices at its next poll.' : ''),
    future: (future, outcome, value) =>
      `${future} got its ${outcome === 'result' ? 'result' : 'exception'} ${value}; its done callbacks are scheduled on the loop.`,
    suspended: (coroutine, on) =>
      `coroutine ${coroutine} suspended on ${on}, handing control back to the loop; other work runs while it waits.`,
    resumed: (coroutine, received, waited) =>
      `coroutine ${coroutine} resumed${waited ? ` after waiting on ${waited.on} since ${waited.since} ms` : ''}, receiving ${received}.`,
    finished: (coroutine, outcome, value) =>
      `coroutine ${coroutine} ${outcome === 'result' ? 'returned' : 'raised'} ${value} and is done.`,
    requestLine: (fd, method, target, version) =>
      `the request line on fd ${fd} is parsed: ${method} ${target} ${version}.`,
    headers: (fd, count) =>
      `the header block on fd ${fd} ended with its empty line: ${count} ${count === 1 ? 'field' : 'fields'}.`,
    body: (fd, bytes, chunked) =>
      `the body on fd ${fd} is complete: ${bytes} bytes${chunked ? ', chunked' : ''}.`,
    refused: (fd, status, reason) =>
      `the request on fd ${fd} is refused with ${status}: ${reason}.`,
    hook: (handler, hook) => `${handler} enters ${hook}().`,
    response: (fd, status, method, path, took) =>
      `the response on fd ${fd} is finished: ${status} for ${method} ${path} after ${took} ms.`,
    log: (logger, level, message) => `Logger ${logger} (${level}): ${message}`,
  },
};

const sleptZh = (ms: Ms) => `循环睡了 ${ms} ms`;

export const zh: Phrases = {
  readiness: {
    readable: '可读',
    writable: '可写',
    broken: '出错或挂断',
    all: (states) => states.join('且'),
  },
  list: (items) => items.join('、'),
  summary: {
    queued: (name) => `排队回调 ${name}`,
    run: (name) => `运行回调 ${name}`,
    error: (name, error) => `${name} 抛出 ${error}`,
    timerSet: (id, name, deadline) => `设定定时器 #${id} ${name}，${deadline} ms 到期`,
    timerFired: (id, name) => `定时器 #${id} ${name} 触发`,
    timerCancelled: (id, name) => `取消定时器 #${id} ${name}`,
    nothingReady: '无就绪',
    accept: (fd) => `接受连接 → fd ${fd}`,
    readEof: '读到 EOF',
    read: (bytes, preview) => `读 ${bytes} B ${preview}`,
    write: (bytes, preview) => `写 ${bytes} B ${preview}`,
    close: (reason) => `关闭${reason ? ` (${reason})` : ''}`,
    client: {
      connect: '连接',
      send: '发送',
      receive: '收到',
      close: '关闭',
      eof: '看到对端关闭',
    },
    future: (future, outcome, value) =>
      `${future} ${outcome === 'result' ? '得到结果' : '失败'}: ${value}`,
    suspended: (on) => `挂起，等待 ${on}`,
    resumed: (received) => `恢复，收到 ${received}`,
    finished: (outcome, value) => `${outcome === 'result' ? '返回' : '抛出'} ${value}`,
    requestLine: (method, target, version) => `请求行 ${method} ${target} ${version}`,
    headers: (count) => `头部解析完毕（${count} 个字段）`,
    body: (bytes, chunked) => `请求体 ${bytes} B${chunked ? '（分块）' : ''}`,
    refused: (status, reason) => `拒绝 ${status}：${reason}`,
  },
  poll: {
    ready: (fd, states) => `fd ${fd} ${states}`,
    noSleep: (ready) =>
      '循环没有睡：还有回调在排队，poll 的超时是 0' + (ready ? `；${ready}。` : '。'),
    atOnce: (wait, ready) => `循环调用 poll（最多等 ${wait} ms），立刻返回：${ready}。`,
    until: (ms, ready) => `${sleptZh(ms)}，直到 ${ready}。`,
    timerDue: (ms, id, name) =>
      `${sleptZh(ms)}：下一个定时器（#${id} ${name}）此时到期；没有套接字就绪。`,
    forever: (ms) => `${sleptZh(ms)}：没有定时器，也没有套接字就绪，它本可以一直等下去。`,
    timedOut: (ms, wait) => `${sleptZh(ms)}：${wait} ms 的超时到了，没有套接字就绪。`,
  },
  explain: {
    at: (time) => `${time} ms：`,
    queued: (name) =>
      `addCallback 把 ${name} 放进就绪队列；循环会在本轮跑完当前工作后、下一次 poll 之前运行它。`,
    run: (name, queuedAt) =>
      `循环运行回调 ${name}${queuedAt === undefined ? '' : `（${queuedAt} ms 排队）`}；它跑完之前，循环不做别的事。`,
    error: (name, error) => `${name} 抛出了 ${error}；循环记录错误后继续运行。`,
    timerSet: (id, name, deadline, fromNow) =>
      `callLater 设定定时器 #${id}：${deadline} ms 时运行 ${name}（还有 ${fromNow} ms）。`,
    late: (deadline, late) =>
      `它本应在 ${deadline} ms 触发，晚了 ${late} ms：循环在忙，没能准时回来`,
    onTime: '正好到期',
    timerFired: (id, name, due) => `定时器 #${id} 触发，运行 ${name}${due ? `；${due}` : ''}。`,
    timerCancelled: (id, name) => `removeTimeout 在定时器 #${id}（${name}）触发前取消了它。`,
    accept: (listener, fd) => `监听套接字 fd ${listener} 可读：有新连接，accept 得到 fd ${fd}。`,
    readEof: (fd) => `从 fd ${fd} 读到 0 字节：对端关闭了连接。`,
    read: (fd, bytes, preview) =>
      `从 fd ${fd} 读到 ${bytes} 字节 ${preview}，不会阻塞：poll 已说它可读。`,
    write: (fd, bytes, preview) => `向 fd ${fd} 写入 ${bytes} 字节 ${preview}。`,
    close: (fd, reason) => `这一端关闭了 fd ${fd}${reason ? `（${reason}）` : ''}。`,
    client: (client, what, outward) =>
      `模拟客户端 ${client}：${what}。` +
      (outward ? '它在循环之外行动，循环要等下一次 poll 才会发现。' : ''),
    future: (future, outcome, value) =>
      `${future} 有了${outcome === 'result' ? '结果' : '异常'} ${value}；它的回调被排进循环。`,
    suspended: (coroutine, on) =>
      `协程 ${coroutine} 在 ${on} 处挂起，把控制权交还循环；其他工作可以在它等待时运行。`,
    resumed: (coroutine, received, waited) =>
      `协程 ${coroutine} 恢复${waited ? `，它从 ${waited.since} ms 起等待 ${waited.on}` : ''}，收到 ${received}。`,
    finished: (coroutine, outcome, value) =>
      `协程 ${coroutine} ${outcome === 'result' ? '返回' : '抛出'} ${value}，结束。`,
    requestLine: (fd, method, target, version) =>
      `fd ${fd} 上的请求行解析完毕：${method} ${target} ${version}。`,
    headers: (fd, count) => `fd ${fd} 的头部以空行结束，共 ${count} 个字段。`,
    body: (fd, bytes, chunked) =>
      `fd ${fd} 的请求体读完：${bytes} 字节${chunked ? '，分块传输' : ''}。`,
    refused: (fd, status, reason) => `fd ${fd} 上的请求被拒绝，状态 ${status}：${reason}。`,
    hook: (handler, hook) => `${handler} 进入 ${hook}()。`,
    response: (fd, status, method, path, took) =>
      `fd ${fd} 上的响应完成：${status}，${method} ${path}，用时 ${took} ms。`,
    log: (logger, level, message) => `日志 ${logger}（${level}）：${message}`,
  },
};
