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

test('a value loses the spaces and tabs around it and keeps those inside', () => {
  const headers = new HTTPHeaders();
  headers.parseLine('X-Note: \t a \t b \t');
  headers.parseLine('X-Tab:\tv');
  assert.equal(headers.get('x-note'), 'a \t b');
  assert.equal(headers.get('X-TAB'), 'v');
});

test('repeated fields are kept in order under one case-insensitive name', () => {
  const headers = new HTTPHeaders();
  headers.parseLine('Accept: a');
  headers.parseLine('accept: b');
  assert.deepEqual(headers.getList('ACCEPT'), ['a', 'b']);
});

test('lines that could be read two ways are refused, tabs and empty names too', () => {
  assert.equal(refusal('\tX: folded'), '400 obs-fold');
  // The fold is judged first: this line has no colon either.
  assert.equal(refusal(' folded, no colon'), '400 obs-fold');
  assert.equal(refusal('Content-Length\t: 5'), '400 space-before-colon');
  assert.equal(refusal('X Y: 1'), '400 bad-field-name');
  assert.equal(refusal(': no name'), '400 bad-field-name');
  assert.equal(refusal('X: a\u007fb'), '400 bad-field-value');
});
