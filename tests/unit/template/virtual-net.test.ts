/** The virtual network behaves like non-blocking sockets under a level-triggered epoll, on a virtual clock. */

import { describe, expect, test } from 'vitest';
import { fromUtf8, utf8 } from '../../../content/sandboxes/_template/bytes.ts';
import { ERROR, READ, WRITE } from '../../../content/sandboxes/_template/platform.ts';
import { VirtualPlatform } from '../../../content/sandboxes/_template/virtual-net.ts';

function setup(options: { capacity?: number } = {}) {
  const platform = new VirtualPlatform({ print: null, ...options });
  return { platform, net: platform.network, clock: platform.clock };
}

describe('poller', () => {
  test('a listener is READ-ready while connections wait; accept drains it', async () => {
    const { net } = setup();
    const listener = net.listen(80);
    net.register(listener, READ);
    expect(await net.poll(0)).toEqual([]);
    net.client('a', 80);
    net.client('b', 80);
    expect(await net.poll(0)).toEqual([{ fd: listener, events: READ }]);
    const first = net.accept(listener);
    expect(first).not.toBeNull();
    expect(await net.poll(0)).toEqual([{ fd: listener, events: READ }]);
    expect(net.accept(listener)).not.toBe(first);
    expect(net.accept(listener)).toBeNull();
    expect(await net.poll(0)).toEqual([]);
  });

  test('readiness is level-triggered and masked by the registered events', async () => {
    const { net } = setup();
    const listener = net.listen(81);
    const client = net.client('c', 81).send('abcdef');
    const fd = net.accept(listener) as number;
    net.register(fd, READ);
    expect(await net.poll(0)).toEqual([{ fd, events: READ }]);
    expect(fromUtf8(net.recv(fd, 4) as Uint8Array)).toBe('abcd');
    expect(await net.poll(0)).toEqual([{ fd, events: READ }]);
    expect(fromUtf8(net.recv(fd, 4) as Uint8Array)).toBe('ef');
    expect(net.recv(fd, 4)).toBeNull();
    net.modify(fd, READ | WRITE);
    expect(await net.poll(0)).toEqual([{ fd, events: WRITE }]);
    net.unregister(fd);
    client.close();
    expect(await net.poll(0)).toEqual([]);
    net.register(fd, READ);
    expect(await net.poll(0)).toEqual([{ fd, events: READ }]);
    expect(net.recv(fd, 4)).toEqual(new Uint8Array(0));
  });

  test('register twice and modify unknown are errors', () => {
    const { net } = setup();
    const fd = net.listen(82);
    net.register(fd, READ);
    expect(() => net.register(fd, READ)).toThrow(/already registered/);
    expect(() => net.modify(999, READ)).toThrow(/not registered/);
  });

  test('poll sleeps the virtual clock until the timeout or the next scheduled event', async () => {
    const { net, clock } = setup();
    const listener = net.listen(83);
    net.register(listener, READ);
    await net.poll(40);
    expect(clock.now()).toBe(40);
    net.schedule(25, () => net.client('late', 83));
    expect(await net.poll(1000)).toEqual([{ fd: listener, events: READ }]);
    expect(clock.now()).toBe(65);
  });

  test('connecting to a port nobody listens on reports ERROR', async () => {
    const { net } = setup();
    const fd = net.connect(84);
    net.register(fd, WRITE);
    expect(await net.poll(0)).toEqual([{ fd, events: ERROR }]);
  });

  test('an idle poll past the give-up time throws instead of spinning forever', () => {
    const platform = new VirtualPlatform({ print: null, giveUpAfter: 100 });
    expect(() => platform.network.poll(1000)).toThrow(/forget loop.stop/);
  });
});

describe('sockets', () => {
  test('send stops at the receiver capacity; reading frees room (WRITE again)', async () => {
    const { net } = setup({ capacity: 10 });
    const listener = net.listen(90);
    const client = net.client('c', 90);
    client.pause();
    const fd = net.accept(listener) as number;
    net.register(fd, WRITE);
    expect(net.send(fd, utf8('0123456789abc'))).toBe(10);
    expect(net.send(fd, utf8('x'))).toBe(0);
    expect(await net.poll(0)).toEqual([]);
    client.resume();
    expect(client.text).toBe('0123456789');
    expect(await net.poll(0)).toEqual([{ fd, events: WRITE }]);
  });

  test('two in-loop sockets talk through connect/accept', () => {
    const { net } = setup();
    const listener = net.listen(91);
    const out = net.connect(91);
    const inbound = net.accept(listener) as number;
    expect(net.send(out, utf8('ping'))).toBe(4);
    expect(fromUtf8(net.recv(inbound, 100) as Uint8Array)).toBe('ping');
    net.close(out);
    expect(net.recv(inbound, 100)).toEqual(new Uint8Array(0));
    expect(() => net.send(inbound, utf8('late'))).toThrow(/EPIPE/);
    expect(() => net.recv(out, 1)).toThrow(/EBADF/);
    expect(net.localPort(listener)).toBe(91);
  });

  test('sent bytes are copied: changing the array later does not change the data', () => {
    const { net } = setup();
    const listener = net.listen(92);
    const out = net.connect(92);
    const inbound = net.accept(listener) as number;
    const data = utf8('abc');
    net.send(out, data);
    data[0] = 0x7a;
    expect(fromUtf8(net.recv(inbound, 10) as Uint8Array)).toBe('abc');
  });

  test('a client sees the server close after the bytes it sent', async () => {
    const { net } = setup();
    const listener = net.listen(93);
    const client = net.client('c', 93);
    const fd = net.accept(listener) as number;
    const events: string[] = [];
    client.onData((chunk) => events.push(`data ${fromUtf8(chunk)}`));
    client.onClose(() => events.push('closed'));
    net.send(fd, utf8('bye'));
    net.close(fd);
    await net.poll(0);
    expect(events).toEqual(['data bye', 'closed']);
    expect(client.closedByServer).toBe(true);
  });

  test('listening twice on a port is refused; port 0 picks one', () => {
    const { net } = setup();
    net.listen(94);
    expect(() => net.listen(94)).toThrow(/EADDRINUSE/);
    const any = net.listen(0);
    expect(net.localPort(any)).toBeGreaterThan(0);
  });
});

test('the platform keeps every printed line', () => {
  const lines: string[] = [];
  const platform = new VirtualPlatform({ print: (line) => lines.push(line) });
  platform.print('one');
  platform.print('two');
  expect(platform.output).toEqual(['one', 'two']);
  expect(lines).toEqual(['one', 'two']);
});

describe('the listen hook', () => {
  test('fires with the port once the socket listens, so a client can connect in the hook', async () => {
    const heard: { port: number; connected: boolean }[] = [];
    const platform = new VirtualPlatform({
      print: null,
      onListen: (port) => {
        // The listening socket exists already: a connection made here waits in its backlog.
        const client = platform.network.client(`hook-${port}`, port);
        heard.push({ port, connected: !client.closedByServer });
      },
    });
    const net = platform.network;
    const listener = net.listen(8080);
    expect(heard).toEqual([{ port: 8080, connected: true }]);
    net.register(listener, READ);
    expect(await net.poll(0)).toEqual([{ fd: listener, events: READ }]);
    expect(net.accept(listener)).not.toBeNull();
  });

  test('reports the chosen port for port 0, once per listen, and never for connect', () => {
    const ports: number[] = [];
    const { network: net } = new VirtualPlatform({ print: null, onListen: (p) => ports.push(p) });
    const any = net.listen(0);
    net.connect(net.localPort(any));
    net.client('c', net.localPort(any));
    expect(ports).toEqual([net.localPort(any)]);
    expect(() => net.listen(net.localPort(any))).toThrow(/EADDRINUSE/);
    expect(ports).toHaveLength(1);
  });
});
