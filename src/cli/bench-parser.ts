/** Parser throughput: the step 08 mini parser vs llhttp (Node's own binding) on the valid corpus, printed as a markdown table. */
import { HTTP1Parser } from '../lib/lesson/index.ts';
import { validCorpus } from '../lib/http-corpus/cases.ts';
import { bytesOf, randomSplit } from '../lib/http-corpus/split.ts';

/** The part of Node's internal http_parser binding this benchmark uses. */
interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): undefined | Error;
  [callback: number]: (...args: unknown[]) => unknown;
}
interface LlhttpBinding {
  HTTPParser: (new () => LlhttpParser) & {
    REQUEST: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
  };
}

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '1');

// CONNECT and Upgrade hand the socket over after the head; leave them out of a parsing benchmark.
const cases = validCorpus.filter((c) => !/^(connect|upgrade)-/.test(c.id));
const all = cases.map((c) => bytesOf(c.raw));
const small = all.filter((b) => b.length < 1024);

function mini(inputs: Uint8Array[][]): number {
  let messages = 0;
  for (const chunks of inputs) {
    const parser = new HTTP1Parser();
    for (const chunk of chunks) {
      for (const event of parser.feed(chunk)) if (event.type === 'done') messages++;
    }
    parser.finish();
  }
  return messages;
}

function makeLlhttp(): (inputs: Buffer[][]) => number {
  // The binding is internal and flagged as deprecated, yet it is the only way to time llhttp without sockets.
  process.noDeprecation = true;
  const binding = (process as unknown as { binding(name: string): unknown }).binding(
    'http_parser',
  ) as LlhttpBinding;
  const { HTTPParser } = binding;
  const parser = new HTTPParser();
  let messages = 0;
  parser[HTTPParser.kOnHeaders] = () => undefined;
  parser[HTTPParser.kOnHeadersComplete] = () => 0;
  parser[HTTPParser.kOnBody] = () => undefined;
  parser[HTTPParser.kOnMessageComplete] = () => {
    messages++;
  };
  return (inputs) => {
    messages = 0;
    for (const chunks of inputs) {
      parser.initialize(HTTPParser.REQUEST, {}, 0, 0);
      for (const chunk of chunks) {
        const result = parser.execute(chunk);
        if (result instanceof Error) throw result;
      }
      parser.finish();
    }
    return messages;
  };
}

/** Runs `round` repeatedly for about SECONDS; returns MB/s (10^6 bytes per second). */
function measure<T>(round: (input: T) => number, input: T, bytesPerRound: number): number {
  for (let i = 0; i < 20; i++) round(input);
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    round(input);
    rounds++;
    elapsed = performance.now() - start;
  }
  return (rounds * bytesPerRound) / 1e6 / (elapsed / 1000);
}

const llhttp = makeLlhttp();
const toBuffers = (inputs: Uint8Array[][]): Buffer[][] =>
  inputs.map((chunks) => chunks.map((c) => Buffer.from(c)));
const size = (inputs: Uint8Array[]): number => inputs.reduce((n, b) => n + b.length, 0);

const scenarios: [string, Uint8Array[][], number][] = [
  [`valid corpus (${all.length} inputs), whole`, all.map((b) => [b]), size(all)],
  [`small requests (${small.length}, < 1 KiB each), whole`, small.map((b) => [b]), size(small)],
  ['valid corpus in 1–16 byte pieces', all.map((b, i) => randomSplit(b, i + 1, 16)), size(all)],
];

// Both parsers must agree on how many messages the corpus holds before their speeds mean anything.
const expected = cases.reduce((n, c) => n + c.messages, 0);
const counts = [mini(all.map((b) => [b])), llhttp(toBuffers(all.map((b) => [b])))];
if (counts.some((count) => count !== expected)) {
  throw new Error(`message counts differ: expected ${expected}, got ${counts.join(' / ')}`);
}

console.log(`Node ${process.version}, llhttp ${process.versions['llhttp'] ?? '?'}`);
console.log(`${SECONDS}s per measurement; llhttp driven in-process through Node's binding.\n`);
console.log('| input | mini parser MB/s | llhttp MB/s | mini / llhttp |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, inputs, bytes] of scenarios) {
  const ours = measure(mini, inputs, bytes);
  const theirs = measure(llhttp, toBuffers(inputs), bytes);
  console.log(
    `| ${name} | ${ours.toFixed(1)} | ${theirs.toFixed(1)} | ${(ours / theirs).toFixed(2)}x |`,
  );
}
