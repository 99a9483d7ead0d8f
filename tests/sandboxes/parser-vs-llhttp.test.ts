/** Differential test: the step 08 parser against node:http's real parser (llhttp), case by case over the corpus. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { corpus } from '../../src/lib/http-corpus/cases.ts';
import { differences } from '../fixtures/http-corpus/differences.ts';
import { NodeReference } from '../fixtures/http/node-reference.ts';
import { miniOutcome, nodeOutcome, type Outcome } from '../fixtures/http/outcome.ts';
import { bytesOf } from '../../src/lib/http-corpus/split.ts';

const reference = new NodeReference();
const nodeOutcomes = new Map<string, Outcome>();

beforeAll(async () => {
  await reference.start();
  // One fresh connection per case; a few at a time keeps the run short.
  const queue = [...corpus];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      nodeOutcomes.set(next.id, nodeOutcome(await reference.send(bytesOf(next.raw))));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
});

afterAll(async () => {
  await reference.close();
});

const listed = new Map(differences.map((d) => [d.id, d]));

describe.each(corpus)('$id', (testCase) => {
  test('agrees with llhttp, or differs exactly as documented', () => {
    const mini = miniOutcome([bytesOf(testCase.raw)]);
    const node = nodeOutcomes.get(testCase.id);
    if (!node) throw new Error('node:http gave no verdict');
    const difference = listed.get(testCase.id);
    if (!difference) {
      // Every completed request must match field for field.
      expect(mini.messages).toEqual(node.messages);
      expect({ status: mini.status }, 'an undocumented difference').toEqual({
        status: node.status,
      });
      return;
    }
    // Where we refuse earlier, what we did complete is what node parsed first.
    expect(mini.messages).toEqual(node.messages.slice(0, mini.messages.length));
    expect(mini.status, 'listed status for the mini parser').toBe(difference.mini);
    expect(node.status ?? 'accept', 'listed verdict for node:http').toBe(difference.node);
    expect(difference.kind).toBe(node.status === null ? 'stricter' : 'status');
  });
});
