/** The workspace's comparison pane: the active file against the step before, or against its original. */
import { lineDiff, withContext, type DiffLine } from '../../lib/editor/diff.ts';
import type { WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import { el } from '../dom.ts';

/** Which comparison: what this step changed, or what the reader changed. */
export type DiffKind = 'step' | 'own';

type Shown = DiffLine | { kind: 'gap'; count: number };

function lineView(line: Shown, t: WorkspaceStrings): HTMLElement {
  if (line.kind === 'gap')
    return el('span', { class: 'ws-diff__gap' }, `⋯ ${t.unchanged(line.count)}\n`);
  const tag = line.kind === 'added' ? 'ins' : line.kind === 'removed' ? 'del' : 'span';
  const sign = line.kind === 'added' ? '+' : line.kind === 'removed' ? '-' : ' ';
  return el(tag, { class: `ws-diff__${line.kind}` }, `${sign} ${line.text}\n`);
}

/** Shows (or, asked twice for the same kind, hides) the diff of `name` from `before` to `after`. */
export function toggleDiff(
  view: HTMLElement,
  t: WorkspaceStrings,
  diff: { kind: DiffKind; name: string; before: string; after: string; firstStep: boolean },
): void {
  if (!view.hidden && view.dataset['kind'] === diff.kind) {
    view.hidden = true;
    return;
  }
  const title = `${diff.kind === 'own' ? t.ownDiff : t.stepDiff}: ${diff.name}`;
  const lines = withContext(lineDiff(diff.before, diff.after));
  const body = lines.every((l) => l.kind === 'same' || l.kind === 'gap')
    ? el('p', {}, t.noChanges)
    : el('pre', { class: 'ws-diff__lines', tabindex: '0' }, ...lines.map((l) => lineView(l, t)));
  const close = el('button', { type: 'button', class: 'ws-button' }, t.closeDiff);
  close.addEventListener('click', () => (view.hidden = true));
  view.replaceChildren(
    el('h3', { class: 'ws-diff__title' }, title),
    diff.firstStep ? el('p', {}, t.firstStep) : body,
    close,
  );
  view.dataset['kind'] = diff.kind;
  view.hidden = false;
}
