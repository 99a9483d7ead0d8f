/** The step 09 server (real TCP, through the CLI) and real Tornado 6 answer the same raw requests. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HTTP1Parser } from '../../content/sandboxes/09-serving/http1-parser.ts';
import { rawExchange } from '../fixtures/http/raw-client.ts';
import {
  requireTornado,
  startStepServer,
  startTornadoReference,
  type RunningServer,
} from '../fixtures/http/servers.ts';
import {
  allCases,
  exchangeAll,
  exchangeCase,
  verdictOf,
  type Outcome,
} from '../fixtures/tornado/compare.ts';
import {
  listedVerdict,
  originForm,
  tornadoDifferences,
} from '../fixtures/tornado/server-differences.ts';

let tornado: RunningServer | undefined;
let mini: RunningServer | undefined;
const fromTornado = new Map<string, Outcome>();
const fromMini = new Map<string, Outcome>();
/** For inputs listed as hanging Tornado: whether Tornado still answered a request afterwards. */
const aliveAfter = new Map<string, boolean>();
/** For absolute-form inputs Tornado misroutes: its answer to the same request in origin-form. */
const tornadoOriginForm = new Map<string, Outcome>();

beforeAll(async () => {
  requireTornado();
  [tornado, mini] = await Promise.all([startTornadoReference(), startStepServer('09', 0)]);
  const hanging = allCases.filter((c) => listedVerdict(c.id) === 'hangs');
  const rest = allCases.filter((c) => listedVerdict(c.id) !== 'hangs');
  const [t, m] = await Promise.all([
    exchangeAll(tornado.port, rest),
    exchangeAll(mini.port, allCases),
  ]);
  for (const [id, outcome] of t) fromTornado.set(id, outcome);
  for (const [id, outcome] of m) fromMini.set(id, outcome);
  const misrouted = allCases.filter((c) => listedVerdict(c.id) === 'misrouted');
  const rewritten = misrouted.map((c) => ({ ...c, raw: originForm(c.raw) }));
  for (const [id, outcome] of await exchangeAll(tornado.port, rewritten)) {
    tornadoOriginForm.set(id, outcome);
  }
  // These stop Tornado's loop, so they go last, one at a time, each followed by a probe.
  for (const testCase of hanging) {
    fromTornado.set(testCase.id, await exchangeCase(tornado.port, testCase, 800));
    const probe = await rawExchange(tornado.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n', {
      responses: 1,
      timeoutMs: 1500,
    });
    aliveAfter.set(testCase.id, !probe.timedOut);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([tornado?.stop(), mini?.stop()]);
});

function outcomes(id: string): { t: Outcome; m: Outcome } {
  const t = fromTornado.get(id);
  const m = fromMini.get(id);
  if (!t || !m) throw new Error(`no outcome for ${id}`);
  return { t, m };
}

const isAnswer = (status: number): boolean => status < 400 || status === 404 || status === 405;

describe('well-formed requests (corpus and reference routes)', () => {
  for (const testCase of allCases.filter((c) => c.expect === 'ok')) {
    if (listedVerdict(testCase.id) === 'refused') {
      test(`${testCase.id}: the mini server answers; Tornado refuses (listed difference)`, () => {
        const { t, m } = outcomes(testCase.id);
        expect(m.statuses).toHaveLength(testCase.messages);
        expect(m.statuses.every(isAnswer), `mini statuses ${m.statuses.join(',')}`).toBe(true);
        const tornadoAnswered =
          t.statuses.length === testCase.messages && t.statuses.every(isAnswer);
        expect(tornadoAnswered, `Tornado answered ${t.statuses.join(',')}`).toBe(false);
      });
    } else if (listedVerdict(testCase.id) === 'misrouted') {
      test(`${testCase.id}: the mini server routes on the target's path; Tornado answers 404 (listed difference)`, () => {
        const { t, m } = outcomes(testCase.id);
        expect(t.statuses).toEqual(Array(testCase.messages).fill(404));
        const origin = tornadoOriginForm.get(testCase.id);
        expect(origin?.statuses, 'Tornado routes the origin-form request').not.toContain(404);
        expect(m.statuses).toEqual(origin?.statuses);
        expect(m.bodies).toEqual(origin?.bodies);
      });
    } else {
      test(`${testCase.id}: same statuses and bodies as Tornado`, () => {
        const { t, m } = outcomes(testCase.id);
        expect(t.statuses).toHaveLength(testCase.messages);
        expect(m.statuses).toEqual(t.statuses);
        expect(m.bodies).toEqual(t.bodies);
        expect(m.continued).toBe(t.continued);
      });
    }
  }
});

describe('malformed requests', () => {
  for (const testCase of allCases.filter((c) => c.expect !== 'ok')) {
    test(`${testCase.id}: the mini server refuses (${testCase.expect}); Tornado as listed`, () => {
      const { t, m } = outcomes(testCase.id);
      expect(m.statuses.slice(0, testCase.messages).every(isAnswer)).toBe(true);
      // Input cut short is refused only at EOF, when the stream is already closed: no status then.
      const fed = new HTTP1Parser().feed(Buffer.from(testCase.raw, 'latin1'));
      const cutShort = !fed.some((event) => event.type === 'error');
      expect(m.statuses.slice(testCase.messages)).toEqual(cutShort ? [] : [testCase.expect]);
      expect(m.closed, 'the connection is closed after a refusal').toBe(true);
      const listed = listedVerdict(testCase.id);
      if (listed === 'hangs') {
        expect(aliveAfter.get(testCase.id), 'Tornado still serving afterwards').toBe(false);
      } else if (listed === 'accepted') {
        expect(verdictOf(testCase, t)).toBe('accepted');
      } else {
        expect(verdictOf(testCase, t), `Tornado answered ${t.statuses.join(',')}`).not.toBe(
          'accepted',
        );
      }
    });
  }
});

test('every listed difference names a case, once', () => {
  const ids = tornadoDifferences.flatMap((group) => group.ids);
  const known = new Set(allCases.map((c) => c.id));
  expect(ids.filter((id) => !known.has(id))).toEqual([]);
  expect(new Set(ids).size).toBe(ids.length);
});

test('docs/server-differences.md lists every difference with its reason', () => {
  const doc = readFileSync(new URL('../../docs/server-differences.md', import.meta.url), 'utf8');
  const flat = doc.replace(/\s+/g, ' ');
  for (const group of tornadoDifferences) {
    expect(flat, group.ids[0]).toContain(group.why.replace(/\s+/g, ' '));
    for (const id of group.ids) expect(doc).toContain(`\`${id}\``);
  }
});
