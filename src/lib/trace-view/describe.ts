/** Says in words (zh or en) what one trace event means, using the events before it to explain why. */
import { POLL_TIMEOUT, type Stamped } from '../lesson/index.ts';
import { waitStart } from './model.ts';

export type ViewLang = 'zh' | 'en';

const READ = 0x001;
const WRITE = 0x004;

function ms(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function readiness(events: number, lang: ViewLang): string {
  const names: string[] = [];
  if (events & READ) names.push(lang === 'zh' ? '可读' : 'readable');
  if (events & WRITE) names.push(lang === 'zh' ? '可写' : 'writable');
  if (events & ~(READ | WRITE)) names.push(lang === 'zh' ? '出错或挂断' : 'in error or hung up');
  return names.join(lang === 'zh' ? '且' : ' and ');
}

function list(items: string[], lang: ViewLang): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}

/** A short label for an event, for the text list and the marks' tooltips. */
export function summary(event: Stamped, lang: ViewLang): string {
  const zh = lang === 'zh';
  switch (event.kind) {
    case 'callback.queued':
      return zh ? `排队回调 ${event.name}` : `queue ${event.name}`;
    case 'callback.run':
      return zh ? `运行回调 ${event.name}` : `run ${event.name}`;
    case 'callback.error':
      return zh ? `${event.name} 抛出 ${event.error}` : `${event.name} raised ${event.error}`;
    case 'timer.set':
      return zh
        ? `设定定时器 #${event.id} ${event.name}，${ms(event.deadline)} ms 到期`
        : `timer #${event.id} ${event.name} due at ${ms(event.deadline)} ms`;
    case 'timer.fired':
      return zh
        ? `定时器 #${event.id} ${event.name} 触发`
        : `timer #${event.id} fires ${event.name}`;
    case 'timer.cancelled':
      return zh
        ? `取消定时器 #${event.id} ${event.name}`
        : `timer #${event.id} ${event.name} cancelled`;
    case 'poll': {
      const ready = event.ready.map((r) => `fd ${r.fd} ${readiness(r.events, lang)}`);
      const wait = event.timeout >= POLL_TIMEOUT ? '∞' : `${ms(event.timeout)} ms`;
      const found = ready.length > 0 ? list(ready, lang) : zh ? '无就绪' : 'nothing ready';
      return `poll(${wait}) → ${found}`;
    }
    case 'io.accept':
      return zh ? `接受连接 → fd ${event.fd}` : `accept → fd ${event.fd}`;
    case 'io.read':
      if (event.bytes === 0) return zh ? '读到 EOF' : 'read EOF';
      return zh ? `读 ${event.bytes} B ${event.preview}` : `read ${event.bytes} B ${event.preview}`;
    case 'io.write':
      return zh
        ? `写 ${event.bytes} B ${event.preview}`
        : `write ${event.bytes} B ${event.preview}`;
    case 'io.close':
      return (zh ? '关闭' : 'close') + (event.reason ? ` (${event.reason})` : '');
    case 'client': {
      const verbs = {
        connect: zh ? '连接' : 'connect',
        send: zh ? '发送' : 'send',
        receive: zh ? '收到' : 'receive',
        close: zh ? '关闭' : 'close',
        eof: zh ? '看到对端关闭' : 'sees EOF',
      };
      const data = event.preview === undefined ? '' : ` ${event.bytes ?? 0} B ${event.preview}`;
      return `${verbs[event.action]}${data}`;
    }
    case 'future.resolved':
      return event.outcome === 'result'
        ? `${event.future} ${zh ? '得到结果' : 'resolved'}: ${event.value}`
        : `${event.future} ${zh ? '失败' : 'failed'}: ${event.value}`;
    case 'coroutine.suspended':
      return zh ? `挂起，等待 ${event.on}` : `suspended on ${event.on}`;
    case 'coroutine.resumed':
      return zh ? `恢复，收到 ${event.with}` : `resumed with ${event.with}`;
    case 'coroutine.finished':
      return event.outcome === 'result'
        ? `${zh ? '返回' : 'returned'} ${event.value}`
        : `${zh ? '抛出' : 'raised'} ${event.value}`;
    case 'http.request-line':
      return `${zh ? '请求行' : 'request line'} ${event.method} ${event.target} ${event.version}`;
    case 'http.headers':
      return zh
        ? `头部解析完毕（${event.count} 个字段）`
        : `headers parsed (${event.count} fields)`;
    case 'http.body':
      return zh
        ? `请求体 ${event.bytes} B${event.chunked ? '（分块）' : ''}`
        : `body ${event.bytes} B${event.chunked ? ' (chunked)' : ''}`;
    case 'http.refused':
      return zh
        ? `拒绝 ${event.status}：${event.reason}`
        : `refused ${event.status}: ${event.reason}`;
    case 'handler.hook':
      return `${event.hook}()`;
    case 'http.response':
      return `${event.status} ${event.method} ${event.path} ${ms(event.ms)} ms`;
    case 'note':
      return event.text;
    case 'log':
      return `[${event.level[0]}] ${event.message.split('\n')[0] ?? ''}`;
  }
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

function explainPoll(events: readonly Stamped[], index: number, lang: ViewLang): string {
  const zh = lang === 'zh';
  const event = events[index] as Extract<Stamped, { kind: 'poll' }>;
  const sleptMs = slept(events, index);
  const next = pendingTimers(events, index)[0];
  const ready = list(
    event.ready.map((r) => `fd ${r.fd} ${zh ? '' : 'was '}${readiness(r.events, lang)}`),
    lang,
  );
  const wait = ms(event.timeout);
  if (event.timeout === 0) {
    const base = zh
      ? '循环没有睡：还有回调在排队，poll 的超时是 0'
      : 'the loop did not sleep: callbacks were waiting, so poll had a timeout of 0';
    return ready
      ? zh
        ? `${base}；${ready}。`
        : `${base}; ${ready}.`
      : zh
        ? `${base}。`
        : `${base}.`;
  }
  if (ready && sleptMs === 0) {
    return zh
      ? `循环调用 poll（最多等 ${wait} ms），立刻返回：${ready}。`
      : `the loop called poll (willing to wait ${wait} ms) and it returned at once: ${ready}.`;
  }
  if (ready) {
    return zh
      ? `循环睡了 ${ms(sleptMs)} ms，直到 ${ready}。`
      : `the loop slept ${ms(sleptMs)} ms, until ${ready}.`;
  }
  const slept_ = zh ? `循环睡了 ${ms(sleptMs)} ms` : `the loop slept ${ms(sleptMs)} ms`;
  if (next && next.deadline <= event.time) {
    return zh
      ? `${slept_}：下一个定时器（#${next.id} ${next.name}）此时到期；没有套接字就绪。`
      : `${slept_}: the next timer (#${next.id} ${next.name}) is due then; no socket was ready.`;
  }
  if (event.timeout >= POLL_TIMEOUT) {
    return zh
      ? `${slept_}：没有定时器，也没有套接字就绪，它本可以一直等下去。`
      : `${slept_}: no timer was pending and no socket was ready, so it could have waited for good.`;
  }
  return zh
    ? `${slept_}：${wait} ms 的超时到了，没有套接字就绪。`
    : `${slept_}: its ${wait} ms timeout ran out with no socket ready.`;
}

function lastIndex(
  events: readonly Stamped[],
  before: number,
  test: (e: Stamped) => boolean,
): number {
  for (let i = before - 1; i >= 0; i--) {
    const e = events[i];
    if (e && test(e)) return i;
  }
  return -1;
}

/** A sentence or two on the event at `index`: what happened and, where the trace shows it, why then. */
export function explain(events: readonly Stamped[], index: number, lang: ViewLang): string {
  const zh = lang === 'zh';
  const event = events[index];
  if (!event) return '';
  const at = zh ? `${ms(event.time)} ms：` : `At ${ms(event.time)} ms: `;
  switch (event.kind) {
    case 'poll':
      return at + explainPoll(events, index, lang);
    case 'callback.queued':
      return (
        at +
        (zh
          ? `addCallback 把 ${event.name} 放进就绪队列；循环会在本轮跑完当前工作后、下一次 poll 之前运行它。`
          : `addCallback put ${event.name} on the ready queue; the loop runs it after the current work, before it polls again.`)
      );
    case 'callback.run': {
      const q = lastIndex(
        events,
        index,
        (e) => e.kind === 'callback.queued' && e.name === event.name,
      );
      const queued = events[q];
      const since = queued
        ? zh
          ? `（${ms(queued.time)} ms 排队）`
          : ` (queued at ${ms(queued.time)} ms)`
        : '';
      return (
        at +
        (zh
          ? `循环运行回调 ${event.name}${since}；它跑完之前，循环不做别的事。`
          : `the loop runs callback ${event.name}${since}; until it returns, the loop does nothing else.`)
      );
    }
    case 'callback.error':
      return (
        at +
        (zh
          ? `${event.name} 抛出了 ${event.error}；循环记录错误后继续运行。`
          : `${event.name} raised ${event.error}; the loop logged it and carried on.`)
      );
    case 'timer.set':
      return (
        at +
        (zh
          ? `callLater 设定定时器 #${event.id}：${ms(event.deadline)} ms 时运行 ${event.name}（还有 ${ms(event.deadline - event.time)} ms）。`
          : `callLater set timer #${event.id} to run ${event.name} at ${ms(event.deadline)} ms (${ms(event.deadline - event.time)} ms from now).`)
      );
    case 'timer.fired': {
      const set = events[
        lastIndex(events, index, (e) => e.kind === 'timer.set' && e.id === event.id)
      ] as Extract<Stamped, { kind: 'timer.set' }> | undefined;
      const late = set ? event.time - set.deadline : 0;
      const due = set
        ? late > 0
          ? zh
            ? `它本应在 ${ms(set.deadline)} ms 触发，晚了 ${ms(late)} ms：循环在忙，没能准时回来`
            : `it was due at ${ms(set.deadline)} ms and is ${ms(late)} ms late: the loop was busy and could not come back in time`
          : zh
            ? '正好到期'
            : 'it is due now'
        : '';
      return (
        at +
        (zh
          ? `定时器 #${event.id} 触发，运行 ${event.name}${due ? `；${due}` : ''}。`
          : `timer #${event.id} fires and runs ${event.name}${due ? `; ${due}` : ''}.`)
      );
    }
    case 'timer.cancelled':
      return (
        at +
        (zh
          ? `removeTimeout 在定时器 #${event.id}（${event.name}）触发前取消了它。`
          : `removeTimeout cancelled timer #${event.id} (${event.name}) before it fired.`)
      );
    case 'io.accept':
      return (
        at +
        (zh
          ? `监听套接字 fd ${event.listener} 可读：有新连接，accept 得到 fd ${event.fd}。`
          : `listening socket fd ${event.listener} was readable: a new connection, accepted as fd ${event.fd}.`)
      );
    case 'io.read':
      return (
        at +
        (event.bytes === 0
          ? zh
            ? `从 fd ${event.fd} 读到 0 字节：对端关闭了连接。`
            : `reading fd ${event.fd} returned 0 bytes: the peer closed the connection.`
          : zh
            ? `从 fd ${event.fd} 读到 ${event.bytes} 字节 ${event.preview}，不会阻塞：poll 已说它可读。`
            : `read ${event.bytes} bytes ${event.preview} from fd ${event.fd} without blocking: poll said it was readable.`)
      );
    case 'io.write':
      return (
        at +
        (zh
          ? `向 fd ${event.fd} 写入 ${event.bytes} 字节 ${event.preview}。`
          : `wrote ${event.bytes} bytes ${event.preview} to fd ${event.fd}.`)
      );
    case 'io.close':
      return (
        at +
        (zh
          ? `这一端关闭了 fd ${event.fd}${event.reason ? `（${event.reason}）` : ''}。`
          : `this side closed fd ${event.fd}${event.reason ? ` (${event.reason})` : ''}.`)
      );
    case 'client': {
      // Only what a client does to the server waits for a poll to be noticed.
      const outward =
        event.action === 'connect' || event.action === 'send' || event.action === 'close';
      const why = outward
        ? zh
          ? '它在循环之外行动，循环要等下一次 poll 才会发现。'
          : ' It acts outside the loop; the loop notices at its next poll.'
        : '';
      return (
        at +
        (zh
          ? `模拟客户端 ${event.client}：${summary(event, lang)}。${why}`
          : `scripted client ${event.client}: ${summary(event, lang)}.${why}`)
      );
    }
    case 'future.resolved':
      return (
        at +
        (zh
          ? `${event.future} 有了${event.outcome === 'result' ? '结果' : '异常'} ${event.value}；它的回调被排进循环。`
          : `${event.future} got its ${event.outcome === 'result' ? 'result' : 'exception'} ${event.value}; its done callbacks are scheduled on the loop.`)
      );
    case 'coroutine.suspended':
      return (
        at +
        (zh
          ? `协程 ${event.coroutine} 在 ${event.on} 处挂起，把控制权交还循环；其他工作可以在它等待时运行。`
          : `coroutine ${event.coroutine} suspended on ${event.on}, handing control back to the loop; other work runs while it waits.`)
      );
    case 'coroutine.resumed': {
      const s = events[
        lastIndex(
          events,
          index,
          (e) => e.kind === 'coroutine.suspended' && e.coroutine === event.coroutine,
        )
      ] as Extract<Stamped, { kind: 'coroutine.suspended' }> | undefined;
      const waited = s
        ? zh
          ? `，它从 ${ms(s.time)} ms 起等待 ${s.on}`
          : ` after waiting on ${s.on} since ${ms(s.time)} ms`
        : '';
      return (
        at +
        (zh
          ? `协程 ${event.coroutine} 恢复${waited}，收到 ${event.with}。`
          : `coroutine ${event.coroutine} resumed${waited}, receiving ${event.with}.`)
      );
    }
    case 'coroutine.finished':
      return (
        at +
        (zh
          ? `协程 ${event.coroutine} ${event.outcome === 'result' ? '返回' : '抛出'} ${event.value}，结束。`
          : `coroutine ${event.coroutine} ${event.outcome === 'result' ? 'returned' : 'raised'} ${event.value} and is done.`)
      );
    case 'http.request-line':
      return (
        at +
        (zh
          ? `fd ${event.fd} 上的请求行解析完毕：${event.method} ${event.target} ${event.version}。`
          : `the request line on fd ${event.fd} is parsed: ${event.method} ${event.target} ${event.version}.`)
      );
    case 'http.headers':
      return (
        at +
        (zh
          ? `fd ${event.fd} 的头部以空行结束，共 ${event.count} 个字段。`
          : `the header block on fd ${event.fd} ended with its empty line: ${event.count} ${event.count === 1 ? 'field' : 'fields'}.`)
      );
    case 'http.body':
      return (
        at +
        (zh
          ? `fd ${event.fd} 的请求体读完：${event.bytes} 字节${event.chunked ? '，分块传输' : ''}。`
          : `the body on fd ${event.fd} is complete: ${event.bytes} bytes${event.chunked ? ', chunked' : ''}.`)
      );
    case 'http.refused':
      return (
        at +
        (zh
          ? `fd ${event.fd} 上的请求被拒绝，状态 ${event.status}：${event.reason}。`
          : `the request on fd ${event.fd} is refused with ${event.status}: ${event.reason}.`)
      );
    case 'handler.hook':
      return (
        at +
        (zh
          ? `${event.handler} 进入 ${event.hook}()。`
          : `${event.handler} enters ${event.hook}().`)
      );
    case 'http.response':
      return (
        at +
        (zh
          ? `fd ${event.fd} 上的响应完成：${event.status}，${event.method} ${event.path}，用时 ${ms(event.ms)} ms。`
          : `the response on fd ${event.fd} is finished: ${event.status} for ${event.method} ${event.path} after ${ms(event.ms)} ms.`)
      );
    case 'note':
      return at + event.text;
    case 'log':
      return (
        at +
        (zh
          ? `日志 ${event.logger}（${event.level}）：${event.message}`
          : `Logger ${event.logger} (${event.level}): ${event.message}`)
      );
  }
}
