/** The parser playground's logic: bytes from escaped text, chunk splits (chosen or seeded-random), and one parse, chunk by chunk. */
import { HTTP1Parser, type ParserState } from '../lesson/index.ts';
import { seededRandom } from '../http-corpus/split.ts';

/**
 * Bytes from what the reader typed: `\r \n \t \0 \\ \xHH` are escapes, typed line breaks are
 * ignored (so a request can be laid out one line per row), other characters are UTF-8.
 * Throws a RangeError naming the position of a malformed escape.
 */
export function unescapeBytes(text: string): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\n' || c === '\r') continue;
    if (c !== '\\') {
      const code = c.codePointAt(0) ?? 0;
      if (code < 0x80) out.push(code);
      else {
        const char = String.fromCodePoint(code);
        out.push(...encoder.encode(char));
        i += char.length - 1;
      }
      continue;
    }
    const next = text[i + 1];
    const simple: Record<string, number> = { r: 13, n: 10, t: 9, '0': 0, '\\': 92 };
    if (next !== undefined && next in simple) {
      out.push(simple[next] ?? 0);
      i += 1;
    } else if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 2, i + 4))) {
      out.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      throw new RangeError(`bad escape at character ${i + 1}: use \\r \\n \\t \\0 \\\\ or \\xHH`);
    }
  }
  return Uint8Array.from(out);
}

/** Bytes as escaped text that unescapeBytes reads back; `\n` is followed by a line break when `lines`. */
export function escapeBytes(bytes: Uint8Array, lines = false): string {
  let text = '';
  for (const b of bytes) {
    if (b === 13) text += '\\r';
    else if (b === 10) text += lines ? '\\n\n' : '\\n';
    else if (b === 9) text += '\\t';
    else if (b === 92) text += '\\\\';
    else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b);
    else text += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** `pieces - 1` distinct cut positions in 1 … length-1, sorted, drawn from `seed`. */
export function randomCuts(length: number, pieces: number, seed: number): number[] {
  const want = Math.max(0, Math.min(pieces - 1, length - 1));
  const random = seededRandom(seed);
  const cuts = new Set<number>();
  while (cuts.size < want) cuts.add(1 + Math.floor(random() * (length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

/** Reads "5, 17 40" into sorted, distinct positions strictly inside 0 … length. */
export function parseCuts(text: string, length: number): number[] {
  const cuts = new Set<number>();
  for (const token of text.split(/[\s,;]+/)) {
    if (token === '') continue;
    if (!/^\d+$/.test(token)) throw new RangeError(`"${token}" is not a byte position`);
    const at = Number(token);
    if (at > 0 && at < length) cuts.add(at);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** Every position, so each chunk is one byte. */
export function singleByteCuts(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}

/** The chunks between the cuts. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    if (at > from) chunks.push(bytes.subarray(from, at));
    from = Math.max(from, at);
  }
  return chunks;
}

/** A request as the parser delivered it. */
export interface ParsedRequest {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  keepAlive: boolean;
  body: Uint8Array;
  trailers: [string, string][];
  complete: boolean;
}

/** What the parser said after one chunk. */
export interface ChunkReport {
  /** Offset of the chunk's first byte. */
  offset: number;
  bytes: Uint8Array;
  state: ParserState;
  bytesConsumed: number;
  /** What feed() returned, in words: `headers GET /`, `data 5 B`, `done`, `error 400`. */
  events: string[];
}

export interface Refusal {
  status: number;
  code: string;
  reason: string;
}

export interface SessionResult {
  chunks: ChunkReport[];
  /** Requests that completed, then one in progress if any. */
  requests: ParsedRequest[];
  refusal: Refusal | null;
  /** The state after the last chunk (and after the close, if asked). */
  state: ParserState;
}

/** Feeds `chunks` to a fresh parser one at a time, then (if `close`) tells it the peer closed. */
export function runParser(chunks: readonly Uint8Array[], close = true): SessionResult {
  const parser = new HTTP1Parser();
  const requests: ParsedRequest[] = [];
  const reports: ChunkReport[] = [];
  let refusal: Refusal | null = null;
  let current: ParsedRequest | undefined;
  const take = (events: ReturnType<HTTP1Parser['feed']>): string[] =>
    events.map((event) => {
      switch (event.type) {
        case 'headers':
          current = {
            method: event.startLine.method,
            target: event.startLine.path,
            version: event.startLine.version,
            headers: [...event.headers],
            keepAlive: event.keepAlive,
            body: new Uint8Array(0),
            trailers: [],
            complete: false,
          };
          requests.push(current);
          return `headers ${event.startLine.method} ${event.startLine.path}`;
        case 'data':
          if (current) {
            const body = new Uint8Array(current.body.length + event.chunk.length);
            body.set(current.body);
            body.set(event.chunk, current.body.length);
            current.body = body;
          }
          return `data ${event.chunk.length} B`;
        case 'done':
          if (current) {
            current.trailers = [...event.trailers];
            current.complete = true;
          }
          return 'done';
        case 'error':
          refusal = {
            status: event.error.status,
            code: event.error.code,
            reason: event.error.message,
          };
          return `error ${event.error.status}`;
      }
    });
  let offset = 0;
  for (const bytes of chunks) {
    const events = take(parser.feed(bytes));
    reports.push({
      offset,
      bytes,
      state: parser.state,
      bytesConsumed: parser.bytesConsumed,
      events,
    });
    offset += bytes.length;
    if (refusal) break;
  }
  if (close && !refusal) take(parser.finish());
  return { chunks: reports, requests, refusal, state: parser.state };
}
