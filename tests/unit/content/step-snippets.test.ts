import { describe, expect, it } from 'vitest';
import {
  extractRegion,
  extractSymbol,
  loadSnippet,
  parseMeta,
} from '../../../src/lib/content/step-snippets.ts';

const source = `/** Module. */
export class Loop {
  #queue: number[] = [];

  /** Adds one. */
  add(n: number): void {
    this.#queue.push(n);
  }
}

// #region helper
export function helper(): number {
  return 1;
}
// #endregion
`;

describe('step snippets', () => {
  it('parses key=value meta, quoted or bare', () => {
    expect(parseMeta('title="a b" file=01-x/y.ts')).toEqual({ title: 'a b', file: '01-x/y.ts' });
    expect(parseMeta(undefined)).toEqual({});
  });

  it('cuts a method with its doc comment, dedented', () => {
    expect(extractSymbol(source, 'Loop.add')).toBe(
      '/** Adds one. */\nadd(n: number): void {\n  this.#queue.push(n);\n}',
    );
  });

  it('cuts a top-level declaration and a region', () => {
    expect(extractSymbol(source, 'helper')).toBe(
      'export function helper(): number {\n  return 1;\n}',
    );
    expect(extractRegion(source, 'helper')).toBe(
      'export function helper(): number {\n  return 1;\n}',
    );
  });

  it('names what it cannot find', () => {
    expect(() => extractSymbol(source, 'Loop.remove')).toThrow('no declaration "Loop.remove"');
    expect(() => extractRegion(source, 'nope')).toThrow('no region "nope"');
    expect(() => loadSnippet({ file: '01-callbacks/missing.ts' })).toThrow(/does not exist/);
    expect(() => loadSnippet({ file: '../secret.ts' })).toThrow(/is not <step>/);
  });

  it('reads real step files', () => {
    expect(loadSnippet({ file: '01-callbacks/ioloop.ts', symbol: 'IOLoop.addCallback' })).toContain(
      'addCallback(',
    );
  });
});
