/** The servers bench:server compares, started as child processes, and wrk's measurement of one of them. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: servers run from it, whatever the working directory. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The system Python, whose Tornado the reference server runs on. */
export const PYTHON = '/usr/bin/python3';
const WRK = '/usr/bin/wrk';

/** The reference servers' names, as the report and the recorded figures give them. */
export const NODE = 'node:http';
export const TORNADO = 'Tornado 6';
/** The name of the mini server of `step`. */
export const miniName = (step: string): string => `mini (step ${step})`;

/** A server started for the benchmark. */
export interface Running {
  name: string;
  port: number;
  child: ChildProcess;
}

/** What wrk measured for one server in one round. */
export interface WrkResult {
  requestsPerSec: number;
  avgLatencyMs: number;
  p99LatencyMs: number;
  errors: string;
  /** Server CPU time (user + system) per request, µs: steadier than requests/s on a busy machine. */
  cpuPerRequestUs: number;
}

/** Spawns a server and resolves once it prints its "listening on" line. */
export function startServer(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${name} did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ name, port: Number(match[1]), child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
}

/** Stops a server and resolves once it has exited. */
export function stopServer(server: Running): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.removeAllListeners('exit');
    server.child.on('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

function toMs(value: string, unit: string): number {
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return Number(value) * (scale[unit] ?? NaN);
}

/** Parses the parts of wrk's report we need (throughput, average and p99 latency, errors). */
export function parseWrk(
  output: string,
): Omit<WrkResult, 'cpuPerRequestUs'> & { requests: number } {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const avg = /Latency\s+([\d.]+)(us|ms|s|m)\s/.exec(output);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)/.exec(output);
  const total = /(\d+) requests in/.exec(output);
  if (!rps || !avg || !p99 || !total) throw new Error(`cannot parse wrk output:\n${output}`);
  const errors = [
    /Socket errors:.*/.exec(output)?.[0],
    /Non-2xx or 3xx responses:.*/.exec(output)?.[0],
  ]
    .filter((line): line is string => line !== undefined)
    .join('; ');
  return {
    requestsPerSec: Number(rps[1]),
    requests: Number(total[1]),
    avgLatencyMs: toMs(avg[1]!, avg[2]!),
    p99LatencyMs: toMs(p99[1]!, p99[2]!),
    errors: errors || 'none',
  };
}

/** CPU time (user + system) a process has used, in µs (clock ticks of 10 ms). */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Runs wrk (one thread, `connections` keep-alive connections) against `server` for `duration`. */
export function runWrk(server: Running, duration: string, connections: string): WrkResult {
  const args = ['-t1', `-c${connections}`, `-d${duration}`, '--latency'];
  const before = cpuUs(server.child.pid!);
  const output = execFileSync(WRK, [...args, `http://127.0.0.1:${server.port}/`], {
    encoding: 'utf8',
  });
  const { requests, ...result } = parseWrk(output);
  return { ...result, cpuPerRequestUs: (cpuUs(server.child.pid!) - before) / requests };
}
