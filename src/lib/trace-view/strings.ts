/** Interface strings of the timeline and the parser playground, in both languages. */
import type { ViewLang } from './describe.ts';
import type { LaneKind } from './model.ts';

const timeline = {
  en: {
    region: 'Timeline of the run',
    title: 'Timeline',
    controls: 'Playback',
    start: 'Jump to the first event',
    back: 'Step back',
    play: 'Play',
    pause: 'Pause',
    forward: 'Step forward',
    end: 'Jump to the last event',
    speed: 'Speed',
    zoom: 'Zoom',
    slider: 'Events of the run; arrow keys step, Home and End jump',
    list: (n: number) => `The events as a list (${n})`,
    counts: (events: number, lanes: number) => `${events} events in ${lanes} lanes`,
    waiting: 'Run the step above to watch it here, event by event.',
    running: 'Recording the run…',
    ready: (n: number) =>
      `${n} events recorded. Predict the order, then press Play or step with the arrow keys.`,
    beforeStart: 'Before the first event.',
    noTrace:
      'This runtime does not report trace events. Choose the in-page Worker runtime to watch the run here.',
    truncated: (shown: number) => `Showing the first ${shown} events.`,
    source: (file: string, line: number) => `${file}, line ${line}`,
    lanes: {
      loop: 'the event loop',
      connection: 'a connection',
      client: 'a scripted client',
      coroutine: 'a coroutine',
      handler: 'a request handler',
      future: 'futures',
      note: 'notes from the demo',
    } satisfies Record<LaneKind, string>,
  },
  zh: {
    region: '运行时间线',
    title: '时间线',
    controls: '播放控制',
    start: '跳到第一个事件',
    back: '后退一步',
    play: '播放',
    pause: '暂停',
    forward: '前进一步',
    end: '跳到最后一个事件',
    speed: '速度',
    zoom: '缩放',
    slider: '本次运行的事件；方向键逐个移动，Home/End 跳到首尾',
    list: (n: number) => `事件列表（${n} 个）`,
    counts: (events: number, lanes: number) => `${events} 个事件，${lanes} 条泳道`,
    waiting: '运行上面的步骤，就能在这里逐个事件地观看。',
    running: '正在记录运行…',
    ready: (n: number) => `已记录 ${n} 个事件。先预测顺序，再按“播放”或用方向键逐步查看。`,
    beforeStart: '第一个事件之前。',
    noTrace: '这个运行环境不报告追踪事件。选择页面内的 Worker 运行环境，就能在这里观看运行。',
    truncated: (shown: number) => `只显示前 ${shown} 个事件。`,
    source: (file: string, line: number) => `${file} 第 ${line} 行`,
    lanes: {
      loop: '事件循环',
      connection: '一个连接',
      client: '一个模拟客户端',
      coroutine: '一个协程',
      handler: '一个请求处理器',
      future: 'Future',
      note: '演示的注释',
    } satisfies Record<LaneKind, string>,
  },
};

export type TimelineStrings = (typeof timeline)['en'];

export function timelineStrings(lang: ViewLang): TimelineStrings {
  return timeline[lang];
}

const playground = {
  en: {
    region: 'HTTP/1.1 parser playground',
    preset: 'Preset',
    custom: 'Your own bytes',
    customAbout: 'Type any bytes you like below; there is no expectation to compare with.',
    raw: 'Request bytes',
    rawHelp:
      'Write \\r\\n for CRLF, \\t, \\0, \\\\ or \\xHH for any byte. Line breaks you type only lay the text out; they are not bytes.',
    cuts: 'Split at byte positions',
    cutsHelp: 'Comma-separated offsets, e.g. 5, 17. Empty: one chunk.',
    pieces: 'Pieces',
    seed: 'Seed',
    random: 'Random split',
    single: 'Single bytes',
    whole: 'One chunk',
    close: 'Then the client closes the connection',
    parse: 'Parse',
    pending: 'Predict what the parser will do with these bytes, then press Parse.',
    chunks: 'Chunk by chunk',
    chunkCol: '#',
    offsetCol: 'Offset',
    bytesCol: 'Bytes fed',
    stateCol: 'State after',
    consumedCol: 'Consumed',
    eventsCol: 'Parser events',
    result: 'Result',
    total: (bytes: number, chunks: number) =>
      `${bytes} bytes in ${chunks} ${chunks === 1 ? 'chunk' : 'chunks'}.`,
    seedShown: (seed: number, pieces: number) => `Random split: seed ${seed}, ${pieces} pieces.`,
    okResult: (n: number) => (n === 1 ? 'Accepted: one request.' : `Accepted: ${n} requests.`),
    refusedResult: (status: number) => `Refused with status ${status}`,
    reason: 'Reason',
    code: 'Code',
    afterRequests: (n: number) => `after ${n} complete request(s)`,
    incomplete: (state: string) => `Still waiting for more bytes (state ${state}).`,
    expectOk: (n: number) =>
      `RFC 9112 expects: ${n === 1 ? 'one request' : `${n} requests`}, accepted.`,
    expectRefused: (status: number, after: number) =>
      `RFC 9112 expects: refused with ${status}${after > 0 ? ` after ${after} complete request(s)` : ''}.`,
    matched: 'The parser did just that.',
    differs: 'This run ended differently.',
    stillOpen:
      'The expectation assumes the client closes the connection: tick the box above and parse again.',
    expectLine: (expects: string, verdict: string) => `${expects} ${verdict}`,
    badEscape: (at: number) => `Bad escape at character ${at}: use \\r \\n \\t \\0 \\\\ or \\xHH.`,
    notPosition: (token: string) => `"${token}" is not a byte position.`,
    outside: (at: number, length: number) =>
      length < 2
        ? `${length} ${length === 1 ? 'byte' : 'bytes'} cannot be split: clear the positions.`
        : `Position ${at} is not inside the ${length} bytes: cut at 1 to ${length - 1}.`,
    request: (n: number) => `Request ${n}`,
    headers: 'Header fields',
    body: 'Body',
    trailers: 'Trailer fields',
    keepAlive: 'Keep-alive',
    yes: 'yes',
    no: 'no',
    rowsCut: (shown: number, total: number) => `Showing ${shown} of ${total} chunks.`,
    none: '(none)',
  },
  zh: {
    region: 'HTTP/1.1 解析器试验场',
    preset: '预设',
    custom: '自己输入的字节',
    customAbout: '在下面随意输入字节；这时没有可供对照的预期结果。',
    raw: '请求字节',
    rawHelp:
      '用 \\r\\n 表示 CRLF，\\t、\\0、\\\\ 或 \\xHH 表示任意字节。你敲的换行只用于排版，不算字节。',
    cuts: '在这些字节位置切分',
    cutsHelp: '用逗号分隔的偏移，例如 5, 17。留空：整块送入。',
    pieces: '块数',
    seed: '种子',
    random: '随机切分',
    single: '逐字节',
    whole: '整块',
    close: '最后客户端关闭连接',
    parse: '解析',
    pending: '先预测解析器会怎样处理这些字节，再按“解析”。',
    chunks: '逐块结果',
    chunkCol: '#',
    offsetCol: '偏移',
    bytesCol: '送入的字节',
    stateCol: '之后的状态',
    consumedCol: '已消费',
    eventsCol: '解析器事件',
    result: '结果',
    total: (bytes: number, chunks: number) => `共 ${bytes} 字节，分 ${chunks} 块。`,
    seedShown: (seed: number, pieces: number) => `随机切分：种子 ${seed}，${pieces} 块。`,
    okResult: (n: number) => `接受：${n} 个请求。`,
    refusedResult: (status: number) => `拒绝，状态码 ${status}`,
    reason: '原因',
    code: '代码',
    afterRequests: (n: number) => `此前已完成 ${n} 个请求`,
    incomplete: (state: string) => `仍在等待更多字节（状态 ${state}）。`,
    expectOk: (n: number) => `RFC 9112 的预期：接受 ${n} 个请求。`,
    expectRefused: (status: number, after: number) =>
      `RFC 9112 的预期：${after > 0 ? `完成 ${after} 个请求之后，` : ''}以状态码 ${status} 拒绝。`,
    matched: '解析器的结果正是如此。',
    differs: '这次运行的结果与预期不同。',
    stillOpen: '这个预期假定客户端会关闭连接：勾选上面的选项，再解析一次。',
    expectLine: (expects: string, verdict: string) => `${expects}${verdict}`,
    badEscape: (at: number) =>
      `第 ${at} 个字符处的转义有误：请用 \\r、\\n、\\t、\\0、\\\\ 或 \\xHH。`,
    notPosition: (token: string) => `“${token}”不是字节位置。`,
    outside: (at: number, length: number) =>
      length < 2
        ? `${length} 个字节无法切分：请清空切分位置。`
        : `位置 ${at} 不在这 ${length} 个字节之内：只能在 1 到 ${length - 1} 之间切分。`,
    request: (n: number) => `请求 ${n}`,
    headers: '头部字段',
    body: '请求体',
    trailers: '尾部字段',
    keepAlive: '保持连接',
    yes: '是',
    no: '否',
    rowsCut: (shown: number, total: number) => `显示 ${total} 块中的前 ${shown} 块。`,
    none: '（无）',
  },
};

export type PlaygroundStrings = (typeof playground)['en'];

export function playgroundStrings(lang: ViewLang): PlaygroundStrings {
  return playground[lang];
}
