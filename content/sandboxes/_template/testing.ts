/** A tiny test API for check/ files that runs the same in Node, WebContainer and a Web Worker. */

import { setPlatform } from './platform.ts';
import {
  describeError,
  formatEvent,
  resetTrace,
  subscribe,
  type Stamped,
} from './trace.ts';
import { VirtualPlatform } from './virtual-net.ts';

/** The outcome of one test, ready to show as expected vs actual. */
export interface TestResult {
  name: string;
  ok: boolean;
  /** What the failing assertion wanted. */
  expected?: unknown;
  /** What it got. */
  actual?: unknown;
  /** Why it failed. */
  message?: string;
  /** `'timeline'` when expected/actual are lists of events to draw side by side. */
  view?: 'value' | 'timeline';
}

/** A registered test, not yet run. */
export interface TestCase {
  name: string;
  fn: () => void | Promise<void>;
}

/** Thrown by assertions; carries what was expected and what came. */
export class AssertionError extends Error {
  readonly expected: unknown;
  readonly actual: unknown;
  readonly view: 'value' | 'timeline';

  constructor(
    message: string,
    expected: unknown,
    actual: unknown,
    view: 'value' | 'timeline' = 'value',
  ) {
    super(message);
    this.name = 'AssertionError';
    this.expected = expected;
    this.actual = actual;
    this.view = view;
  }
}

let registered: TestCase[] = [];

/** Declares a test; `fn` may be async. Tests run in declaration order. */
export function test(name: string, fn: () => void | Promise<void>): void {
  registered.push({ name, fn });
}

/** Takes the tests declared since the last call (hosts run them one by one). */
export function collect(): TestCase[] {
  const cases = registered;
  registered = [];
  return cases;
}

/**
 * Runs one test on a fresh virtual platform with no trace listeners, so
 * tests never see each other's clocks, sockets or output.
 */
export async function runTest(testCase: TestCase): Promise<TestResult> {
  // Checks are deterministic: real work never moves their clock.
  setPlatform(new VirtualPlatform({ print: null, stopwatch: () => 0 }));
  resetTrace();
  try {
    await testCase.fn();
    return { name: testCase.name, ok: true };
  } catch (error) {
    if (error instanceof AssertionError) {
      return {
        name: testCase.name,
        ok: false,
        expected: error.expected,
        actual: error.actual,
        message: error.message,
        view: error.view,
      };
    }
    return {
      name: testCase.name,
      ok: false,
      message: `threw ${describeError(error)}`,
    };
  } finally {
    resetTrace();
  }
}

/** Runs every declared test and returns the results. */
export async function run(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const testCase of collect()) results.push(await runTest(testCase));
  return results;
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array &&
      b instanceof Uint8Array &&
      a.length === b.length &&
      a.every((byte, i) => byte === b[i])
    );
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.every(
    (key) => key in recordB && same(recordA[key], recordB[key]),
  );
}

/** Assertions that record expected vs actual. */
export const assert = {
  /** Strict equality (Object.is). */
  equal<T>(actual: T, expected: T, message = 'values differ'): void {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(message, expected, actual);
    }
  },

  /** Structural equality of arrays, plain objects and byte arrays. */
  deepEqual<T>(actual: T, expected: T, message = 'values differ'): void {
    if (!same(actual, expected))
      throw new AssertionError(message, expected, actual);
  },

  /** A truthy value. */
  ok(value: unknown, message = 'expected a truthy value'): void {
    if (!value) throw new AssertionError(message, true, value);
  },

  /** `fn` throws, and if `match` is given, the error's message contains it. */
  throws(
    fn: () => unknown,
    match?: string | RegExp,
    message = 'expected a throw',
  ): void {
    let threw = false;
    let error: unknown;
    try {
      fn();
    } catch (caught) {
      threw = true;
      error = caught;
    }
    if (!threw) throw new AssertionError(message, 'an error', 'no error');
    checkMatch(error, match);
  },

  /** The promise (or anything awaitable) rejects, optionally with a matching message. */
  async rejects(
    promise: PromiseLike<unknown>,
    match?: string | RegExp,
    message = 'expected a rejection',
  ): Promise<void> {
    try {
      const value = await promise;
      throw new AssertionError(message, 'a rejection', value);
    } catch (error) {
      if (error instanceof AssertionError) throw error;
      checkMatch(error, match);
    }
  },

  /** Two timelines (lists of event labels) are the same, shown side by side on failure. */
  order(
    actual: readonly string[],
    expected: readonly string[],
    message = 'wrong order',
  ): void {
    if (!same(actual, expected)) {
      throw new AssertionError(message, [...expected], [...actual], 'timeline');
    }
  },
};

function checkMatch(error: unknown, match: string | RegExp | undefined): void {
  if (match === undefined) return;
  const text = describeError(error);
  const ok =
    typeof match === 'string' ? text.includes(match) : match.test(text);
  if (!ok) throw new AssertionError('error did not match', String(match), text);
}

/** Records trace events while a test runs; `lines()` gives them formatted, `events` raw. */
export function recordTrace(): {
  events: Stamped[];
  lines(): string[];
  stop(): void;
} {
  const events: Stamped[] = [];
  const stop = subscribe((event) => events.push(event));
  return { events, lines: () => events.map(formatEvent), stop };
}
