/** Hints shown one at a time: the button reveals the next hidden one and says how many are left. */
import { exerciseStrings } from '../../lib/exercises/strings.ts';

/** Wires a hints section (a list of hidden items and its button) in `lang`. */
export function wireHints(section: ParentNode, lang: 'zh' | 'en'): void {
  const s = exerciseStrings[lang];
  const button = section.querySelector<HTMLButtonElement>('.exercise-hint-button');
  button?.addEventListener('click', () => {
    const hidden = [...section.querySelectorAll<HTMLElement>('li[hidden]')];
    const total = Number(button.dataset['total']);
    hidden[0]?.removeAttribute('hidden');
    if (hidden.length <= 1) {
      button.disabled = true;
      button.textContent = s.noMoreHints;
    } else {
      button.textContent = s.showHint(total - hidden.length + 2, total);
    }
  });
}

/** Builds a hints section from HTML hints (as a bundle carries them) and wires it. */
export function hintsSection(hints: string[], lang: 'zh' | 'en', idPrefix: string): HTMLElement {
  const s = exerciseStrings[lang];
  const section = document.createElement('section');
  section.className = 'exercise-hints';
  section.setAttribute('aria-labelledby', `${idPrefix}-hints`);
  const title = document.createElement('h4');
  title.id = `${idPrefix}-hints`;
  title.textContent = s.hints;
  const list = document.createElement('ol');
  list.setAttribute('aria-live', 'polite');
  for (const hint of hints) {
    const item = document.createElement('li');
    item.hidden = true;
    item.innerHTML = hint; // Rendered at build time from the exercise's own text, escaped.
    list.append(item);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'exercise-hint-button';
  button.dataset['total'] = String(hints.length);
  button.textContent = s.showHint(1, hints.length);
  section.append(title, list, button);
  wireHints(section, lang);
  return section;
}
