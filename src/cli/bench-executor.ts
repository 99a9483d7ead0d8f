/**
 * Measures what runInExecutor buys over real TCP: how long `GET /` takes on step 10's server while
 * another request keeps 1 s of real work busy, on the loop (`/block`) or on an executor thread
 * (`/offload`). With --write the report goes to docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { writeBenchReport } from '../lib/bench-doc.ts';

const { values: options } = parseArgs({
  options: {
    work: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    write: { type: 'boolean', default: false },
  },
});
const WORK_MS = Number(options.work);
const ROUNDS = Number(options.rounds);

/** One GET; resolves with the body and the ms it took. */
function get(port: number, path: string): Promise<{ body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts step 10 with --listen 0 and resolves with its port once it listens. */
function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['src/cli/step.ts', '10', '--listen', '0'], {
    env: { ...process.env, TAL_ACCESS_LOG: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) resolve({ port: Number(port), stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`step 10 exited (${code}) before listening`)));
  });
}

interface Round {
  slowMs: number;
  fastMs: number[];
}

/** Sends `/route?ms=WORK`, then five `GET /` one after another while it runs. */
async function round(port: number, route: string): Promise<Round> {
  const slow = get(port, `/${route}?ms=${WORK_MS}`);
  await sleep(100); // let the work start
  const fastMs: number[] = [];
  for (let i = 0; i < 5; i++) fastMs.push((await get(port, '/')).ms);
  return { slowMs: (await slow).ms, fastMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const server = await startServer();
try {
  await get(server.port, '/offload?ms=1'); // the pool's first thread starts here, not in a round
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const route of ['block', 'offload']) {
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(server.port, route));
    const firstFast = rounds.map((r) => r.fastMs[0] ?? NaN);
    const worst = Math.max(...rounds.flatMap((r) => r.fastMs));
    rows.push(
      `| \`/${route}?ms=${WORK_MS}\` | ${median(rounds.map((r) => r.slowMs)).toFixed(0)} ms | ${median(firstFast).toFixed(1)} ms | ${worst.toFixed(1)} ms |`,
    );
    if (route === 'offload') {
      verdicts.push(
        worst < 100
          ? `Offloaded, the slowest \`GET /\` took ${worst.toFixed(1)} ms: under 100 ms while the thread worked.`
          : `Offloaded, the slowest \`GET /\` took ${worst.toFixed(1)} ms: over 100 ms.`,
      );
    }
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const report = [
    `Step 10 over real TCP (\`npm run step -- 10 --listen 0\`, access log off). Each round sends one request that does ${WORK_MS} ms of real busy work, waits 100 ms, then sends five \`GET /\` one after another; ${ROUNDS} rounds per route, after one warm-up call that starts the executor's first thread.`,
    '',
    '| busy request | its time (median) | first `GET /` during it (median) | slowest `GET /` during it |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    ...verdicts,
    '',
    `Machine: ${cpus().length} × ${cpu}, Node ${process.version}. Command: \`npm run bench:executor -- --write\`.`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (options.write) {
    writeBenchReport('executor', report, {
      heading: 'The executor: the loop stays free (`npm run bench:executor`)',
    });
  }
} finally {
  server.stop();
}
