/** One `serve` run as the request panel waits on it: started, listening on a port, or over. */

/** Why a serve run ended before (or after) its server listened. */
export type ServeEnd = 'exited' | 'stopped' | 'compile' | 'failed';

/** A serve run's server has not listened, and now never will (or not in time). */
export class NotListening extends Error {
  readonly why: ServeEnd | 'timeout';
  constructor(why: ServeEnd | 'timeout') {
    super(`the server is not listening (${why})`);
    this.name = 'NotListening';
    this.why = why;
  }
}

/**
 * `launched` settles when the program starts, `listening` when its server listens (with the
 * port) or when the run ends first: a request waits for the server's own signal, never a timer.
 */
export class ServeRun {
  readonly launched: Promise<void>;
  readonly listening: Promise<number>;
  /** The port the server listens on, once it does. */
  port: number | undefined;
  /** How the run ended, once it has. */
  ended: ServeEnd | undefined;
  #launch!: () => void;
  #listen!: (port: number) => void;
  #fail!: (error: NotListening) => void;

  constructor() {
    this.launched = new Promise((resolve) => (this.#launch = resolve));
    this.listening = new Promise<number>((resolve, reject) => {
      this.#listen = resolve;
      this.#fail = reject;
    });
    // Nobody may be waiting when a run ends early; that is not an unhandled rejection.
    this.listening.catch(() => undefined);
  }

  launch(): void {
    this.#launch();
  }

  /** The server listens on `port` (the first port reported wins). */
  listen(port: number): void {
    if (this.ended !== undefined || this.port !== undefined) return;
    this.port = port;
    this.#listen(port);
  }

  /** The run is over; a server that never listened now never will. */
  end(why: ServeEnd): void {
    if (this.ended !== undefined) return;
    this.ended = why;
    this.#fail(new NotListening(why));
    this.#launch();
  }

  /** Resolves with the port, or rejects when the run ends first or `limitMs` pass after launch. */
  async ready(limitMs: number): Promise<number> {
    await Promise.race([this.launched, this.listening]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NotListening('timeout')), limitMs);
    });
    try {
      return await Promise.race([this.listening, limit]);
    } finally {
      clearTimeout(timer);
    }
  }
}
