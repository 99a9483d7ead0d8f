/** Messages between the page and the Web Worker that runs a step. */
import type { SourceFiles, TestOutcome } from './sandbox.ts';

/** Page → worker. */
export type ToWorker =
  | { type: 'run'; modules: SourceFiles; entry: string; mode: 'demo' | 'serve'; port?: number }
  | { type: 'test'; modules: SourceFiles; checks: string[] }
  | { type: 'request'; id: number; raw: Uint8Array; port: number };

/** Worker → page. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'output'; text: string; stream: 'stdout' | 'stderr' }
  | { type: 'truncated'; dropped: 'lines' }
  | { type: 'trace'; events: unknown[] }
  | { type: 'listening'; port: number }
  | { type: 'exit'; code: number }
  | { type: 'tests'; results: TestOutcome[] }
  | { type: 'response'; id: number; raw: Uint8Array }
  | { type: 'response-error'; id: number; message: string };

/** Output the worker forwards before it stops sending and says "truncated". */
export const OUTPUT_LINE_CAP = 5000;
