import { assert, test } from '../../_template/testing.ts';
import { HTTPInputError, parseRequestStartLine } from '../httputil.ts';

function refusal(line: string): string {
  try {
    parseRequestStartLine(line);
    return 'accepted';
  } catch (error) {
    if (error instanceof HTTPInputError) return `${error.status} ${error.code}`;
    return `threw ${String(error)}`;
  }
}

test('targets that fit no form are refused, even an empty one', () => {
  // Two spaces around an empty target still give three parts: only checkTarget refuses it.
  assert.equal(refusal('GET  HTTP/1.1'), '400 bad-target');
  assert.equal(refusal('GET a/b HTTP/1.1'), '400 bad-target');
  assert.equal(refusal('GET h:443 HTTP/1.1'), '400 bad-target');
  assert.equal(refusal('GET /caf\u00e9 HTTP/1.1'), '400 bad-target');
  assert.equal(refusal('GET /a\u0001 HTTP/1.1'), '400 bad-target');
});

test('separators other than exactly one space are refused (smuggling)', () => {
  assert.equal(refusal('GET\t/ HTTP/1.1'), '400 bad-request-line');
  assert.equal(refusal('GET / HTTP/1.1 '), '400 bad-request-line');
  assert.equal(refusal(' GET / HTTP/1.1'), '400 bad-request-line');
});

test('a method that is not a token is 400, and the first wrong part decides the status', () => {
  assert.equal(refusal('G(T / HTTP/1.1'), '400 bad-method');
  assert.equal(refusal('GET / HTTP/11'), '400 bad-version');
  assert.equal(refusal('GET / HTTP/1.2'), '505 version-not-supported');
  // Several wrong parts: the method's form, then the version, the method, the target.
  assert.equal(refusal('G(T / HTTP/2.0'), '400 bad-method');
  assert.equal(refusal('BREW / HTTP/2.0'), '505 version-not-supported');
  assert.equal(refusal('BREW * HTTP/1.1'), '501 unknown-method');
});
