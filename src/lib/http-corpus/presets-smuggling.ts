/** Playground presets where two recipients could disagree on where a request ends (request smuggling). */
import type { PresetEntry, PresetSource } from './preset-types.ts';

/** The classic CL.TE shape: its Content-Length covers a second request that chunked framing ends before. */
const SMUGGLED_BODY = '0\r\n\r\nGET /admin HTTP/1.1\r\nHost: example.com\r\n\r\n';

/** Presets built like the corpus cases but not in it (the corpus keeps one case per rule). */
export const builtSources: Readonly<Record<string, PresetSource>> = {
  'cl-te-hidden-request': {
    raw:
      'POST /echo HTTP/1.1\r\nHost: example.com\r\n' +
      `Content-Length: ${SMUGGLED_BODY.length}\r\nTransfer-Encoding: chunked\r\n\r\n${SMUGGLED_BODY}`,
    expect: 400,
    messages: 0,
  },
};

/** Framing ambiguities, each one a way to hide a request inside another. */
export const smuggling: readonly PresetEntry[] = [
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
];
