/** The Node bridge offers the same poller and sockets as the virtual network, over real loopback TCP. */

import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { NodeNetwork, NodePlatform } from '../../../content/sandboxes/_template/node-bridge.ts';
import { READ, WRITE, type PollEvent } from '../../../content/sandboxes/_template/platform.ts';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** Polls until `fd` reports one of `events` (real time, so allow a few rounds). */
async function waitFor(net: NodeNetwork, fd: number, events: number): Promise<PollEvent> {
  for (let i = 0; i < 200; i++) {
    const ready = (await net.poll(50)).find((event) => event.fd === fd && event.events & events);
    if (ready) return ready;
  }
  throw new Error(`fd ${fd} never became ready`);
}

function client(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

async function listening(net: NodeNetwork): Promise<{ listener: number; port: number }> {
  const listener = net.listen(0);
  await new Promise<void>((resolve) => net.whenBound(resolve));
  return { listener, port: net.localPort(listener) };
}

describe('NodeNetwork over loopback TCP', () => {
  test('accept, recv, send and EOF work like the virtual network', async () => {
    const net = new NodeNetwork();
    const { listener, port } = await listening(net);
    net.register(listener, READ);
    expect(net.accept(listener)).toBeNull();
    const peer = await client(port);
    await waitFor(net, listener, READ);
    const fd = net.accept(listener) as number;
    expect(fd).toBeGreaterThan(listener);
    net.register(fd, READ);
    expect(net.recv(fd, 100)).toBeNull();
    peer.write('hello');
    await waitFor(net, fd, READ);
    let text = '';
    for (let chunk = net.recv(fd, 2); chunk && chunk.length > 0; chunk = net.recv(fd, 2)) {
      text += Buffer.from(chunk).toString();
    }
    expect(text).toBe('hello');
    const reply = new Promise<string>((resolve) =>
      peer.once('data', (d: Buffer) => resolve(d.toString())),
    );
    expect(net.send(fd, Buffer.from('world'))).toBe(5);
    expect(await reply).toBe('world');
    peer.end();
    await waitFor(net, fd, READ);
    expect(net.recv(fd, 100)).toEqual(new Uint8Array(0));
    const closed = new Promise<void>((resolve) => peer.once('close', () => resolve()));
    net.close(fd);
    net.close(listener);
    await closed;
  });

  test('a connection made with connect() turns WRITE-ready and carries bytes both ways', async () => {
    const net = new NodeNetwork();
    const { listener, port } = await listening(net);
    net.register(listener, READ);
    const out = net.connect(port);
    net.register(out, WRITE);
    await waitFor(net, out, WRITE);
    await waitFor(net, listener, READ);
    const inbound = net.accept(listener) as number;
    net.register(inbound, READ);
    net.send(out, Buffer.from('ping'));
    await waitFor(net, inbound, READ);
    expect(Buffer.from(net.recv(inbound, 10) as Uint8Array).toString()).toBe('ping');
    net.close(out);
    await waitFor(net, inbound, READ);
    expect(net.recv(inbound, 10)).toEqual(new Uint8Array(0));
    net.close(inbound);
    net.close(listener);
  });

  test('poll with nothing ready waits about the timeout, and wakes early on data', async () => {
    const net = new NodeNetwork();
    const { listener, port } = await listening(net);
    net.register(listener, READ);
    expect(await net.poll(20)).toEqual([]);
    const woke = net.poll(10_000);
    await client(port);
    expect(await woke).toEqual([{ fd: listener, events: READ }]);
    net.close(listener);
  });

  test('a full socket buffer makes send return 0 until WRITE-ready again', async () => {
    const net = new NodeNetwork();
    const { listener, port } = await listening(net);
    net.register(listener, READ);
    const peer = await client(port);
    peer.pause();
    await waitFor(net, listener, READ);
    const fd = net.accept(listener) as number;
    net.register(fd, WRITE);
    const chunk = new Uint8Array(1 << 20);
    let sent = 0;
    for (let i = 0; i < 64 && net.send(fd, chunk) > 0; i++) sent += chunk.length;
    expect(net.send(fd, chunk)).toBe(0);
    let received = 0;
    peer.on('data', (data: Buffer) => (received += data.length));
    peer.resume();
    await waitFor(net, fd, WRITE);
    expect(net.send(fd, chunk)).toBe(chunk.length);
    sent += chunk.length;
    const done = new Promise<void>((resolve) => peer.once('end', () => resolve()));
    net.close(fd);
    await done;
    expect(received).toBe(sent);
    net.close(listener);
  });
});

test('NodePlatform prints lines once its listeners are bound', async () => {
  const platform = new NodePlatform({ listen: 0 });
  const writes: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = (line: string | Uint8Array) => writes.push(String(line)) > 0;
  try {
    const fd = platform.network.listen(0);
    platform.print('early line');
    expect(writes).toEqual([]);
    await new Promise<void>((resolve) => platform.network.whenBound(resolve));
    expect(writes).toEqual(['early line\n']);
    platform.network.close(fd);
  } finally {
    process.stdout.write = original;
  }
  expect(platform.clock.now()).toBeGreaterThanOrEqual(0);
});
