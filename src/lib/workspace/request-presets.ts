/** Ready-made requests for the reference app, and the raw bytes a request panel sends. */

/** One preset of the request panel. */
export interface RequestPreset {
  label: string;
  method: string;
  path: string;
  headers: string;
  body: string;
}

/** The reference app's routes, plus requests it must refuse. */
export function requestPresets(): RequestPreset[] {
  const get = (label: string, path: string): RequestPreset => ({
    label,
    method: 'GET',
    path,
    headers: '',
    body: '',
  });
  return [
    get('GET /', '/'),
    get('GET /hello/<name>', '/hello/Tornado'),
    {
      label: 'POST /echo',
      method: 'POST',
      path: '/echo',
      headers: 'Content-Type: text/plain',
      body: 'echo me',
    },
    get('GET /sleep?ms=50', '/sleep?ms=50'),
    get('404: GET /missing', '/missing'),
    { label: '405: DELETE /', method: 'DELETE', path: '/', headers: '', body: '' },
    {
      label: 'Malformed: Content-Length and Transfer-Encoding',
      method: 'POST',
      path: '/echo',
      headers: 'Content-Length: 5\nTransfer-Encoding: chunked',
      body: '0\r\n\r\n',
    },
  ];
}

/**
 * Builds the bytes of an HTTP/1.1 request. Lines the reader typed are joined with CRLF; a
 * Content-Length is added for a body unless the headers already frame it (so malformed framing
 * can be sent on purpose).
 */
export function toRawRequest(request: {
  method: string;
  path: string;
  headers: string;
  body: string;
}): Uint8Array {
  const lines = request.headers
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const has = (name: string) => lines.some((l) => l.toLowerCase().startsWith(`${name}:`));
  if (!has('host')) lines.unshift('Host: localhost');
  const body = new TextEncoder().encode(request.body);
  if (body.length > 0 && !has('content-length') && !has('transfer-encoding')) {
    lines.push(`Content-Length: ${body.length}`);
  }
  const head = new TextEncoder().encode(
    `${request.method} ${request.path} HTTP/1.1\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`,
  );
  const raw = new Uint8Array(head.length + body.length);
  raw.set(head);
  raw.set(body, head.length);
  return raw;
}
