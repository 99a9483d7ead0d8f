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
import { corpus } from '../../lib/http-corpus/cases.ts';
import { el } from '../dom.ts';

/** Rows drawn for one parse; the rest are summarised (a 7 kB request in single bytes is 7000 rows). */
const MAX_ROWS = 400;
const FIRST_PRESET = 'cl-te-both';

let counter = 0;

export class TalParserPlayground extends HTMLElement {
  #t!: PlaygroundStrings;
  #id = '';
  #ui!: {
    preset: HTMLSelectElement;
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
    this.#t = playgroundStrings(lang);
    this.#id = `pp${++counter}`;
    this.#build();
    this.dataset['ready'] = 'true';
    this.#loadPreset();
    this.#parse();
  }

  #build(): void {
    const t = this.#t;
    const id = (name: string) => `${this.#id}-${name}`;
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', t.region);
    const preset = el('select', { id: id('preset'), class: 'pp-preset' });
    preset.append(el('option', { value: '', text: t.custom }));
    for (const [label, ok] of [
      [t.accepted, true],
      [t.refused, false],
    ] as const) {
      const group = el('optgroup', { label });
      for (const c of corpus.filter((x) => (x.expect === 'ok') === ok)) {
        const verdict = c.expect === 'ok' ? '' : ` → ${c.expect}`;
        group.append(el('option', { value: c.id, text: `${c.id}${verdict}` }));
      }
      preset.append(group);
    }
    preset.value = this.dataset['preset'] ?? FIRST_PRESET;
    preset.addEventListener('change', () => {
      this.#loadPreset();
      this.#ui.cuts.value = '';
      this.#parse();
    });
    const raw = el('textarea', {
      id: id('raw'),
      class: 'pp-raw',
      rows: '7',
      spellcheck: 'false',
      autocapitalize: 'off',
      'aria-describedby': id('raw-help'),
    });
    raw.addEventListener('input', () => (this.#ui.preset.value = ''));
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
    const reseed = () => {
      const bytes = this.#bytes();
      if (bytes) this.#applyRandom(bytes, Math.max(0, Math.floor(Number(seed.value) || 0)));
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
    const field = (forId: string, label: string, control: HTMLElement, help?: string) =>
      el(
        'div',
        { class: 'pp-field' },
        el('label', { for: forId, text: label }),
        control,
        ...(help ? [el('p', { class: 'pp-help', id: `${forId}-help`, text: help })] : []),
      );
    const split = el('p', { class: 'pp-split', 'aria-live': 'polite' });
    const error = el('p', { class: 'pp-error', role: 'alert', hidden: '' });
    const output = el('div', { class: 'pp-output' });
    const form = el(
      'form',
      { class: 'pp-form' },
      field(id('preset'), t.preset, preset),
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
    this.#ui = { preset, raw, cuts, pieces, seed, close, split, error, output };
  }

  #loadPreset(): void {
    const chosen = corpus.find((c) => c.id === this.#ui.preset.value);
    if (chosen) this.#ui.raw.value = escapeBytes(fromLatin1(chosen.raw), true);
  }

  #bytes(): Uint8Array | null {
    try {
      return unescapeBytes(this.#ui.raw.value);
    } catch (error) {
      this.#fail(error);
      return null;
    }
  }

  #fail(error: unknown): void {
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

  #applyRandom(bytes: Uint8Array, seed: number): void {
    const pieces = Math.max(2, Math.min(64, Number(this.#ui.pieces.value) || 4));
    this.#ui.cuts.value = randomCuts(bytes.length, pieces, seed).join(', ');
    this.#parse(this.#t.seedShown(seed, Math.min(pieces, bytes.length)));
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
    let cuts: number[];
    try {
      cuts = parseCuts(this.#ui.cuts.value, bytes.length);
    } catch (error) {
      this.#fail(error);
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
    const verdict = el('div', { class: 'pp-result' });
    const complete = result.requests.filter((r) => r.complete);
    if (result.refusal) {
      verdict.dataset['verdict'] = 'refused';
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
      if (complete.length > 0) verdict.append(el('p', { text: t.afterRequests(complete.length) }));
    } else if (
      result.state === 'done' ||
      (complete.length > 0 && result.state === 'request-line')
    ) {
      verdict.dataset['verdict'] = 'accepted';
      verdict.append(
        el('p', { class: 'pp-verdict pp-verdict--ok', text: t.okResult(complete.length) }),
      );
    } else {
      verdict.dataset['verdict'] = 'incomplete';
      verdict.append(el('p', { class: 'pp-verdict', text: t.incomplete(result.state) }));
    }
    verdict.append(...result.requests.map((r, i) => this.#request(r, i + 1)));
    this.#ui.output.replaceChildren(
      el('h3', { class: 'pp-heading', text: t.chunks }),
      table,
      ...cut,
      el('h3', { class: 'pp-heading', text: t.result }),
      verdict,
    );
    this.dataset['verdict'] = verdict.dataset['verdict'] ?? '';
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
