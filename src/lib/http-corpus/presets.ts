/** The parser playground's presets: requests grouped by what they teach, explained in both languages, with the verdict kept back until the reader runs them. */
import type { SessionResult } from '../trace-view/parser-session.ts';
import { corpus, type Expectation } from './cases.ts';

/** Both languages of one piece of text. */
export interface Bilingual {
  en: string;
  zh: string;
}

export type PresetGroupId =
  | 'request-line'
  | 'fields'
  | 'content-length'
  | 'chunked'
  | 'connection'
  | 'limits'
  | 'versions-methods'
  | 'smuggling';

export interface PresetGroup {
  id: PresetGroupId;
  name: Bilingual;
}

export interface Preset {
  id: string;
  group: PresetGroupId;
  /** The bytes, written one char per byte (latin1), as in the corpus. */
  raw: string;
  /** Shown in the select: what the request is, never what becomes of it. */
  label: Bilingual;
  /** One sentence on what to look at, without the verdict. */
  teaches: Bilingual;
  /** What RFC 9112 leads us to expect, revealed only after a run. */
  expect: Expectation;
  /** How many requests complete before the end or the refusal. */
  messages: number;
}

/** The groups in the order the select lists them: from one well-formed line to the attacks. */
export const presetGroups: readonly PresetGroup[] = [
  { id: 'request-line', name: { en: 'Request line and targets', zh: '请求行与请求目标' } },
  { id: 'fields', name: { en: 'Header fields', zh: '头部字段' } },
  {
    id: 'content-length',
    name: { en: 'Bodies framed by Content-Length', zh: '由 Content-Length 定界的请求体' },
  },
  { id: 'chunked', name: { en: 'Chunked bodies', zh: '分块编码的请求体' } },
  {
    id: 'connection',
    name: { en: 'Several requests on one connection', zh: '一个连接上的多个请求' },
  },
  { id: 'limits', name: { en: 'Size limits', zh: '长度与大小上限' } },
  { id: 'versions-methods', name: { en: 'Versions and methods', zh: '协议版本与请求方法' } },
  { id: 'smuggling', name: { en: 'Request smuggling ambiguities', zh: '请求走私的歧义' } },
];

type Entry = [id: string, label: Bilingual, teaches: Bilingual];
type Source = Pick<Preset, 'raw' | 'expect' | 'messages'>;

/** The classic CL.TE shape: its Content-Length covers a second request that chunked framing ends before. */
const SMUGGLED_BODY = '0\r\n\r\nGET /admin HTTP/1.1\r\nHost: example.com\r\n\r\n';

/** Presets built like the corpus cases but not in it (the corpus keeps one case per rule). */
const built: Record<string, Source> = {
  'cl-te-hidden-request': {
    raw:
      'POST /echo HTTP/1.1\r\nHost: example.com\r\n' +
      `Content-Length: ${SMUGGLED_BODY.length}\r\nTransfer-Encoding: chunked\r\n\r\n${SMUGGLED_BODY}`,
    expect: 400,
    messages: 0,
  },
};

/**
 * The bytes and verdict of a preset: the corpus case of the same id unless it is built here, so
 * the two never drift apart; a renamed or deleted case fails at import, not as an empty option.
 */
function sourceOf(id: string): Source {
  const found = built[id] ?? corpus.find((c) => c.id === id);
  if (!found) throw new Error(`preset ${id}: no corpus case has this id`);
  return { raw: found.raw, expect: found.expect, messages: found.messages };
}

const entries: Record<PresetGroupId, Entry[]> = {
  'request-line': [
    [
      'get-root',
      { en: 'A plain GET', zh: '普通的 GET' },
      {
        en: 'The smallest everyday request: a request line, a Host field and the empty line that ends the head.',
        zh: '日常最小的请求：一行请求行、一个 Host 字段，再加一个结束头部的空行。',
      },
    ],
    [
      'options-asterisk',
      { en: 'OPTIONS *', zh: 'OPTIONS *' },
      {
        en: 'The asterisk-form target asks about the server as a whole rather than about one resource.',
        zh: '星号形式的目标询问的是整个服务器，而不是某一个资源。',
      },
    ],
    [
      'target-asterisk-on-get',
      { en: 'GET *', zh: 'GET *' },
      {
        en: 'The same asterisk-form target, this time after GET instead of OPTIONS.',
        zh: '同样是星号形式的目标，这次跟在 GET 而不是 OPTIONS 后面。',
      },
    ],
    [
      'target-percent',
      { en: 'A percent-encoded UTF-8 path', zh: '百分号编码的 UTF-8 路径' },
      {
        en: 'Chinese characters in the path, sent as percent-encoded UTF-8 bytes, so every byte on the wire is ASCII.',
        zh: '路径里的中文以百分号编码的 UTF-8 字节发送，线路上的每个字节都是 ASCII。',
      },
    ],
    [
      'target-8bit',
      { en: 'A raw 8-bit byte in the path', zh: '路径中的原始 8 位字节' },
      {
        en: 'The byte 0xE9 (é in Latin-1) sits in the path as it is, without percent-encoding.',
        zh: '字节 0xE9（Latin-1 里的 é）未经百分号编码，直接出现在路径中。',
      },
    ],
    [
      'rl-two-spaces',
      { en: 'Two spaces after the method', zh: '方法后面有两个空格' },
      {
        en: 'The grammar puts exactly one SP between method and target, while some parsers split on any run of spaces.',
        zh: '语法规定方法与目标之间恰好一个 SP，但也有解析器把连续的空白当作一个分隔符。',
      },
    ],
  ],
  fields: [
    [
      'header-tab-ows',
      { en: 'Tabs around a field value', zh: '字段值两侧的制表符' },
      {
        en: 'Optional whitespace around a value may be tabs as well as spaces; look at what is left of the value.',
        zh: '字段值两侧的可选空白既可以是空格也可以是制表符，看看值最后剩下什么。',
      },
    ],
    [
      'header-repeated',
      { en: 'One field name in three spellings', zh: '同一字段名的三种写法' },
      {
        en: 'Accept appears three times in different letter cases, and field names ignore case.',
        zh: 'Accept 以不同的大小写出现了三次，而字段名本身不区分大小写。',
      },
    ],
    [
      'header-obs-text',
      { en: 'Bytes above 0x7F in a value', zh: '字段值里大于 0x7F 的字节' },
      {
        en: 'A field value carries bytes above 0x7F (obs-text), which the grammar keeps for old Latin-1 text.',
        zh: '字段值中含有大于 0x7F 的字节（obs-text），语法为旧式 Latin-1 文本保留了它们。',
      },
    ],
    [
      'field-no-colon',
      { en: 'A field line without a colon', zh: '没有冒号的字段行' },
      {
        en: 'One line of the head has a name but no colon, so nothing says where a value would begin.',
        zh: '头部有一行只有名字而没有冒号，没有任何标记说明值从哪里开始。',
      },
    ],
    [
      'host-missing',
      { en: 'HTTP/1.1 without Host', zh: '没有 Host 的 HTTP/1.1' },
      {
        en: 'An HTTP/1.1 request whose head has Accept but no Host field.',
        zh: '一个 HTTP/1.1 请求，头部有 Accept，却没有 Host 字段。',
      },
    ],
    [
      'host-twice-different',
      { en: 'Two Host fields', zh: '两个 Host 字段' },
      {
        en: 'Two Host fields name two different hosts: which site is the request for?',
        zh: '两个 Host 字段指向两个不同的主机：这个请求到底是发给哪个站点的？',
      },
    ],
  ],
  'content-length': [
    [
      'cl-small',
      { en: 'A five-byte body', zh: '五字节的请求体' },
      {
        en: 'Content-Length says how many bytes of body follow the empty line that ends the head.',
        zh: 'Content-Length 说明结束头部的空行之后还有多少字节的请求体。',
      },
    ],
    [
      'cl-crlf-inside',
      { en: 'Line breaks inside the body', zh: '请求体里的换行' },
      {
        en: 'The body holds CRLF pairs and even an empty line; only the length says where it ends.',
        zh: '请求体里有 CRLF，甚至有空行；只有长度才能说明它在哪里结束。',
      },
    ],
    [
      'cl-leading-zeros',
      { en: 'A length with leading zeros', zh: '带前导零的长度' },
      {
        en: 'The length is written 007: still only decimal digits, just more of them.',
        zh: '长度写成 007：仍然只有十进制数字，只是位数多了一些。',
      },
    ],
    [
      'cl-plus',
      { en: 'A length with a plus sign', zh: '带加号的长度' },
      {
        en: 'The length is written +5, as many number parsers in programming languages would happily read it.',
        zh: '长度写成 +5，很多编程语言的数字解析函数都会照单全收。',
      },
    ],
    [
      'cl-body-short',
      { en: 'Fewer bytes than announced', zh: '实际字节少于声明' },
      {
        en: 'Content-Length promises ten bytes but only five arrive; run it with the closing checkbox ticked, then cleared.',
        zh: 'Content-Length 声明十个字节，实际只到了五个；先勾选“关闭连接”运行一次，再取消勾选运行一次。',
      },
    ],
  ],
  chunked: [
    [
      'chunked-simple',
      { en: 'One chunk, then the last chunk', zh: '一个数据块，再加最后一块' },
      {
        en: 'A five-byte chunk, then the zero-size last chunk and the CRLF that ends the body.',
        zh: '一个五字节的数据块，然后是大小为零的最后一块，以及结束请求体的 CRLF。',
      },
    ],
    [
      'chunked-hex-upper',
      { en: 'A chunk size of A', zh: '大小为 A 的数据块' },
      {
        en: 'Chunk sizes are hexadecimal, so A announces ten bytes of data.',
        zh: '块大小用十六进制书写，所以 A 表示十个字节的数据。',
      },
    ],
    [
      'chunked-ext-value',
      { en: 'Chunk extensions', zh: '分块扩展' },
      {
        en: 'Each size line carries an extension (;name=value) that a recipient does not have to understand.',
        zh: '每个块大小行都带着一个扩展（;name=value），接收方不必理解它的含义。',
      },
    ],
    [
      'chunked-trailer',
      { en: 'A trailer field', zh: '尾部字段' },
      {
        en: 'A field arrives after the last chunk, like a header sent once the body is known.',
        zh: '最后一块之后还跟着一个字段，就像在请求体确定之后才发送的头部。',
      },
    ],
    [
      'chunk-size-0x',
      { en: 'A chunk size written 0x5', zh: '写成 0x5 的块大小' },
      {
        en: 'The size carries the 0x prefix that C and JavaScript use for hexadecimal numbers.',
        zh: '块大小带着 C 和 JavaScript 用来表示十六进制数的 0x 前缀。',
      },
    ],
    [
      'chunk-no-last-chunk',
      { en: 'No last chunk', zh: '没有最后一块' },
      {
        en: 'The body stops after its first chunk: the zero-size last chunk never comes before the client closes.',
        zh: '请求体在第一块之后就停了：客户端关闭连接之前，大小为零的最后一块始终没有到来。',
      },
    ],
  ],
  connection: [
    [
      'pipelined-two-gets',
      { en: 'Two GETs back to back', zh: '连续的两个 GET' },
      {
        en: 'Two requests sent one after the other without waiting for a response (pipelining).',
        zh: '两个请求一个接一个地发出，中间不等响应（流水线）。',
      },
    ],
    [
      'pipelined-post-get',
      { en: 'A POST, then a GET', zh: '先 POST，再 GET' },
      {
        en: 'The POST’s Content-Length is all that tells the parser where the GET begins.',
        zh: '只有 POST 的 Content-Length 能告诉解析器 GET 从哪里开始。',
      },
    ],
    [
      'pipelined-chunked-get',
      { en: 'A chunked POST, then a GET', zh: '分块的 POST，再 GET' },
      {
        en: 'This time the zero-size last chunk marks where the first request ends and the second begins.',
        zh: '这一次由大小为零的最后一块标出第一个请求的结尾和第二个请求的开头。',
      },
    ],
    [
      'data-after-close',
      { en: 'A request after Connection: close', zh: 'Connection: close 之后的请求' },
      {
        en: 'The first request announces Connection: close, yet a second one follows on the same connection.',
        zh: '第一个请求声明了 Connection: close，同一个连接上却又来了第二个请求。',
      },
    ],
    [
      'pipelined-then-bad',
      { en: 'A good request, then a broken one', zh: '一个正常请求，接着一个有问题的' },
      {
        en: 'The second request has a space before a colon; watch what happens to the first one.',
        zh: '第二个请求的冒号前有一个空格；留意第一个请求的结果。',
      },
    ],
  ],
  limits: [
    [
      'target-long-7000',
      { en: 'A 7000-byte path', zh: '7000 字节的路径' },
      {
        en: 'A long path, yet the request line stays under the parser’s 8 KiB line limit.',
        zh: '路径很长，但整行请求行仍在解析器 8 KiB 的行长上限之内。',
      },
    ],
    [
      'target-too-long',
      { en: 'A 9000-byte path', zh: '9000 字节的路径' },
      {
        en: 'The same kind of path, now long enough to push the request line past 8 KiB.',
        zh: '同样的路径，这次长到让请求行超过 8 KiB。',
      },
    ],
    [
      'headers-too-large',
      { en: 'One huge field value', zh: '一个巨大的字段值' },
      {
        en: 'A single field value of 17,000 bytes, more than the 16 KiB the parser allows for a whole head.',
        zh: '单个字段值就有 17000 字节，超过解析器给整个头部的 16 KiB。',
      },
    ],
    [
      'headers-too-many',
      { en: 'Hundreds of field lines', zh: '数百行头部字段' },
      {
        en: 'Every field line is short, but there are hundreds of them: the limit counts the head as a whole.',
        zh: '每一行字段都很短，但有数百行：上限按整个头部计算。',
      },
    ],
    [
      'cl-over-limit',
      { en: 'A two-million-byte Content-Length', zh: '两百万字节的 Content-Length' },
      {
        en: 'Content-Length announces two million bytes, nearly twice the parser’s 1 MiB body limit, and only five follow.',
        zh: 'Content-Length 声明了两百万字节，接近解析器 1 MiB 请求体上限的两倍，后面实际只跟了五个字节。',
      },
    ],
  ],
  'versions-methods': [
    [
      'http10-no-host',
      { en: 'HTTP/1.0 without Host', zh: '没有 Host 的 HTTP/1.0' },
      {
        en: 'An HTTP/1.0 request with no Host field, which that version never required.',
        zh: '一个没有 Host 字段的 HTTP/1.0 请求，而这个版本从不要求 Host。',
      },
    ],
    [
      'version-http2',
      { en: 'HTTP/2.0 in a text request line', zh: '文本请求行里的 HTTP/2.0' },
      {
        en: 'A request line in HTTP/1.1 syntax that names version 2.0.',
        zh: '一行按 HTTP/1.1 语法书写的请求行，写的版本却是 2.0。',
      },
    ],
    [
      'h2-preface',
      { en: 'The HTTP/2 connection preface', zh: 'HTTP/2 连接前言' },
      {
        en: 'The PRI * HTTP/2.0 preface an HTTP/2 client sends first, arriving at a server that speaks HTTP/1.1.',
        zh: 'HTTP/2 客户端首先发送的 PRI * HTTP/2.0 前言，被送到了一个只会 HTTP/1.1 的服务器。',
      },
    ],
    [
      'method-unknown',
      { en: 'The method BREW', zh: 'BREW 方法' },
      {
        en: 'BREW is a well-formed token, but not a method this server implements.',
        zh: 'BREW 是一个格式正确的 token，却不是这个服务器实现的方法。',
      },
    ],
    [
      'method-lowercase',
      { en: 'The method get in lower case', zh: '小写的 get 方法' },
      {
        en: 'Method names are case-sensitive, so get is not the same method as GET.',
        zh: '方法名区分大小写，所以 get 和 GET 不是同一个方法。',
      },
    ],
  ],
  smuggling: [
    [
      'cl-te-both',
      { en: 'Content-Length and Transfer-Encoding', zh: 'Content-Length 加 Transfer-Encoding' },
      {
        en: 'Both framing fields on one request, and they describe the same body differently.',
        zh: '一个请求同时带着两种定界字段，它们对同一个请求体的描述并不一致。',
      },
    ],
    [
      'cl-te-hidden-request',
      { en: 'A request hidden in the body', zh: '藏在请求体里的请求' },
      {
        en: 'Read by its Content-Length, the body holds a whole GET /admin; read as chunked, that GET is the next request.',
        zh: '按 Content-Length 读，请求体里包着一整个 GET /admin；按 chunked 读，这个 GET 就成了下一个请求。',
      },
    ],
    [
      'cl-duplicate-different',
      { en: 'Two different Content-Lengths', zh: '两个不同的 Content-Length' },
      {
        en: 'Two Content-Length fields, 5 and 6: a recipient that keeps the first and one that keeps the last end the body in different places.',
        zh: '两个 Content-Length 字段，分别是 5 和 6：保留第一个的接收方和保留最后一个的接收方会在不同位置结束请求体。',
      },
    ],
    [
      'cl-duplicate-same',
      { en: 'Two equal Content-Lengths', zh: '两个相同的 Content-Length' },
      {
        en: 'Two Content-Length fields that agree on 5; does repeating the same value make the framing any clearer?',
        zh: '两个 Content-Length 字段都写着 5；重复同一个值能让定界更清楚吗？',
      },
    ],
    [
      'te-xchunked',
      { en: 'Transfer-Encoding: xchunked', zh: 'Transfer-Encoding: xchunked' },
      {
        en: 'A coding name that only looks like chunked, as a parser matching substrings would see it.',
        zh: '一个看上去像 chunked 的编码名，按子串匹配的解析器就会这样看待它。',
      },
    ],
    [
      'te-space-before-colon',
      {
        en: 'Transfer-Encoding with a space before the colon',
        zh: '冒号前带空格的 Transfer-Encoding',
      },
      {
        en: 'Whitespace between the field name and its colon: some parsers trim it and see Transfer-Encoding, others see a different name.',
        zh: '字段名和冒号之间有空白：有的解析器会去掉它，认出 Transfer-Encoding；有的则看到另一个名字。',
      },
    ],
    [
      'te-folded',
      { en: 'Transfer-Encoding folded onto two lines', zh: '折成两行的 Transfer-Encoding' },
      {
        en: 'The value chunked moves onto a continuation line that starts with a space (obs-fold).',
        zh: '值 chunked 被挪到了以空格开头的续行上（obs-fold）。',
      },
    ],
    [
      'te-chunked-identity',
      { en: 'Transfer-Encoding: chunked, identity', zh: 'Transfer-Encoding: chunked, identity' },
      {
        en: 'Here chunked is not the last coding in the list, so chunk framing no longer says where the body ends.',
        zh: '这里 chunked 不是列表里的最后一种编码，分块定界就说明不了请求体在哪里结束。',
      },
    ],
    [
      'bare-lf-field',
      { en: 'A field line ending in a bare LF', zh: '以单独 LF 结尾的字段行' },
      {
        en: 'One line of the head ends in LF alone instead of CRLF, which some parsers count as a line end and others do not.',
        zh: '头部有一行只以 LF 而不是 CRLF 结尾，有的解析器把它当作行尾，有的则不会。',
      },
    ],
  ],
};

/** The presets, group by group in the order of presetGroups. */
export const presets: readonly Preset[] = presetGroups.flatMap(({ id: group }) =>
  entries[group].map(([id, label, teaches]): Preset => ({
    id,
    group,
    label,
    teaches,
    ...sourceOf(id),
  })),
);

/** How one run of the parser ended, in the terms a preset's expectation uses. */
export type Outcome =
  | { kind: 'accepted'; requests: number }
  | { kind: 'refused'; status: number; requests: number }
  | { kind: 'incomplete'; requests: number };

/** A run's outcome: refused, every message complete, or still waiting for bytes. */
export function outcomeOf(result: SessionResult): Outcome {
  const requests = result.requests.filter((r) => r.complete).length;
  if (result.refusal) return { kind: 'refused', status: result.refusal.status, requests };
  // After the last complete message the parser is back at a request line, waiting for the next.
  if (result.state === 'done' || (requests > 0 && result.state === 'request-line')) {
    return { kind: 'accepted', requests };
  }
  return { kind: 'incomplete', requests };
}

/** Whether a run ended as the preset expects: the same verdict after the same number of requests. */
export function meetsExpectation(preset: Preset, outcome: Outcome): boolean {
  if (outcome.requests !== preset.messages) return false;
  if (outcome.kind === 'accepted') return preset.expect === 'ok';
  if (outcome.kind === 'refused') return preset.expect === outcome.status;
  return false;
}
