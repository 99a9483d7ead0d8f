/** Playground presets about request bodies: framed by Content-Length or sent in chunks. */
import type { PresetEntry } from './preset-types.ts';

/** Bodies whose length Content-Length announces, right or wrong. */
export const contentLength: readonly PresetEntry[] = [
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
];

/** Chunked bodies: sizes, extensions, trailers and a missing last chunk. */
export const chunked: readonly PresetEntry[] = [
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
];
