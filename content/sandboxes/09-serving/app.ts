/** Step 09: the reference app, the same routes as the canonical Tornado hello app. */

import { sleep } from './gen.ts';
import { Application, HTTPError, RequestHandler } from './web.ts';

class MainHandler extends RequestHandler {
  override get(): void {
    this.write('Hello, world');
  }
}

class HelloHandler extends RequestHandler {
  // The argument arrives percent-decoded, as in Tornado.
  override get(name: string): void {
    this.write(`Hello, ${name}`);
  }
}

class EchoHandler extends RequestHandler {
  override post(): void {
    this.write(this.request.body);
  }
}

class SleepHandler extends RequestHandler {
  override async get(): Promise<void> {
    const raw = this.getQueryArgument('ms', '');
    if (!/^[0-9]{1,5}$/.test(raw) || Number(raw) > 10_000) {
      throw new HTTPError(400);
    }
    await sleep(Number(raw));
    this.write(`slept ${Number(raw)}`);
  }
}

/** GET /, GET /hello/<name>, POST /echo, GET /sleep?ms=N; 404 and 405 otherwise. */
export function makeApp(): Application {
  return new Application([
    ['/', MainHandler],
    ['/hello/([^/]+)', HelloHandler],
    ['/echo', EchoHandler],
    ['/sleep', SleepHandler],
  ]);
}
