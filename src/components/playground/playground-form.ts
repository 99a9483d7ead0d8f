/** The parser playground's form: the preset select, the byte box, the cut positions, the ways to split, and the parse button. */
import { presetGroups, presets } from '../../lib/http-corpus/presets.ts';
import type { ViewLang } from '../../lib/trace-view/describe.ts';
import type { PlaygroundStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';

/** The form's controls the playground reads and writes. */
export interface FormFields {
  preset: HTMLSelectElement;
  about: HTMLElement;
  raw: HTMLTextAreaElement;
  cuts: HTMLInputElement;
  pieces: HTMLInputElement;
  seed: HTMLInputElement;
  close: HTMLInputElement;
}

/** What the form asks of the playground; it changes nothing itself. */
export interface FormHandlers {
  presetChange(): void;
  rawInput(): void;
  /** The seed or the piece count changed. */
  reseed(): void;
  random(): void;
  single(): void;
  whole(): void;
  parse(): void;
}

/** The options of the form: `id` makes an element id unique to this playground. */
export interface FormSetup {
  t: PlaygroundStrings;
  lang: ViewLang;
  id: (name: string) => string;
  /** The preset chosen first (the element's `data-preset`), else the first one. */
  initial: string | undefined;
}

/** The presets, grouped by what they teach and labelled by what they are, never by what becomes of them. */
function presetSelect({ t, lang, id, initial }: FormSetup): HTMLSelectElement {
  const preset = el('select', {
    id: id('preset'),
    class: 'pp-preset',
    'aria-describedby': id('about'),
  });
  preset.append(el('option', { value: '', text: t.custom }));
  for (const group of presetGroups) {
    const options = presets
      .filter((p) => p.group === group.id)
      .map((p) => el('option', { value: p.id, text: p.label[lang] }));
    preset.append(el('optgroup', { label: group.name[lang] }, ...options));
  }
  preset.value = initial ?? presets[0]?.id ?? '';
  return preset;
}

/** The byte box, the cut positions, the random split's count and seed, and the closing checkbox. */
function inputs(id: FormSetup['id']): Omit<FormFields, 'preset' | 'about'> {
  const raw = el('textarea', {
    id: id('raw'),
    class: 'pp-raw',
    rows: '7',
    spellcheck: 'false',
    autocapitalize: 'off',
    'aria-describedby': id('raw-help'),
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
  const close = el('input', { id: id('close'), class: 'pp-close', type: 'checkbox' });
  close.checked = true;
  return { raw, cuts, pieces, seed, close };
}

function button(cls: string, text: string, action: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `pp-button ${cls}`, text });
  b.addEventListener('click', action);
  return b;
}

/** A labelled control, with its help line (id `<control id>-help`) if it has one. */
function field(
  forId: string,
  label: string,
  control: HTMLElement,
  help?: string,
  ...more: HTMLElement[]
): HTMLElement {
  return el(
    'div',
    { class: 'pp-field' },
    el('label', { for: forId, text: label }),
    control,
    ...(help ? [el('p', { class: 'pp-help', id: `${forId}-help`, text: help })] : []),
    ...more,
  );
}

/** Builds the form; every change goes through `on`. */
export function buildForm(
  setup: FormSetup,
  on: FormHandlers,
): { form: HTMLFormElement; fields: FormFields } {
  const { t, id } = setup;
  const preset = presetSelect(setup);
  const about = el('p', { id: id('about'), class: 'pp-about', 'aria-live': 'polite' });
  const fields: FormFields = { preset, about, ...inputs(id) };
  preset.addEventListener('change', () => on.presetChange());
  fields.raw.addEventListener('input', () => on.rawInput());
  fields.seed.addEventListener('change', () => on.reseed());
  fields.pieces.addEventListener('change', () => on.reseed());
  const form = el(
    'form',
    { class: 'pp-form' },
    field(id('preset'), t.preset, preset, undefined, about),
    field(id('raw'), t.raw, fields.raw, t.rawHelp),
    field(id('cuts'), t.cuts, fields.cuts, t.cutsHelp),
    el(
      'div',
      { class: 'pp-row' },
      field(id('pieces'), t.pieces, fields.pieces),
      field(id('seed'), t.seed, fields.seed),
      button('pp-random', t.random, () => on.random()),
      button('pp-single', t.single, () => on.single()),
      button('pp-whole', t.whole, () => on.whole()),
    ),
    el(
      'div',
      { class: 'pp-check' },
      fields.close,
      el('label', { for: id('close'), text: t.close }),
    ),
    el('button', { type: 'submit', class: 'pp-button pp-primary pp-parse', text: t.parse }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    on.parse();
  });
  return { form, fields };
}
