/** Playground presets about the head of a request: its request line, its header fields, its version and method. */
import type { PresetEntry } from './preset-types.ts';

/** Well-formed and doubtful request lines and targets. */
export const requestLine: readonly PresetEntry[] = [
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
];

/** Header field syntax, repetition and the Host field. */
export const fields: readonly PresetEntry[] = [
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
];

/** Protocol versions other than 1.1, and methods the server does or does not know. */
export const versionsMethods: readonly PresetEntry[] = [
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
];
