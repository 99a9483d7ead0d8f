/** Renders check results: pass or fail per test, expected vs actual, and event timelines side by side. */
import type { WorkspaceStrings } from '../../lib/i18n/workspace.ts';
import type { TestOutcome } from '../../lib/runtime/sandbox.ts';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function column(title: string, lines: string[], other: string[]): HTMLElement {
  const box = document.createElement('div');
  box.className = 'ws-timeline__column';
  const heading = document.createElement('h4');
  heading.textContent = title;
  const list = document.createElement('ol');
  lines.forEach((line, index) => {
    const item = document.createElement('li');
    item.textContent = line;
    // Mark where the two orders part, so the first difference is easy to find.
    if (other[index] !== line) item.className = 'ws-timeline__differs';
    list.append(item);
  });
  box.append(heading, list);
  return box;
}

/** Fills `host` with one entry per outcome. */
export function renderOutcomes(
  host: HTMLElement,
  outcomes: TestOutcome[],
  t: WorkspaceStrings,
): void {
  const list = document.createElement('ul');
  list.className = 'ws-results__list';
  for (const outcome of outcomes) {
    const item = document.createElement('li');
    item.className = outcome.ok ? 'ws-result ws-result--pass' : 'ws-result ws-result--fail';
    const head = document.createElement('p');
    const badge = document.createElement('strong');
    badge.textContent = outcome.ok ? `✓ ${t.pass}` : `✗ ${t.fail}`;
    head.append(badge, ` ${outcome.name}`);
    item.append(head);
    if (!outcome.ok) {
      if (outcome.message) {
        const why = document.createElement('p');
        why.className = 'ws-result__message';
        why.textContent = outcome.message;
        item.append(why);
      }
      const expected = outcome.expected;
      const actual = outcome.actual;
      if (outcome.view === 'timeline' && Array.isArray(expected) && Array.isArray(actual)) {
        const a = expected.map(show);
        const b = actual.map(show);
        const grid = document.createElement('div');
        grid.className = 'ws-timeline';
        grid.append(column(t.expectedTimeline, a, b), column(t.actualTimeline, b, a));
        item.append(grid);
      } else if (expected !== undefined || actual !== undefined) {
        const grid = document.createElement('dl');
        grid.className = 'ws-result__values';
        for (const [label, value] of [
          [t.expected, expected],
          [t.actual, actual],
        ] as const) {
          const dt = document.createElement('dt');
          dt.textContent = label;
          const dd = document.createElement('dd');
          const pre = document.createElement('pre');
          pre.textContent = show(value);
          dd.append(pre);
          grid.append(dt, dd);
        }
        item.append(grid);
      }
    }
    list.append(item);
  }
  host.replaceChildren(list);
  host.hidden = false;
}
