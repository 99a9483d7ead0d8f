/** bench:server's idle test: how many keep-alive connections a server holds while they idle, and what they cost in memory. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { Running } from './servers.ts';

/** What the idle test found for one server. */
export interface IdleResult {
  lines: string[];
  /** Connections still open after the idle second. */
  open: number;
  /** Resident memory added per open connection, in bytes. */
  bytesPerConnection: number;
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

function request(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const onData = (chunk: Buffer): void => {
      reply += chunk.toString('latin1');
      const head = reply.indexOf('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(reply);
      if (head >= 0 && length && reply.length >= head + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(reply);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Opens `count` keep-alive connections (one request each), leaves them idle, then probes the server. */
export async function idleTest(server: Running, count: number): Promise<IdleResult> {
  const pid = server.child.pid!;
  const before = rssKiB(pid);
  const sockets: Socket[] = [];
  const started = performance.now();
  for (let at = 0; at < count; at += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, count - at) }, () => open(server.port)),
    );
    await Promise.all(batch.map(request));
    sockets.push(...batch);
  }
  const openMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const fresh = await open(server.port);
  const freshReply = await request(fresh);
  const oldReply = await request(sockets[Math.floor(sockets.length / 2)]!);
  const after = rssKiB(pid);
  const alive = sockets.filter((socket) => !socket.destroyed).length;
  for (const socket of [...sockets, fresh]) socket.destroy();
  const ok = (reply: string): string => (reply.startsWith('HTTP/1.1 200') ? 'yes' : 'NO');
  const bytesPerConnection = Math.round(((after - before) * 1024) / count);
  const lines = [
    `- ${server.name}: ${alive}/${count} idle keep-alive connections still open ` +
      `(opened and used once in ${(openMs / 1000).toFixed(1)} s)`,
    `  - new connection answered 200 while they idle: ${ok(freshReply)}; ` +
      `an idle one answered a second request: ${ok(oldReply)}`,
    `  - RSS ${(before / 1024).toFixed(1)} MiB before, ${(after / 1024).toFixed(1)} MiB with the ` +
      `connections open (${bytesPerConnection} bytes per connection)`,
  ];
  return { lines, open: alive, bytesPerConnection };
}

/** Raises the soft fd limit for the idle test by re-running under a shell `ulimit -n` when needed. */
export function ensureFdLimit(needed: number): boolean {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(limits);
  const soft = match?.[1] === 'unlimited' ? Infinity : Number(match?.[1]);
  const hard = match?.[2] === 'unlimited' ? Infinity : Number(match?.[2]);
  if (soft >= needed) return true;
  if (hard < needed || process.env.BENCH_SERVER_RAISED) {
    console.log(
      `Open-file limit ${soft} (hard ${hard}) is below the ${needed} the idle test needs; ` +
        'raise it (ulimit -n) or pass --idle with a smaller count.',
    );
    return false;
  }
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const quoted = argv.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const rerun = spawnSync(
    'sh',
    ['-c', `ulimit -n ${hard === Infinity ? needed : hard} && exec ${quoted}`],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_SERVER_RAISED: '1' },
    },
  );
  process.exit(rerun.status ?? 1);
}
