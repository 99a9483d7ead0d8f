/** Step 07: the pieces of an HTTP/1.1 request head: start line, header fields, and the error that refuses one. */

/** A token (RFC 9110 §5.6.2): method names and field names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A trimmed field value: visible ASCII, obs-text, SP/HTAB (RFC 9110 §5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Methods this server knows; any other token gets 501 (RFC 9110 §9.1). */
const METHODS = new Set(
  'GET HEAD POST PUT DELETE CONNECT OPTIONS TRACE PATCH'.split(' '),
);
const HOST_PART = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+;=%]`;
const AUTHORITY = new RegExp(`^${HOST_PART}+):\\d+$`);
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const HOST = new RegExp(`^(?:${HOST_PART}*))(?::\\d*)?$`);

/** A refused request: the status to answer, a stable code, a precise reason. */
export class HTTPInputError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, reason: string) {
    super(reason);
    this.name = 'HTTPInputError';
    this.status = status;
    this.code = code;
  }
}

/** Throws the HTTPInputError; keeps each refusal on one line. */
export function fail(status: number, code: string, reason: string): never {
  throw new HTTPInputError(status, code, reason);
}

/** The first line of a request, as Tornado's httputil.RequestStartLine. */
export interface RequestStartLine {
  method: string;
  path: string;
  version: string;
}

/** Splits and checks `method SP request-target SP HTTP-version` (RFC 9112 §3). */
export function parseRequestStartLine(line: string): RequestStartLine {
  // Exactly one SP each: lenient splitting invites smuggling (RFC 9112 §3).
  const parts = line.split(' ');
  const [method = '', path = '', version = ''] = parts;
  if (parts.length !== 3) {
    fail(400, 'bad-request-line', 'expected "method SP target SP version"');
  }
  if (!TOKEN.test(method)) fail(400, 'bad-method', 'the method is not a token');
  if (!/^HTTP\/\d\.\d$/.test(version)) {
    fail(400, 'bad-version', `malformed version "${version}"`);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    fail(505, 'version-not-supported', `${version} is not HTTP/1.0 or 1.1`);
  }
  if (!METHODS.has(method)) {
    fail(501, 'unknown-method', `unknown method ${method}`);
  }
  checkTarget(method, path);
  return { method, path, version };
}

/** Accepts the four request-target forms (RFC 9112 §3.2), each only where it belongs. */
function checkTarget(method: string, target: string): void {
  if (!/^[\x21-\x7e]+$/.test(target)) {
    fail(400, 'bad-target', 'empty target, or a control, space or 8-bit byte');
  }
  const authority = AUTHORITY.test(target);
  if (method === 'CONNECT' || authority) {
    if (method !== 'CONNECT' || !authority) {
      fail(400, 'bad-target', 'authority-form goes with CONNECT, and only it');
    }
  } else if (target === '*') {
    if (method !== 'OPTIONS')
      fail(400, 'bad-target', 'asterisk-form is for OPTIONS only');
  } else if (!target.startsWith('/') && !ABSOLUTE.test(target)) {
    fail(400, 'bad-target', 'expected /path or an absolute URI');
  }
}

/** A valid Host value: uri-host [":" port]; a comma would read as a list of hosts. */
export function isValidHost(value: string): boolean {
  return HOST.test(value);
}

/** Header fields: case-insensitive names, repeats kept in arrival order. */
export class HTTPHeaders {
  readonly #fields: [name: string, value: string][] = [];

  /** Appends a field, keeping earlier ones with the same name. */
  add(name: string, value: string): void {
    this.#fields.push([name, value]);
  }

  /** Replaces every field called `name` with one. */
  set(name: string, value: string): void {
    const key = name.toLowerCase();
    const kept = this.#fields.filter(([n]) => n.toLowerCase() !== key);
    this.#fields.splice(0, Infinity, ...kept, [name, value]);
  }

  /** Every value of `name`, in order. */
  getList(name: string): string[] {
    const key = name.toLowerCase();
    return this.#fields
      .filter(([n]) => n.toLowerCase() === key)
      .map((f) => f[1]);
  }

  /** The values of `name` joined with ", " (RFC 9110 §5.3), or undefined. */
  get(name: string): string | undefined {
    const values = this.getList(name);
    return values.length > 0 ? values.join(', ') : undefined;
  }

  has(name: string): boolean {
    return this.getList(name).length > 0;
  }

  get size(): number {
    return this.#fields.length;
  }

  /** [name, value] pairs in arrival order, names as sent. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#fields.values();
  }

  /** Parses one `name ":" OWS value OWS` line (RFC 9112 §5.1) and adds it. */
  parseLine(line: string): void {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      fail(
        400,
        'obs-fold',
        'a line starts with whitespace (obs-fold, RFC 9112 §5.2)',
      );
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon < 0) fail(400, 'missing-colon', 'a field line has no colon');
    if (/[ \t]$/.test(name)) {
      fail(
        400,
        'space-before-colon',
        `whitespace after "${name.trim()}" (RFC 9112 §5.1)`,
      );
    }
    if (!TOKEN.test(name))
      fail(400, 'bad-field-name', 'a field name is not a token');
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!FIELD_VALUE.test(value)) {
      fail(400, 'bad-field-value', `a control character in field ${name}`);
    }
    this.add(name, value);
  }
}
