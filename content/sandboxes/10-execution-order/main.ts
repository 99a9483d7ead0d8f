/** Step 10 demo: who runs when, with a sleep, an upstream fetch, a blocking call and an executor. */

import { getPlatform } from '../_template/platform.ts';
import { Application } from './web.ts';
import { routes } from './app.ts';
import { HTTPServer } from './httpserver.ts';
import { IOLoop } from './ioloop.ts';
import { blockingRoutes, runScenario, scenarioNames } from './scenarios.ts';

const platform = getPlatform();
const port = platform.options.listen;

if (port !== undefined) {
  const loop = new IOLoop();
  // The run options may carry HTTPServer's timeouts (see RunOptions).
  const app = new Application([...routes, ...blockingRoutes]);
  new HTTPServer(app, platform.options).listen(port);
  platform.print(`listening on http://127.0.0.1:${port}`);
  await loop.start();
} else {
  for (const name of scenarioNames) {
    platform.print(`== ${name}`);
    // Each mark is printed as it happens, so a run that gets stuck still
    // shows how far it got.
    const { responses } = await runScenario(name, ({ time, line }) =>
      platform.print(`${String(time).padStart(5)}ms  ${line}`),
    );
    for (const line of responses) platform.print(`         ${line}`);
  }
}
