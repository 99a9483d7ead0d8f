/** The parser playground's logic: escapes round-trip, splits are reproducible, and any split gives the corpus's verdict. */
import { describe, expect, test } from 'vitest';
import { fromLatin1, latin1 } from '../../../content/sandboxes/_template/bytes.ts';
import { corpus } from '../../../src/lib/http-corpus/cases.ts';
import {
  escapeBytes,
  parseCuts,
  randomCuts,
  runParser,
  singleByteCuts,
  splitAt,
  unescapeBytes,
} from '../../../src/lib/trace-view/parser-session.ts';

describe('escapes', () => {
  test('\\r \\n \\t \\0 \\\\ and \\xHH are bytes; typed line breaks are layout only', () => {
    expect([...unescapeBytes('A\\r\\n\\t\\0\\\\\\x7f\\xFF\n\r\nB')]).toEqual([
      65, 13, 10, 9, 0, 92, 0x7f, 0xff, 66,
    ]);
    expect([...unescapeBytes('é世')]).toEqual([...new TextEncoder().encode('é世')]);
    expect(() => unescapeBytes('a\\q')).toThrow(/character 2/);
    expect(() => unescapeBytes('\\x4')).toThrow(RangeError);
  });

  test('every corpus request survives escape then unescape, with or without line layout', () => {
    for (const c of corpus) {
      const bytes = fromLatin1(c.raw);
      expect(latin1(unescapeBytes(escapeBytes(bytes))), c.id).toBe(c.raw);
      expect(latin1(unescapeBytes(escapeBytes(bytes, true))), c.id).toBe(c.raw);
    }
  });
});

describe('splits', () => {
  test('the same seed gives the same cuts; cuts are inside the bytes and distinct', () => {
    expect(randomCuts(100, 6, 42)).toEqual(randomCuts(100, 6, 42));
    expect(randomCuts(100, 6, 42)).not.toEqual(randomCuts(100, 6, 43));
    for (let seed = 1; seed < 50; seed++) {
      const cuts = randomCuts(20, 8, seed);
      expect(cuts).toHaveLength(7);
      expect(new Set(cuts).size).toBe(7);
      expect(cuts.every((c) => c > 0 && c < 20)).toBe(true);
      expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
    }
    expect(randomCuts(3, 10, 1)).toEqual([1, 2]);
  });

  test('typed positions are read, deduplicated and kept inside', () => {
    expect(parseCuts('5, 2 5;0 99', 10)).toEqual([2, 5]);
    expect(() => parseCuts('3, x', 10)).toThrow(/"x"/);
  });

  test('the chunks put back together are the bytes', () => {
    const bytes = fromLatin1('GET / HTTP/1.1\r\n');
    for (const cuts of [[], [1], [3, 7, 8], singleByteCuts(bytes.length)]) {
      const chunks = splitAt(bytes, cuts);
      expect(chunks).toHaveLength(cuts.length + 1);
      expect(chunks.map(latin1).join('')).toBe(latin1(bytes));
    }
  });
});

describe('a parse, chunk by chunk', () => {
  test('every corpus case gets its expected verdict whole, in single bytes and in random pieces', () => {
    for (const c of corpus) {
      const bytes = fromLatin1(c.raw);
      const splits = [[], randomCuts(bytes.length, 5, c.raw.length)];
      if (bytes.length < 2000) splits.push(singleByteCuts(bytes.length));
      for (const cuts of splits) {
        const result = runParser(splitAt(bytes, cuts));
        const verdict = result.refusal ? result.refusal.status : 'ok';
        expect(verdict, `${c.id} in ${cuts.length + 1} chunks`).toBe(c.expect);
        expect(
          result.requests.filter((r) => r.complete),
          c.id,
        ).toHaveLength(c.messages);
      }
    }
  });

  test('a request in single bytes reports one row per byte and ends with the parsed request', () => {
    const raw =
      'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n';
    const bytes = fromLatin1(raw);
    const result = runParser(splitAt(bytes, singleByteCuts(bytes.length)));
    expect(result.chunks).toHaveLength(bytes.length);
    expect(result.chunks.map((c) => c.offset)).toEqual(Array.from(bytes, (_, i) => i));
    expect(result.refusal).toBeNull();
    expect(result.state).toBe('done');
    expect(result.requests).toMatchObject([
      {
        method: 'POST',
        target: '/echo',
        version: 'HTTP/1.1',
        headers: [
          ['Host', 'a'],
          ['Transfer-Encoding', 'chunked'],
        ],
        trailers: [['X-T', '1']],
        complete: true,
      },
    ]);
    expect(latin1(result.requests[0]?.body ?? new Uint8Array())).toBe('abc');
    // Until its line is complete, nothing is consumed: a partial line waits.
    expect(result.chunks[0]?.bytesConsumed).toBe(0);
    expect(result.chunks.at(-1)?.bytesConsumed).toBe(bytes.length);
  });

  test('a body cut short is refused when the client closes, and only then', () => {
    const bytes = fromLatin1('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab');
    expect(runParser([bytes], false)).toMatchObject({ refusal: null, state: 'body' });
    expect(runParser([bytes], true).refusal?.status).toBe(400);
  });
});
