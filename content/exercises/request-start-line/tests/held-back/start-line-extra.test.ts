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

test('the three target forms beside origin-form parse as sent', () => {
  assert.deepEqual(parseRequestStartLine('GET http://h/x?y=1 HTTP/1.1'), {
    method: 'GET',
    path: 'http://h/x?y=1',
    version: 'HTTP/1.1',
  });
  assert.equal(parseRequestStartLine('OPTIONS * HTTP/1.0').path, '*');
  assert.equal(parseRequestStartLine('CONNECT h:443 HTTP/1.1').path, 'h:443');
});

test('separators other than exactly one space are refused (smuggling)', () => {
  assert.equal(refusal('GET\t/ HTTP/1.1'), '400 bad-request-line');
  assert.equal(refusal('GET / HTTP/1.1 '), '400 bad-request-line');
  assert.equal(refusal(' GET / HTTP/1.1'), '400 bad-request-line');
});

test('versions and methods get the status RFC 9110 gives them', () => {
  assert.equal(refusal('GET / HTTP/1.2'), '505 version-not-supported');
  assert.equal(refusal('GET / HTTP/11'), '400 bad-version');
  assert.equal(refusal('PURGE / HTTP/1.1'), '501 unknown-method');
  assert.equal(refusal('G(T / HTTP/1.1'), '400 bad-method');
  assert.equal(refusal('GET * HTTP/1.1'), '400 bad-target');
  assert.equal(refusal('GET h:443 HTTP/1.1'), '400 bad-target');
});
