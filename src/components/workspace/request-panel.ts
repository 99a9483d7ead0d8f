/** Wires the server-rendered request panel: presets fill the form, Send goes through the session and shows the raw reply. */
import type { WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import { requestPresets, toRawRequest } from '../../lib/workspace/request-presets.ts';
import { el } from '../dom.ts';
import {
  LISTEN_LIMIT_MS,
  type SendEnd,
  type WorkspaceSession,
} from '../../lib/workspace/session.ts';

/** What the panel shows for a request that got no reply. */
function explain(t: WorkspaceStrings, end: Exclude<SendEnd, { kind: 'answered' }>): string {
  if (end.kind === 'failed') return end.serverGone ? t.exitedDuringRequest : end.message;
  switch (end.why) {
    case 'timeout':
      return t.neverListened(LISTEN_LIMIT_MS / 1000);
    case 'stopped':
      return t.stoppedBeforeListening;
    case 'compile':
      return t.notCompiled;
    case 'failed':
      return t.notStarted;
    case 'exited':
      return t.exitedBeforeListening;
  }
}

/** Makes the panel inside `root` live; does nothing when the step does not serve. */
export function wireRequestPanel(
  root: HTMLElement,
  session: WorkspaceSession,
  t: WorkspaceStrings,
): void {
  const form = root.querySelector<HTMLFormElement>('.ws-request');
  const view = root.querySelector<HTMLPreElement>('.ws-response');
  if (!form || !view) return;
  const field = <T extends HTMLElement>(selector: string) => form.querySelector<T>(selector);
  const preset = field<HTMLSelectElement>('.ws-preset');
  const method = field<HTMLSelectElement>('.ws-method');
  const path = field<HTMLInputElement>('.ws-path');
  const headers = field<HTMLTextAreaElement>('.ws-headers');
  const body = field<HTMLTextAreaElement>('.ws-body');
  if (!preset || !method || !path || !headers || !body) return;
  const presets = requestPresets();
  preset.addEventListener('change', () => {
    const p = presets[Number(preset.value)];
    if (!p) return;
    method.value = p.method;
    path.value = p.path;
    headers.value = p.headers;
    body.value = p.body;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const raw = toRawRequest({
      method: method.value,
      path: path.value,
      headers: headers.value,
      body: body.value,
    });
    void send(raw);
  });
  const send = async (raw: Uint8Array) => {
    root.dataset['lastSend'] = 'waiting';
    const end = await session.send(raw, () => (view.textContent = t.waitingForServer));
    if (end.kind === 'answered') {
      const refused = end.refusals.length > 0 ? `\n\n${t.refused(end.refusals.join('; '))}` : '';
      view.textContent = end.text + refused;
      root.dataset['lastSend'] = 'answered';
      root.dataset['replyMs'] = String(Math.round(end.ms));
      return;
    }
    view.textContent = explain(t, end);
    root.dataset['lastSend'] = end.kind === 'failed' ? 'failed' : `not-listening-${end.why}`;
  };
  for (const control of form.querySelectorAll<HTMLButtonElement>('button[disabled]'))
    control.disabled = false;
}

/**
 * In WebContainer, a serving step's preview URL opens in a frame below the panel; returns the
 * unsubscribe. The frame is made only then: an empty frame still costs the page a browsing context.
 */
export function showPreviews(
  root: HTMLElement,
  title: string,
  listen: (show: (url: string) => void) => () => void,
): () => void {
  const panel = root.querySelector<HTMLElement>('.ws-request-panel');
  if (!panel) return () => undefined;
  return listen((url) => {
    let frame = panel.querySelector<HTMLIFrameElement>('.ws-preview');
    if (!frame) {
      frame = el('iframe', { class: 'ws-preview', title });
      panel.append(frame);
    }
    frame.src = url;
  });
}
