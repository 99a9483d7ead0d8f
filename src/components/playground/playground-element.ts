/** The `<tal-parser-playground>` element: type request bytes, split them into chunks, and watch step 08's parser take them. */
import './playground.css';
import { fromLatin1 } from '../../lib/lesson/index.ts';
import type { ViewLang } from '../../lib/trace-view/describe.ts';
import {
  escapeBytes,
  parseCuts,
  randomCuts,
  runParser,
  singleByteCuts,
  splitAt,
  unescapeBytes,
  type ParsedRequest,
  type SessionResult,
} from '../../lib/trace-view/parser-session.ts';
import { playgroundStrings, type PlaygroundStrings } from '../../lib/trace-view/strings.ts';
import {
  meetsExpectation,
  outcomeOf,
  presetGroups,
  presets,
  type Outcome,
  type Preset,
} from '../../lib/http-corpus/presets.ts';
import { el } from '../dom.ts';

/** Rows drawn for one parse; the rest are summarised (a 7 kB request in single bytes is 7000 rows). */
const MAX_ROWS = 400;

/** Where the first malformed escape starts (1-based, as unescapeBytes counts), to say so in the page's language. */
function badEscapeAt(text: string): number | null {
  for (const m of text.matchAll(/\\(?:[rnt0\\]|x[0-9A-Fa-f]{2})?/g)) {
    if (m[0] === '\\') return m.index + 1;
  }
  return null;
}

let counter = 0;

export class TalParserPlayground extends HTMLElement {
  #t!: PlaygroundStrings;
  #lang: ViewLang = 'en';
  #id = '';
  #ui!: {
    preset: HTMLSelectElement;
    about: HTMLElement;
    raw: HTMLTextAreaElement;
    cuts: HTMLInputElement;
    pieces: HTMLInputElement;
    seed: HTMLInputElement;
    close: HTMLInputElement;
    split: HTMLElement;
    error: HTMLElement;
    output: HTMLElement;
  };

  connectedCallback(): void {
    if (this.dataset['ready']) return;
    const lang: ViewLang = (this.dataset['lang'] ?? document.documentElement.lang).startsWith('zh')
      ? 'zh'
      : 'en';
    this.#lang = lang;
    this.#t = playgroundStrings(lang);
    this.#id = `pp${++counter}`;
    this.#build();
    this.dataset['ready'] = 'true';
    // No parse yet: the reader predicts first, and the verdict waits for a button.
    this.#loadPreset();
  }

  #build(): void {
    const t = this.#t;
    const id = (name: string) => `${this.#id}-${name}`;
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', t.region);
    const lang = this.#lang;
    const preset = el('select', {
      id: id('preset'),
      class: 'pp-preset',
      'aria-describedby': id('about'),
    });
    preset.append(el('option', { value: '', text: t.custom }));
    // Grouped by what they teach and labelled by what they are, never by what becomes of them.
    for (const group of presetGroups) {
      const options = presets
        .filter((p) => p.group === group.id)
        .map((p) => el('option', { value: p.id, text: p.label[lang] }));
      preset.append(el('optgroup', { label: group.name[lang] }, ...options));
    }
    preset.value = this.dataset['preset'] ?? presets[0]?.id ?? '';
    preset.addEventListener('change', () => {
      this.#ui.cuts.value = '';
      this.#loadPreset();
    });
    const about = el('p', { id: id('about'), class: 'pp-about', 'aria-live': 'polite' });
    const raw = el('textarea', {
      id: id('raw'),
      class: 'pp-raw',
      rows: '7',
      spellcheck: 'false',
      autocapitalize: 'off',
      'aria-describedby': id('raw-help'),
    });
    // Edited bytes are the reader's own: no preset sentence or expectation applies to them any more.
    raw.addEventListener('input', () => {
      if (this.#ui.preset.value !== '') {
        this.#ui.preset.value = '';
        this.#describe();
      }
      this.#clear();
    });
    const cuts = el('input', {
      id: id('cuts'),
      class: 'pp-cuts',
      type: 'text',
      inputmode: 'numeric',
      spellcheck: 'false',
      'aria-describedby': id('cuts-help'),
    });
    const pieces = el('input', {
      id: id('pieces'),
      class: 'pp-pieces',
      type: 'number',
      min: '2',
      max: '64',
      value: '4',
    });
    const seed = el('input', {
      id: id('seed'),
      class: 'pp-seed',
      type: 'number',
      min: '0',
      value: '1',
    });
    // A new seed or count redraws the cuts; it runs the parser only if a result is already shown.
    const reseed = () => {
      const bytes = this.#bytes();
      if (bytes) {
        const n = Math.max(0, Math.floor(Number(seed.value) || 0));
        this.#applyRandom(bytes, n, this.#ui.output.querySelector('.pp-result') !== null);
      }
    };
    seed.addEventListener('change', reseed);
    pieces.addEventListener('change', reseed);
    const close = el('input', { id: id('close'), class: 'pp-close', type: 'checkbox' });
    close.checked = true;
    const button = (cls: string, text: string, action: () => void, primary = false) => {
      const b = el('button', {
        type: 'button',
        class: `pp-button ${cls}${primary ? ' pp-primary' : ''}`,
        text,
      });
      b.addEventListener('click', action);
      return b;
    };
    const field = (
      forId: string,
      label: string,
      control: HTMLElement,
      help?: string,
      ...more: HTMLElement[]
    ) =>
      el(
        'div',
        { class: 'pp-field' },
        el('label', { for: forId, text: label }),
        control,
        ...(help ? [el('p', { class: 'pp-help', id: `${forId}-help`, text: help })] : []),
        ...more,
      );
    const split = el('p', { class: 'pp-split', 'aria-live': 'polite' });
    const error = el('p', { class: 'pp-error', role: 'alert', hidden: '' });
    const output = el('div', { class: 'pp-output' });
    const form = el(
      'form',
      { class: 'pp-form' },
      field(id('preset'), t.preset, preset, undefined, about),
      field(id('raw'), t.raw, raw, t.rawHelp),
      field(id('cuts'), t.cuts, cuts, t.cutsHelp),
      el(
        'div',
        { class: 'pp-row' },
        field(id('pieces'), t.pieces, pieces),
        field(id('seed'), t.seed, seed),
        button('pp-random', t.random, () => this.#random()),
        button('pp-single', t.single, () => this.#single()),
        button('pp-whole', t.whole, () => {
          this.#ui.cuts.value = '';
          this.#parse();
        }),
      ),
      el('div', { class: 'pp-check' }, close, el('label', { for: id('close'), text: t.close })),
      el('button', { type: 'submit', class: 'pp-button pp-primary pp-parse', text: t.parse }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#parse();
    });
    this.replaceChildren(form, split, error, output);
    this.#ui = { preset, about, raw, cuts, pieces, seed, close, split, error, output };
  }

  #chosen(): Preset | undefined {
    return presets.find((p) => p.id === this.#ui.preset.value);
  }

  /** Puts the chosen preset's bytes in the box and its sentence by the select; the verdict waits. */
  #loadPreset(): void {
    const chosen = this.#chosen();
    if (chosen) this.#ui.raw.value = escapeBytes(fromLatin1(chosen.raw), true);
    this.#describe();
    this.#clear();
  }

  #describe(): void {
    this.#ui.about.textContent = this.#chosen()?.teaches[this.#lang] ?? this.#t.customAbout;
  }

  /** Takes the last run off the page (table, verdict, split line, error) until the next one. */
  #clear(): void {
    this.#ui.error.hidden = true;
    this.#ui.error.textContent = '';
    this.#ui.split.textContent = '';
    this.#ui.output.replaceChildren(el('p', { class: 'pp-pending', text: this.#t.pending }));
    this.removeAttribute('data-verdict');
  }

  #bytes(): Uint8Array | null {
    const text = this.#ui.raw.value;
    try {
      return unescapeBytes(text);
    } catch (error) {
      const at = badEscapeAt(text);
      this.#fail(at === null ? error : this.#t.badEscape(at));
      return null;
    }
  }

  /** The typed positions, or an error for a token that is not a position inside the bytes. */
  #cuts(length: number): number[] | string {
    const t = this.#t;
    for (const token of this.#ui.cuts.value.split(/[\s,;]+/)) {
      if (token === '') continue;
      if (!/^\d+$/.test(token)) return t.notPosition(token);
      const at = Number(token);
      // parseCuts would drop such a cut silently; the reader meant something by it, so say so.
      if (at < 1 || at >= length) return t.outside(at, length);
    }
    return parseCuts(this.#ui.cuts.value, length);
  }

  /** Shows only the error: a table left from an earlier run would look like this run's answer. */
  #fail(error: unknown): void {
    this.#ui.split.textContent = '';
    this.#ui.output.replaceChildren();
    this.removeAttribute('data-verdict');
    this.#ui.error.textContent = error instanceof Error ? error.message : String(error);
    this.#ui.error.hidden = false;
  }

  /** A fresh seed each press, shown and editable, so a split can be reproduced. */
  #random(): void {
    const bytes = this.#bytes();
    if (!bytes) return;
    const seed = Math.floor(Math.random() * 1_000_000);
    this.#ui.seed.value = String(seed);
    this.#applyRandom(bytes, seed);
  }

  #applyRandom(bytes: Uint8Array, seed: number, run = true): void {
    const pieces = Math.max(2, Math.min(64, Number(this.#ui.pieces.value) || 4));
    this.#ui.cuts.value = randomCuts(bytes.length, pieces, seed).join(', ');
    const note = this.#t.seedShown(seed, Math.min(pieces, bytes.length));
    if (run) {
      this.#parse(note);
    } else {
      // New cuts answer an earlier complaint about the old ones.
      this.#ui.error.hidden = true;
      this.#ui.split.textContent = note;
    }
  }

  #single(): void {
    const bytes = this.#bytes();
    if (!bytes) return;
    this.#ui.cuts.value = singleByteCuts(bytes.length).join(',');
    this.#parse();
  }

  #parse(note = ''): void {
    this.#ui.error.hidden = true;
    const bytes = this.#bytes();
    if (!bytes) return;
    const cuts = this.#cuts(bytes.length);
    if (typeof cuts === 'string') {
      this.#fail(cuts);
      return;
    }
    const chunks = splitAt(bytes, cuts);
    const result = runParser(chunks, this.#ui.close.checked);
    this.#ui.split.textContent = `${note ? `${note} ` : ''}${this.#t.total(bytes.length, chunks.length)}`;
    this.#render(result);
  }

  #render(result: SessionResult): void {
    const t = this.#t;
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
    const outcome = outcomeOf(result);
    const verdict = el('div', { class: 'pp-result', 'data-verdict': outcome.kind });
    if (result.refusal) {
      verdict.append(
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
      );
      if (outcome.requests > 0)
        verdict.append(el('p', { text: t.afterRequests(outcome.requests) }));
    } else if (outcome.kind === 'accepted') {
      verdict.append(
        el('p', { class: 'pp-verdict pp-verdict--ok', text: t.okResult(outcome.requests) }),
      );
    } else {
      verdict.append(el('p', { class: 'pp-verdict', text: t.incomplete(result.state) }));
    }
    const expectation = this.#expectation(outcome);
    if (expectation) verdict.append(expectation);
    verdict.append(...result.requests.map((r, i) => this.#request(r, i + 1)));
    this.#ui.output.replaceChildren(
      el('h3', { class: 'pp-heading', text: t.chunks }),
      table,
      ...cut,
      el('h3', { class: 'pp-heading', text: t.result }),
      verdict,
    );
    this.dataset['verdict'] = outcome.kind;
  }

  /** After a run of an unedited preset: what the RFC expects, and whether this run did that. */
  #expectation(outcome: Outcome): HTMLElement | null {
    const chosen = this.#chosen();
    if (!chosen) return null;
    const t = this.#t;
    const met = meetsExpectation(chosen, outcome);
    const expects =
      chosen.expect === 'ok'
        ? t.expectOk(chosen.messages)
        : t.expectRefused(chosen.expect, chosen.messages);
    const verdict = met
      ? t.matched
      : outcome.kind === 'incomplete' && !this.#ui.close.checked
        ? t.stillOpen
        : t.differs;
    return el('p', { class: 'pp-expect', 'data-met': String(met) }, t.expectLine(expects, verdict));
  }

  #request(r: ParsedRequest, n: number): HTMLElement {
    const t = this.#t;
    const fields = (pairs: [string, string][]) =>
      pairs.length === 0
        ? el('p', { text: t.none })
        : el(
            'ul',
            { class: 'pp-fields' },
            ...pairs.map(([name, value]) =>
              el('li', {}, el('code', { text: `${name}: ${value}` })),
            ),
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
}

if (!customElements.get('tal-parser-playground')) {
  customElements.define('tal-parser-playground', TalParserPlayground);
}
