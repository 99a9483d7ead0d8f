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
  type SessionResult,
} from '../../lib/trace-view/parser-session.ts';
import { playgroundStrings, type PlaygroundStrings } from '../../lib/trace-view/strings.ts';
import { outcomeOf, presets, type Preset } from '../../lib/http-corpus/presets.ts';
import { el } from '../dom.ts';
import { buildForm, type FormFields } from './playground-form.ts';
import { resultView } from './playground-result.ts';

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
  #ui!: FormFields & { split: HTMLElement; error: HTMLElement; output: HTMLElement };

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
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', this.#t.region);
    const setup = {
      t: this.#t,
      lang: this.#lang,
      id: (name: string) => `${this.#id}-${name}`,
      initial: this.dataset['preset'],
    };
    const { form, fields } = buildForm(setup, {
      presetChange: () => {
        this.#ui.cuts.value = '';
        this.#loadPreset();
      },
      rawInput: () => this.#edited(),
      reseed: () => this.#reseed(),
      random: () => this.#random(),
      single: () => this.#single(),
      whole: () => {
        this.#ui.cuts.value = '';
        this.#parse();
      },
      parse: () => this.#parse(),
    });
    const split = el('p', { class: 'pp-split', 'aria-live': 'polite' });
    const error = el('p', { class: 'pp-error', role: 'alert', hidden: '' });
    const output = el('div', { class: 'pp-output' });
    this.replaceChildren(form, split, error, output);
    this.#ui = { ...fields, split, error, output };
  }

  /** Edited bytes are the reader's own: no preset sentence or expectation applies to them any more. */
  #edited(): void {
    if (this.#ui.preset.value !== '') {
      this.#ui.preset.value = '';
      this.#describe();
    }
    this.#clear();
  }

  /** A new seed or count redraws the cuts; it runs the parser only if a result is already shown. */
  #reseed(): void {
    const bytes = this.#bytes();
    if (bytes) {
      const n = Math.max(0, Math.floor(Number(this.#ui.seed.value) || 0));
      this.#applyRandom(bytes, n, this.#ui.output.querySelector('.pp-result') !== null);
    }
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
    const outcome = outcomeOf(result);
    this.#ui.output.replaceChildren(
      ...resultView(this.#t, {
        result,
        outcome,
        chosen: this.#chosen(),
        closing: this.#ui.close.checked,
      }),
    );
    this.dataset['verdict'] = outcome.kind;
  }
}

if (!customElements.get('tal-parser-playground')) {
  customElements.define('tal-parser-playground', TalParserPlayground);
}
