/** Step 10's execution-order scenarios happen in the same order as the same scenarios in real Tornado 6. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { threadsFor } from '../../content/sandboxes/_template/node-threads.ts';
import { setPlatform, setThreadHost } from '../../content/sandboxes/_template/platform.ts';
import { resetTrace } from '../../content/sandboxes/_template/trace.ts';
import { VirtualPlatform } from '../../content/sandboxes/_template/virtual-net.ts';
import {
  runScenario,
  scenarioNames,
  type ScenarioName,
} from '../../content/sandboxes/10-execution-order/scenarios.ts';
import { request } from '../fixtures/http/raw-client.ts';
import { runPython, startStepServer, type RunningServer } from '../fixtures/http/servers.ts';

const scripts: Record<ScenarioName, string> = {
  concurrent: 'tests/fixtures/tornado/order_concurrent.py',
  upstream: 'tests/fixtures/tornado/order_upstream.py',
  blocking: 'tests/fixtures/tornado/order_blocking.py',
  executor: 'tests/fixtures/tornado/order_executor.py',
};

async function mini(name: ScenarioName): Promise<string[]> {
  setPlatform(new VirtualPlatform({ print: null }));
  setThreadHost(
    threadsFor([
      fileURLToPath(new URL('../../content/sandboxes/10-execution-order/main.ts', import.meta.url)),
    ]),
  );
  resetTrace();
  const { marks, responses } = await runScenario(name);
  return [...marks.map((m) => m.line), ...responses];
}

describe.each(scenarioNames)('scenario %s', (name) => {
  test('same lifecycle order and responses as Tornado', async () => {
    const tornado = runPython(scripts[name]);
    expect(tornado.length, 'the Tornado script printed its events').toBeGreaterThan(6);
    expect(await mini(name)).toEqual(tornado);
  });
});

test('the scenarios differ from each other (the comparison is not vacuous)', async () => {
  const orders: string[][] = [];
  for (const name of scenarioNames) orders.push(await mini(name));
  expect(new Set(orders.map((o) => o.join('|'))).size).toBe(scenarioNames.length);
});

describe('step 10 on real TCP (npm run step -- 10 --listen PORT)', () => {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startStepServer('10', 0);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const port = (): number => server?.port ?? 0;

  test.each([
    ['GET', '/', undefined, 200, 'Hello, world'],
    ['GET', '/hello/J%C3%B6rg', undefined, 200, 'Hello, Jörg'],
    ['POST', '/echo', 'ping', 200, 'ping'],
    ['GET', '/sleep?ms=15', undefined, 200, 'slept 15'],
    [
      'GET',
      '/nope',
      undefined,
      404,
      '<html><title>404: Not Found</title><body>404: Not Found</body></html>',
    ],
    [
      'DELETE',
      '/',
      undefined,
      405,
      '<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed</body></html>',
    ],
  ] as const)('%s %s', async (method, target, body, status, text) => {
    const response = await request(port(), method, target, body);
    expect([response.status, response.body.toString('utf8')]).toEqual([status, text]);
  });

  test('a blocking handler delays another request; an offloaded one does not', async () => {
    // The margins are wide so that a slow machine cannot flip the order by timing alone.
    const measure = async (path: string, ms: number): Promise<string[]> => {
      const order: string[] = [];
      const slow = request(port(), 'GET', `${path}?ms=${ms}`).then(() => order.push('slow'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await request(port(), 'GET', '/').then(() => order.push('fast'));
      await slow;
      return order;
    };
    expect(await measure('/block', 500)).toEqual(['slow', 'fast']);
    expect(await measure('/offload', 1500)).toEqual(['fast', 'slow']);
  });
});
