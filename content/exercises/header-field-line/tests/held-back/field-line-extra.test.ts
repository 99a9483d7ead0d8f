import { assert, test } from '../../_template/testing.ts';
import { HTTPHeaders, HTTPInputError } from '../httputil.ts';

function refusal(line: string): string {
  try {
    new HTTPHeaders().parseLine(line);
    return 'accepted';
  } catch (error) {
    if (error instanceof HTTPInputError) return `${error.status} ${error.code}`;
    return `threw ${String(error)}`;
  }
}

test('a value loses the whitespace around it and keeps the spaces inside', () => {
  const headers = new HTTPHeaders();
  headers.parseLine('X-Note: \t a  b \t');
  headers.parseLine('X-Empty:');
  assert.equal(headers.get('x-note'), 'a  b');
  assert.equal(headers.get('X-EMPTY'), '');
});

test('repeated fields are kept in order under one case-insensitive name', () => {
  const headers = new HTTPHeaders();
  headers.parseLine('Accept: a');
  headers.parseLine('accept: b');
  assert.deepEqual(headers.getList('ACCEPT'), ['a', 'b']);
});

test('lines that could be read two ways are refused', () => {
  assert.equal(refusal('\tX: folded'), '400 obs-fold');
  assert.equal(refusal('Content-Length\t: 5'), '400 space-before-colon');
  assert.equal(refusal('no colon here'), '400 missing-colon');
  assert.equal(refusal('X Y: 1'), '400 bad-field-name');
  assert.equal(refusal('X: a\u0001b'), '400 bad-field-value');
});
