/** Step 05's IOStream, plus `readUntilRegex`: a read that ends at the first match of a regular expression. */

import { concat, indexOf, latin1, utf8 } from '../_template/bytes.ts';
import { getPlatform } from '../_template/platform.ts';
import { Future } from './concurrent.ts';
import { ERROR, IOLoop, READ, WRITE } from './ioloop.ts';

/** Using a closed stream; `realError` is what closed it, if anything did. */
export class StreamClosedError extends Error {
  override name = 'StreamClosedError';
  readonly realError: Error | null;

  constructor(realError: Error | null = null) {
    super(
      realError ? `Stream is closed: ${realError.message}` : 'Stream is closed',
    );
    this.realError = realError;
  }
}

/** A read that can never succeed (its delimiter or match is not within maxBytes). */
export class UnsatisfiableReadError extends Error {
  override name = 'UnsatisfiableReadError';
}

type Bytes = Uint8Array | string;

type ReadSpec =
  | { delimiter: Uint8Array; maxBytes: number }
  | { pattern: RegExp; maxBytes: number }
  | { bytes: number; partial: boolean };
type PendingRead = ReadSpec & { future: Future<Uint8Array> };

/** One connection, with a read buffer and a write buffer over a socket. */
export class IOStream {
  readonly fd: number;
  /** The error that closed the stream, if one did. */
  error: Error | null = null;
  readonly #loop: IOLoop;
  readonly #net = getPlatform().network;
  #readBuffer: Uint8Array = new Uint8Array(0);
  #read: PendingRead | null = null;
  #writeBuffer: Uint8Array[] = [];
  /** Byte counts: queued by write(), accepted by the socket. */
  #queued = 0;
  #sent = 0;
  #writeFutures: { end: number; future: Future<void> }[] = [];
  #closeCallback: (() => void) | null = null;
  #closed = false;
  /** Events we are registered for; null while not registered. */
  #events: number | null = null;

  constructor(fd: number, loop = IOLoop.current()) {
    this.fd = fd;
    this.#loop = loop;
  }

  /** Resolves with everything up to and including `delimiter`. */
  readUntil(delimiter: Bytes, maxBytes = Infinity): Future<Uint8Array> {
    const bytes = typeof delimiter === 'string' ? utf8(delimiter) : delimiter;
    return this.#startRead({ delimiter: bytes, maxBytes });
  }

  /**
   * Resolves with everything up to and including the first match of
   * `regex`, searched in the buffered bytes; fails (closing the stream) once
   * the match would end past `maxBytes`.
   */
  readUntilRegex(
    regex: RegExp | string,
    maxBytes = Infinity,
  ): Future<Uint8Array> {
    // A copy without g or y: their lastIndex would start a search mid-buffer.
    const flags = typeof regex === 'string' ? '' : regex.flags;
    const pattern = new RegExp(regex, flags.replace(/[gy]/g, ''));
    return this.#startRead({ pattern, maxBytes });
  }

  /** Resolves with `n` bytes; with `partial`, with whatever is there (1 to n). */
  readBytes(n: number, { partial = false } = {}): Future<Uint8Array> {
    return this.#startRead({ bytes: n, partial });
  }

  /** Queues bytes; resolves once they have all reached the socket. */
  write(data: Bytes): Future<void> {
    if (this.#closed) throw new StreamClosedError(this.error);
    const bytes = typeof data === 'string' ? utf8(data) : data;
    this.#writeBuffer.push(bytes);
    this.#queued += bytes.length;
    const future = new Future<void>(`write fd ${this.fd}`, this.#loop);
    this.#writeFutures.push({ end: this.#queued, future });
    this.#handleWrite();
    return future;
  }

  /** Runs `callback` (on the loop) when the stream closes, for any reason. */
  setCloseCallback(callback: (() => void) | null): void {
    this.#closeCallback = callback;
    this.#updateEvents();
  }

  closed(): boolean {
    return this.#closed;
  }

  /** Closes the socket; a pending read and unfinished writes fail with StreamClosedError. */
  close(error: Error | null = null): void {
    if (this.#closed) return;
    this.#closed = true;
    this.error = error;
    if (this.#events !== null) this.#loop.removeHandler(this.fd);
    this.#net.close(this.fd);
    const futures = [
      this.#read?.future,
      ...this.#writeFutures.map((w) => w.future),
    ];
    for (const future of futures)
      future?.setException(new StreamClosedError(error));
    this.#read = null;
    this.#writeFutures = [];
    if (this.#closeCallback) this.#loop.addCallback(this.#closeCallback);
    this.#closeCallback = null;
  }

  #startRead(read: ReadSpec): Future<Uint8Array> {
    if (this.#closed) throw new StreamClosedError(this.error);
    if (this.#read) throw new Error('Already reading');
    const future = new Future<Uint8Array>(`read fd ${this.fd}`, this.#loop);
    this.#read = { ...read, future };
    this.#tryRead();
    return future;
  }

  /** Serves the pending read from the buffer, reading the socket only for what is missing. */
  #tryRead(): void {
    while (!this.#closed) {
      // Without a read, one chunk is enough to tell data from a hang-up.
      if (this.#read ? this.#finishRead(this.#read) : this.#readBuffer.length)
        break;
      const chunk = this.#net.recv(this.fd, 65536);
      if (chunk === null) break;
      if (chunk.length === 0) return this.close();
      this.#readBuffer = concat([this.#readBuffer, chunk]);
    }
    this.#updateEvents();
  }

  /** Resolves the read if the buffer holds its bytes; true when the read is over. */
  #finishRead(read: PendingRead): boolean {
    const buffer = this.#readBuffer;
    const have = buffer.length;
    let size: number | null = null;
    if ('delimiter' in read) {
      const at = indexOf(buffer, read.delimiter);
      if (at !== -1) size = at + read.delimiter.length;
      // A match not seen yet would end past everything buffered.
      if ((size ?? have + 1) > read.maxBytes) {
        this.close(new UnsatisfiableReadError(`over ${read.maxBytes} bytes`));
        return true;
      }
    } else if ('pattern' in read) {
      // One character per byte, so the match's string offsets are byte offsets.
      const match = read.pattern.exec(latin1(buffer));
      if (match) size = match.index + match[0].length;
      // Later bytes may still complete a match (a lookahead) that ends within
      // what is buffered, so only a buffer already past maxBytes gives up.
      if ((size ?? have) > read.maxBytes) {
        const why = `${String(read.pattern)} not found within ${read.maxBytes} bytes`;
        this.close(new UnsatisfiableReadError(why));
        return true;
      }
    } else if (have >= read.bytes || (read.partial && have > 0)) {
      size = Math.min(read.bytes, have);
    }
    if (size === null) return false;
    this.#read = null;
    this.#readBuffer = buffer.subarray(size);
    read.future.setResult(buffer.subarray(0, size));
    return true;
  }

  #handleWrite(): void {
    while (this.#writeBuffer.length > 0 && !this.#closed) {
      const data = concat(this.#writeBuffer);
      let n: number;
      try {
        n = this.#net.send(this.fd, data);
      } catch (error) {
        return this.close(error instanceof Error ? error : null);
      }
      this.#sent += n;
      this.#writeBuffer = n === data.length ? [] : [data.subarray(n)];
      if (n === 0) break;
    }
    while ((this.#writeFutures[0]?.end ?? Infinity) <= this.#sent) {
      this.#writeFutures.shift()?.future.setResult();
    }
    this.#updateEvents();
  }

  #handleEvents = (_fd: number, events: number): void => {
    if (events & ERROR) return this.close(new Error('socket error'));
    if (events & READ) this.#tryRead();
    if (events & WRITE) this.#handleWrite();
  };

  /**
   * READ while a read waits, or (to notice a hang-up) while someone wants
   * the close callback and nothing is buffered; WRITE while bytes wait.
   */
  #updateEvents(): void {
    if (this.#closed) return;
    const watchClose =
      this.#closeCallback !== null && this.#readBuffer.length === 0;
    const events =
      (this.#read || watchClose ? READ : 0) |
      (this.#writeBuffer.length > 0 ? WRITE : 0);
    if (events === this.#events) return;
    if (this.#events === null)
      this.#loop.addHandler(this.fd, this.#handleEvents, events);
    else this.#loop.updateHandler(this.fd, events);
    this.#events = events;
  }
}
