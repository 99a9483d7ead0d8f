/** Playground presets about the connection as a whole: several requests on it, and the sizes it accepts. */
import type { PresetEntry } from './preset-types.ts';

/** Requests that follow one another on one connection. */
export const connection: readonly PresetEntry[] = [
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
];

/** Requests near and past the parser’s size limits. */
export const limits: readonly PresetEntry[] = [
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
];
