/** The one producer of a workspace's markup: chapters, exercise pages and assignment pages all render it from here. */
import type { Lang } from '../content/schemas.ts';
import { workspaceStrings, type WorkspaceStrings } from '../i18n/workspace.ts';
import { closeTag, h, join, openTag, type Attrs, type Markup } from './html.ts';
import { requestPresets } from './request-presets.ts';

/** The read-only tab every workspace shows: the platform contract the steps run on. */
export const CONTRACT_TAB = 'platform.ts';

/** What a workspace shows and where its files, checks and saved edits live. */
export interface WorkspaceProps {
  /** The step id (or, for an exercise, the exercise id), e.g. `02-timers`. */
  step: string;
  lang: Lang;
  /** Every editable file, in tab order; the contract tab is added after them. */
  files: string[];
  /** The file whose view is rendered first and selected (defaults to the first file). */
  active?: string;
  /** Where saved edits live; defaults to `step:<step>` in the element. */
  scope?: string;
  /** The bundle with every file, the template and the checks; defaults to `/sandboxes/<step>.json`. */
  bundle?: string;
  /** Shows Check (exercises) instead of the step diff. */
  check?: boolean;
  /** A serving step: shows the request panel. */
  server?: boolean;
}

/** The id of a file's tab, which the editor panel names as its label. */
export const tabId = (step: string, file: string): string => `${step}-tab-${file}`;

/** The workspace split around its file views, which the caller renders (highlighted or plain). */
export interface WorkspaceMarkup {
  open: string;
  close: string;
}

/**
 * The workspace's markup, complete before any script runs: every control is there, and those
 * that need the script stay disabled until it wires them (Run queues a click meanwhile).
 */
export function workspaceMarkup(props: WorkspaceProps): WorkspaceMarkup {
  const t = workspaceStrings(props.lang);
  const active = props.active ?? props.files[0] ?? CONTRACT_TAB;
  const open = join([
    openTag('tal-workspace', attrs(props)),
    toolbar(t, props),
    tabs(t, props.step, [...props.files, CONTRACT_TAB], active),
    h('p', { class: 'ws-contract-note', hidden: true }, t.contractNote),
    openTag('div', {
      class: 'ws-editor',
      role: 'tabpanel',
      'aria-labelledby': tabId(props.step, active),
    }),
  ]).html;
  const close = join([
    closeTag('div'),
    h('div', { class: 'ws-diff', hidden: true }),
    h('p', { class: 'ws-status', role: 'status', 'aria-live': 'polite' }),
    h('ul', { class: 'ws-errors', 'aria-label': t.compileErrors }),
    h('p', { class: 'ws-notice', role: 'alert', hidden: true }),
    h('div', { class: 'ws-results', hidden: true }),
    h('div', { class: 'ws-output', role: 'region', 'aria-label': named(t, t.output, props.step) }),
    props.server ? requestPanel(t, props.step) : '',
    closeTag('tal-workspace'),
  ]).html;
  return { open, close };
}

/** A file shown as plain text until the editor loads (chapters render theirs highlighted instead). */
export function plainFileView(name: string, text: string, hidden = false): string {
  return h(
    'div',
    { class: 'ws-file', 'data-file': name, hidden },
    h('pre', { tabindex: '0' }, h('code', {}, text)),
  ).html;
}

/** The whole workspace with plain file views: for pages that build it in the browser. */
export function plainWorkspace(props: WorkspaceProps, texts: Record<string, string>): string {
  const { open, close } = workspaceMarkup(props);
  const views = props.files.map((name) => plainFileView(name, texts[name] ?? ''));
  return open + views.join('') + close;
}

function attrs(props: WorkspaceProps): Attrs {
  return {
    'data-step': props.step,
    'data-lang': props.lang,
    'data-files': props.files.join(','),
    'data-server': String(props.server ?? false),
    'data-scope': props.scope,
    'data-bundle': props.bundle,
    'data-check': props.check === true,
  };
}

function toolbar(t: WorkspaceStrings, props: WorkspaceProps): Markup {
  const button = (action: string, label: string, cls = 'ws-button') =>
    h('button', { type: 'button', class: cls, 'data-action': action, disabled: true }, label);
  return h(
    'div',
    { class: 'ws-toolbar' },
    h('button', { type: 'button', class: 'ws-run', 'data-action': 'run' }, t.run),
    button('stop', t.stop, 'ws-stop'),
    props.check ? button('check', t.check, 'ws-check') : '',
    button('reset-file', t.resetFile),
    button('reset-step', t.resetStep),
    props.check ? '' : button('step-diff', t.stepDiff, 'ws-button ws-step-diff'),
    button('own-diff', t.ownDiff, 'ws-button ws-own-diff'),
    button('export', t.exportWork),
    button('import', t.importWork),
    h('input', { type: 'file', accept: 'application/json,.json', hidden: true }),
    h(
      'select',
      { class: 'ws-runtime', 'aria-label': t.runtime, disabled: true },
      h('option', { value: 'auto' }, t.auto),
      h('option', { value: 'worker' }, t.worker),
      h('option', { value: 'webcontainer' }, t.webcontainer),
    ),
  );
}

function tabs(t: WorkspaceStrings, step: string, names: string[], active: string): Markup {
  return h(
    'div',
    { class: 'ws-tabs', role: 'tablist', 'aria-label': t.files },
    ...names.map((name) => {
      const contract = name === CONTRACT_TAB;
      return h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: contract ? 'ws-tab ws-tab--readonly' : 'ws-tab',
          'data-file': name,
          id: tabId(step, name),
          'aria-selected': String(name === active),
          tabindex: name === active ? '0' : '-1',
          // Tabs switch files only once the script has the other files: until then they wait.
          disabled: true,
        },
        h('span', { class: 'ws-tab__name' }, name),
        h('span', { class: 'ws-tab__mark', 'aria-hidden': 'true' }),
        h('span', { class: 'visually-hidden ws-tab__sr' }, contract ? ` (${t.readOnly})` : ''),
      );
    }),
  );
}

/**
 * A landmark's label, with the step number when the workspace shows a step (`09` for
 * `09-serving`): a chapter may hold several workspaces, and landmarks must differ by name.
 */
function named(t: WorkspaceStrings, label: string, step: string): string {
  const number = /^(\d\d)-/.exec(step)?.[1];
  return number === undefined ? label : t.ofStep(label, number);
}

/** The panel's form and reply are landmarks, so each carries its step: a page may hold two. */
function requestPanel(t: WorkspaceStrings, step: string): Markup {
  const presets = requestPresets();
  const first = presets[0];
  const label = (text: string, control: Markup) => h('label', {}, h('span', {}, text), control);
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'];
  const form = h(
    'form',
    { class: 'ws-request', 'aria-label': named(t, t.requestPanel, step) },
    label(
      t.preset,
      h(
        'select',
        { class: 'ws-preset' },
        ...presets.map((p, index) => h('option', { value: String(index) }, p.label)),
      ),
    ),
    label(
      t.method,
      h(
        'select',
        { class: 'ws-method' },
        ...methods.map((m) => h('option', { value: m, selected: m === first?.method }, m)),
      ),
    ),
    label(
      t.path,
      h('input', {
        class: 'ws-path',
        type: 'text',
        value: first?.path ?? '/',
        spellcheck: 'false',
      }),
    ),
    label(
      t.headers,
      h('textarea', { class: 'ws-headers', rows: '2', spellcheck: 'false' }, first?.headers ?? ''),
    ),
    label(
      t.body,
      h('textarea', { class: 'ws-body', rows: '2', spellcheck: 'false' }, first?.body ?? ''),
    ),
    h('button', { type: 'submit', class: 'ws-send', disabled: true }, t.send),
  );
  return h(
    'details',
    { class: 'ws-request-panel', open: true },
    h('summary', {}, t.requestPanel),
    form,
    h('pre', {
      class: 'ws-response',
      role: 'region',
      'aria-label': named(t, t.response, step),
      tabindex: '0',
    }),
  );
}
