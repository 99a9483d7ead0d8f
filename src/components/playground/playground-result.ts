/** Renders one run of the parser for the playground: the chunk table, the verdict, the expectation and each request parsed. */
import { meetsExpectation, type Outcome, type Preset } from '../../lib/http-corpus/presets.ts';
import {
  escapeBytes,
  type ParsedRequest,
  type SessionResult,
} from '../../lib/trace-view/parser-session.ts';
import type { PlaygroundStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';

/** Rows drawn for one parse; the rest are summarised (a 7 kB request in single bytes is 7000 rows). */
const MAX_ROWS = 400;

/** The run's chunks, one row each: where it starts, its bytes, and what the parser made of it. */
function chunkTable(t: PlaygroundStrings, result: SessionResult): HTMLElement[] {
  const rows = result.chunks
    .slice(0, MAX_ROWS)
    .map((c, i) =>
      el(
        'tr',
        {},
        el('td', { text: String(i + 1) }),
        el('td', { text: String(c.offset) }),
        el('td', {}, el('code', { text: escapeBytes(c.bytes) })),
        el('td', { class: 'pp-state', text: c.state }),
        el('td', { text: String(c.bytesConsumed) }),
        el('td', { text: c.events.join('; ') }),
      ),
    );
  const head = el(
    'tr',
    {},
    ...[t.chunkCol, t.offsetCol, t.bytesCol, t.stateCol, t.consumedCol, t.eventsCol].map((h) =>
      el('th', { scope: 'col', text: h }),
    ),
  );
  const table = el(
    'div',
    { class: 'pp-table-wrap', tabindex: '0', role: 'region', 'aria-label': t.chunks },
    el('table', { class: 'pp-chunks' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
  const cut =
    result.chunks.length > MAX_ROWS
      ? [el('p', { class: 'pp-help', text: t.rowsCut(MAX_ROWS, result.chunks.length) })]
      : [];
  return [table, ...cut];
}

/** The verdict's sentences: refused (why, and after how many requests), accepted, or still waiting. */
function verdictLines(
  t: PlaygroundStrings,
  result: SessionResult,
  outcome: Outcome,
): HTMLElement[] {
  if (result.refusal) {
    return [
      el('p', {
        class: 'pp-verdict pp-verdict--refused',
        text: t.refusedResult(result.refusal.status),
      }),
      el(
        'dl',
        { class: 'pp-refusal' },
        el('dt', { text: t.reason }),
        el('dd', { class: 'pp-reason', text: result.refusal.reason }),
        el('dt', { text: t.code }),
        el('dd', {}, el('code', { class: 'pp-code', text: result.refusal.code })),
      ),
      ...(outcome.requests > 0 ? [el('p', { text: t.afterRequests(outcome.requests) })] : []),
    ];
  }
  if (outcome.kind === 'accepted') {
    return [el('p', { class: 'pp-verdict pp-verdict--ok', text: t.okResult(outcome.requests) })];
  }
  return [el('p', { class: 'pp-verdict', text: t.incomplete(result.state) })];
}

/** What the RFC expects of an unedited preset, and whether this run did that. */
function expectation(
  t: PlaygroundStrings,
  chosen: Preset,
  outcome: Outcome,
  closing: boolean,
): HTMLElement {
  const met = meetsExpectation(chosen, outcome);
  const expects =
    chosen.expect === 'ok'
      ? t.expectOk(chosen.messages)
      : t.expectRefused(chosen.expect, chosen.messages);
  const verdict = met
    ? t.matched
    : outcome.kind === 'incomplete' && !closing
      ? t.stillOpen
      : t.differs;
  return el('p', { class: 'pp-expect', 'data-met': String(met) }, t.expectLine(expects, verdict));
}

function requestSection(t: PlaygroundStrings, r: ParsedRequest, n: number): HTMLElement {
  const fields = (pairs: [string, string][]) =>
    pairs.length === 0
      ? el('p', { text: t.none })
      : el(
          'ul',
          { class: 'pp-fields' },
          ...pairs.map(([name, value]) => el('li', {}, el('code', { text: `${name}: ${value}` }))),
        );
  return el(
    'section',
    { class: 'pp-request', 'aria-label': t.request(n) },
    el('h4', { text: t.request(n) }),
    el(
      'p',
      {},
      el('code', { class: 'pp-start-line', text: `${r.method} ${r.target} ${r.version}` }),
    ),
    el('p', { text: `${t.keepAlive}: ${r.keepAlive ? t.yes : t.no}` }),
    el('h5', { text: t.headers }),
    fields(r.headers),
    el('h5', { text: t.body }),
    r.body.length > 0
      ? el('pre', { class: 'pp-body', tabindex: '0' }, escapeBytes(r.body))
      : el('p', { text: t.none }),
    ...(r.trailers.length > 0 ? [el('h5', { text: t.trailers }), fields(r.trailers)] : []),
  );
}

/** How a run was judged, for the result view. */
export interface RunView {
  result: SessionResult;
  outcome: Outcome;
  /** The preset run unedited, whose expectation is then shown; undefined for the reader's own bytes. */
  chosen: Preset | undefined;
  /** Whether the client closed the connection after the last chunk. */
  closing: boolean;
}

/** The output pane's children for one run: the chunks, then the result. */
export function resultView(t: PlaygroundStrings, run: RunView): HTMLElement[] {
  const { result, outcome, chosen } = run;
  const verdict = el(
    'div',
    { class: 'pp-result', 'data-verdict': outcome.kind },
    ...verdictLines(t, result, outcome),
    ...(chosen ? [expectation(t, chosen, outcome, run.closing)] : []),
    ...result.requests.map((r, i) => requestSection(t, r, i + 1)),
  );
  return [
    el('h3', { class: 'pp-heading', text: t.chunks }),
    ...chunkTable(t, result),
    el('h3', { class: 'pp-heading', text: t.result }),
    verdict,
  ];
}
