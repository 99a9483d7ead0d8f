/** Step 09: the reference app, the same routes as the canonical Tornado hello app. */

import { sleep } from './gen.ts';
import {
  Application,
  HTTPError,
  RequestHandler,
  type HandlerClass,
} from './web.ts';

class MainHandler extends RequestHandler {
  get(): void {
    this.write('Hello, world');
  }
}

class HelloHandler extends RequestHandler {
  // The argument arrives percent-decoded, as in Tornado.
  get(name: string): void {
    this.write(`Hello, ${name}`);
  }
}

class EchoHandler extends RequestHandler {
  post(): void {
    this.write(this.request.body);
  }
}

class SleepHandler extends RequestHandler {
  async get(): Promise<void> {
    const raw = this.getQueryArgument('ms', '');
    if (!/^[0-9]{1,5}$/.test(raw) || Number(raw) > 10_000) {
      throw new HTTPError(400);
    }
    await sleep(Number(raw));
    this.write(`slept ${Number(raw)}`);
  }
}

/** The reference routes: GET /, GET /hello/<name>, POST /echo, GET /sleep?ms=N. */
export const routes: [string, HandlerClass][] = [
  ['/', MainHandler],
  ['/hello/([^/]+)', HelloHandler],
  ['/echo', EchoHandler],
  ['/sleep', SleepHandler],
];

/** The reference app; anything else is 404, a known path with another method 405. */
export function makeApp(): Application {
  return new Application(routes);
}
