/** Byte helpers every runtime shares: sockets carry Uint8Array, never strings. */

interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
}

// Node, browsers and workers all provide these globals; `types: []` hides them.
const codecs = globalThis as unknown as TextCodecs;
const encoder = new codecs.TextEncoder();
const decoder = new codecs.TextDecoder();

/** Encodes text as UTF-8. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes into text. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Maps each byte to one character, the way HTTP heads are read (ISO-8859-1). */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    text += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return text;
}

/** Maps each character code (0–255) to one byte; the inverse of latin1(). */
export function fromLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Joins byte arrays into one. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Finds `needle` in `haystack` at or after `from`; -1 when absent. */
export function indexOf(
  haystack: Uint8Array,
  needle: Uint8Array,
  from = 0,
): number {
  const first = needle[0];
  if (first === undefined) return from <= haystack.length ? from : -1;
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last;) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i = haystack.indexOf(first, i + 1);
  }
  return -1;
}

/** A short, printable view of bytes for traces: escapes controls, cuts long data. */
export function preview(bytes: Uint8Array, max = 32): string {
  const text = latin1(bytes.subarray(0, max)).replace(
    // eslint-disable-next-line no-control-regex -- control bytes are exactly what we escape
    /[\x00-\x1f\x7f-\xff"\\]/g,
    (c) => {
      const named: Record<string, string> = {
        '\r': '\\r',
        '\n': '\\n',
        '\t': '\\t',
      };
      return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    },
  );
  return `"${text}${bytes.length > max ? '…' : ''}"`;
}
