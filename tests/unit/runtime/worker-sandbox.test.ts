/** The Worker runtime relays the server's own "listening" signal and fails requests its server can no longer answer. */
import { describe, expect, it } from 'vitest';
import { ServerGoneError } from '../../../src/lib/runtime/sandbox.ts';
import { WorkerSandbox } from '../../../src/lib/runtime/worker-sandbox.ts';
import type { FromWorker, ToWorker } from '../../../src/lib/runtime/worker-protocol.ts';

/** A stand-in Worker: records what the page posts and lets the test answer as the worker host. */
class FakeWorker {
  posted: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Sends `message` to the page as the worker would. */
  reply(message: FromWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const sandbox = new WorkerSandbox(() => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { sandbox, workers };
}

const files = { '09-x/main.ts': 'export const x: number = 1;' };
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('WorkerSandbox serve runs', () => {
  it('calls listening with the port the worker reports, and only then', async () => {
    const { sandbox, workers } = setup();
    await sandbox.mount(files);
    const heard: number[] = [];
    const running = sandbox.run(
      { entry: '09-x/main.ts', mode: 'serve', port: 8080 },
      { output: () => undefined, listening: (port) => heard.push(port) },
    );
    const worker = workers[0];
    expect(worker?.posted[0]).toMatchObject({ type: 'run', mode: 'serve', port: 8080 });
    expect(heard).toEqual([]);
    worker?.reply({ type: 'listening', port: 8080 });
    expect(heard).toEqual([8080]);
    sandbox.stop();
    expect((await running).exitCode).toBeNull();
  });

  it('fails a pending request with ServerGoneError when the server exits', async () => {
    const { sandbox, workers } = setup();
    await sandbox.mount(files);
    const running = sandbox.run(
      { entry: '09-x/main.ts', mode: 'serve', port: 8080 },
      { output: () => undefined },
    );
    const worker = workers[0];
    worker?.reply({ type: 'listening', port: 8080 });
    const reply = sandbox.request(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), 8080);
    expect(worker?.posted[1]).toMatchObject({ type: 'request', port: 8080 });
    worker?.reply({ type: 'exit', code: 1 });
    await expect(reply).rejects.toEqual(new ServerGoneError('exited'));
    await expect(reply).rejects.toBeInstanceOf(ServerGoneError);
    expect((await running).exitCode).toBe(1);
  });

  it('fails a pending request with ServerGoneError("stopped") on stop', async () => {
    const { sandbox, workers } = setup();
    await sandbox.mount(files);
    const running = sandbox.run(
      { entry: '09-x/main.ts', mode: 'serve', port: 8080 },
      { output: () => undefined },
    );
    workers[0]?.reply({ type: 'listening', port: 8080 });
    const reply = sandbox.request(new Uint8Array([1]), 8080);
    await tick();
    sandbox.stop();
    const error: unknown = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerGoneError);
    expect((error as ServerGoneError).reason).toBe('stopped');
    expect((await running).exitCode).toBeNull();
  });
});
