/** The step 08 parser over the whole corpus: the expected verdict, identical for every byte split. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpus } from '../../src/lib/http-corpus/cases.ts';
import { differences } from '../fixtures/http-corpus/differences.ts';
import { miniOutcome } from '../fixtures/http/outcome.ts';
import { byteByByte, bytesOf, randomSplit } from '../../src/lib/http-corpus/split.ts';

const SEEDS = [1, 7, 42, 1234, 99991];

describe('the corpus', () => {
  test('holds at least 150 cases, 60 of them malformed, with unique ids', () => {
    const ids = new Set(corpus.map((c) => c.id));
    expect(ids.size).toBe(corpus.length);
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(corpus.filter((c) => c.expect !== 'ok').length).toBeGreaterThanOrEqual(60);
  });

  test('every listed difference names a corpus case, once', () => {
    const ids = new Set(corpus.map((c) => c.id));
    const listed = differences.map((d) => d.id);
    expect(listed.filter((id) => !ids.has(id))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  test('docs/parser-differences.md mirrors the list', () => {
    const doc = readFileSync(new URL('../../docs/parser-differences.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(differences.map((d) => d.id).sort());
  });
});

describe.each(corpus)('$id', (testCase) => {
  const bytes = bytesOf(testCase.raw);
  const whole = miniOutcome([bytes]);

  test(`is ${testCase.expect === 'ok' ? 'accepted' : `refused with ${testCase.expect}`}`, () => {
    expect(whole.status ?? 'ok').toBe(testCase.expect);
    expect(whole.messages.length).toBe(testCase.messages);
  });

  test('gives the same outcome in any byte split', () => {
    for (const seed of SEEDS) {
      expect(miniOutcome(randomSplit(bytes, seed, 1 + (seed % 23))), `seed ${seed}`).toEqual(whole);
    }
    expect(miniOutcome(byteByByte(bytes)), 'one byte at a time').toEqual(whole);
  });
});
