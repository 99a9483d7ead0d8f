/** The student's side of an assignment link: the exercises with their status, each opened with its instructions, workspace and hints, and the hand-in with a receipt. */
import {
  assignmentHash,
  decodeAssignment,
  type Assignment,
} from '../../lib/exercises/assignment.ts';
import type { ExerciseBundle } from '../../lib/exercises/exercise.ts';
import { exerciseStrings, progressKey } from '../../lib/exercises/strings.ts';
import { makeSubmission } from '../../lib/exercises/submission.ts';
import { WorkStore } from '../../lib/editor/persistence.ts';
import { plainWorkspace } from '../../lib/workspace/markup.ts';
import { el, textOf } from '../dom.ts';
import { hintsSection } from '../exercise/hints.ts';

type Lang = 'zh' | 'en';
type Claim = { passed: number; total: number };
type Titles = Record<string, { zh: string; en: string }>;
type WorkspaceElement = HTMLElement & { files(): Record<string, string> };

/** The student view of one assignment on the page. */
export class StudentView {
  readonly #a: Assignment;
  readonly #lang: Lang;
  readonly #s: (typeof exerciseStrings)[Lang];
  readonly #root: HTMLElement;
  readonly #titles: Titles;
  readonly #bundles = new Map<string, Promise<ExerciseBundle>>();
  readonly #claims = new Map<string, Claim>();
  #confirmed = false;

  constructor(root: HTMLElement, a: Assignment, lang: Lang, titles: Titles) {
    this.#root = root;
    this.#a = a;
    this.#lang = lang;
    this.#s = exerciseStrings[lang];
    this.#titles = titles;
  }

  #part<T extends HTMLElement>(selector: string): T {
    const found = this.#root.querySelector<T>(selector);
    if (!found) throw new Error(`the page lacks ${selector}`);
    return found;
  }

  #title(id: string): string {
    return this.#titles[id]?.[this.#lang] ?? id;
  }

  #bundle(id: string, pin: string): Promise<ExerciseBundle> {
    const key = `${id}@${pin}`;
    let found = this.#bundles.get(key);
    if (!found) {
      // id and pin passed parseAssignment's rules, so the path cannot leave /exercises/.
      found = fetch(`/exercises/${key}.json`).then((r) => {
        if (!r.ok) throw new Error(`exercise ${key} is not on this site`);
        return r.json() as Promise<ExerciseBundle>;
      });
      this.#bundles.set(key, found);
    }
    return found;
  }

  #scope(id: string, pin: string): string {
    return `assignment:${this.#a.id}:${id}@${pin}`;
  }

  #claimKey(id: string): string {
    return `${progressKey(id)}@${this.#a.id}`;
  }

  #savedClaim(id: string): Claim | undefined {
    try {
      const saved = JSON.parse(localStorage.getItem(this.#claimKey(id)) ?? 'null') as Claim | null;
      return saved ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Shows the assignment and wires the hand-in. */
  show(onError: (error: unknown) => void): void {
    this.#onError = onError;
    const a = this.#a;
    this.#part('.assignment-title').textContent = a.title;
    this.#part('.assignment-due').textContent = a.due ? `${this.#s.due}: ${a.due}` : '';
    this.#part('.assignment-notes').textContent = a.notes;
    this.#renderList();
    this.#part<HTMLFormElement>('.assignment-export').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = new FormData(event.target as HTMLFormElement);
      void this.#handIn(form).catch(onError);
    });
    this.#part('.assignment-export-anyway').addEventListener('click', () => {
      this.#confirmed = true;
      this.#part<HTMLFormElement>('.assignment-export').requestSubmit();
    });
  }

  /** Reports what fails after `show()`, e.g. an exercise whose bundle does not load. */
  #onError: (error: unknown) => void = () => undefined;

  #renderList(): void {
    const s = this.#s;
    this.#part('.assignment-exercises').replaceChildren(
      ...this.#a.exercises.map(({ id, pin }) => {
        const saved = this.#savedClaim(id);
        if (saved) this.#claims.set(id, saved);
        const open = el('button', {
          type: 'button',
          class: 'assignment-open-exercise',
          text: s.openExercise(this.#title(id)),
        });
        open.addEventListener('click', () => void this.open(id, pin).catch(this.#onError));
        const status = el('span', {
          class: 'assignment-status',
          'data-state': saved ? (saved.passed === saved.total ? 'solved' : 'tried') : 'new',
          text: saved
            ? saved.passed === saved.total
              ? `✓ ${s.solved}`
              : s.tried(saved.passed, saved.total)
            : s.notStarted,
        });
        return el('li', { 'data-exercise': id }, open, ' ', status);
      }),
    );
  }

  /** Opens one exercise: instructions, workspace, what to do next, hints. */
  async open(id: string, pin: string): Promise<void> {
    const bundle = await this.#bundle(id, pin);
    const s = this.#s;
    const lang = this.#lang;
    const text = bundle.exercise.text;
    const heading = el('h3', {
      id: `${id}-title`,
      tabindex: '-1',
      text: bundle.exercise.title[lang],
    });
    const parts: Node[] = [heading];
    if (text) {
      parts.push(
        el(
          'p',
          { class: 'exercise-labels' },
          el('span', {
            class: 'exercise-difficulty',
            text: `${s.difficultyLabel}: ${s.difficulty[text.difficulty]}`,
          }),
          ' ',
          el('span', { class: 'exercise-kind-label', text: s.kind[text.kind] }),
        ),
      );
      const instructions = el('div', { class: 'prose assignment-instructions' });
      instructions.innerHTML = text.instructions[lang]; // Rendered and escaped at build time.
      parts.push(el('h4', { text: s.instructions }), instructions);
    }
    const ws = this.#workspace(id, pin, bundle);
    const next = el('p', { class: 'assignment-next', role: 'status', 'aria-live': 'polite' });
    parts.push(ws, next);
    if (text && text.hints.length > 0)
      parts.push(
        hintsSection(
          text.hints.map((h) => h[lang]),
          lang,
          id,
        ),
      );
    ws.addEventListener('tal-check', (event) => {
      const outcomes = (event as CustomEvent<{ ok: boolean }[]>).detail;
      const claim = { passed: outcomes.filter((o) => o.ok).length, total: outcomes.length };
      this.#claims.set(id, claim);
      localStorage.setItem(this.#claimKey(id), JSON.stringify(claim));
      this.#renderList();
      this.#whatNext(next, id, claim);
    });
    const host = this.#part('.assignment-work');
    host.replaceChildren(el('article', { 'aria-labelledby': heading.id }, ...parts));
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
    await import('../workspace/workspace-element.ts');
  }

  /** The same workspace markup the exercise page renders, built here from the pinned bundle. */
  #workspace(id: string, pin: string, bundle: ExerciseBundle): WorkspaceElement {
    const host = document.createElement('div');
    host.innerHTML = plainWorkspace(
      {
        step: id,
        lang: this.#lang,
        files: bundle.exercise.editable,
        scope: this.#scope(id, pin),
        bundle: `/exercises/${id}@${pin}.json`,
        check: true,
      },
      bundle.exercise.starter,
    );
    return host.firstElementChild as WorkspaceElement;
  }

  /** After a Check: the next exercise not yet solved, or the hand-in once all are. */
  #whatNext(box: HTMLElement, id: string, claim: Claim): void {
    const s = this.#s;
    if (claim.passed !== claim.total) {
      box.replaceChildren();
      return;
    }
    const order = this.#a.exercises;
    const at = order.findIndex((e) => e.id === id);
    const rest = [...order.slice(at + 1), ...order.slice(0, at)];
    const next = rest.find(({ id: other }) => {
      const c = this.#claims.get(other);
      return !c || c.passed !== c.total;
    });
    if (!next) {
      const go = el('a', { href: '#hand-in', text: s.exportTitle });
      box.replaceChildren(`${s.allSolved} `, go);
      return;
    }
    const button = el('button', {
      type: 'button',
      class: 'assignment-next-button',
      text: s.openExercise(this.#title(next.id)),
    });
    button.addEventListener('click', () => void this.open(next.id, next.pin));
    box.replaceChildren(`${s.solvedNext} `, button);
  }

  /** Exercises with neither a Check nor a saved edit: handing them in hands in the starter. */
  async #notStarted(store: WorkStore): Promise<string[]> {
    const idle: string[] = [];
    for (const { id, pin } of this.#a.exercises) {
      if (this.#claims.has(id)) continue;
      const open = this.#root.querySelector<HTMLElement>(
        `tal-workspace[data-step="${CSS.escape(id)}"]`,
      );
      if (open?.querySelector('.ws-tab--modified')) continue;
      if ((await store.load(this.#scope(id, pin))).length > 0) continue;
      idle.push(id);
    }
    return idle;
  }

  async #handIn(form: FormData): Promise<void> {
    const s = this.#s;
    const store = new WorkStore();
    const warning = this.#part('.assignment-export-warning');
    const idle = await this.#notStarted(store);
    if (idle.length > 0 && !this.#confirmed) {
      this.#part('.assignment-export-warning-text').textContent = s.exportWarning(
        idle.length,
        this.#a.exercises.length,
      );
      warning.hidden = false;
      return;
    }
    warning.hidden = true;
    this.#confirmed = false;
    const exercises = [];
    for (const { id, pin } of this.#a.exercises) {
      const bundle = await this.#bundle(id, pin);
      const files: Record<string, string> = { ...bundle.exercise.starter };
      const open = this.#root.querySelector<WorkspaceElement>(
        `tal-workspace[data-step="${CSS.escape(id)}"]`,
      );
      if (open?.dataset['ready'] === 'true') Object.assign(files, open.files());
      else
        for (const saved of await store.load(this.#scope(id, pin))) files[saved.file] = saved.text;
      for (const name of Object.keys(files))
        if (!bundle.exercise.editable.includes(name)) delete files[name];
      exercises.push({ id, pin, files, claimed: this.#claims.get(id) ?? null });
    }
    const submission = await makeSubmission({
      assignment: { id: this.#a.id, sourceHash: await assignmentHash(this.#a) },
      student: { id: textOf(form, 'studentId'), name: textOf(form, 'studentName') },
      exercises,
    });
    const blob = new Blob([JSON.stringify(submission, null, 1)], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob) });
    link.download = `${this.#a.id}-${submission.manifest.student.id}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
    const receipt = this.#part('.assignment-receipt');
    receipt.textContent = `${s.receipt}: ${submission.manifest.receipt} — ${s.receiptHelp}`;
    receipt.dataset['receipt'] = submission.manifest.receipt;
  }
}

/** Reads the assignment in the address, if any, and shows it; false when the page has none. */
export async function showAssignment(
  root: HTMLElement,
  lang: Lang,
  titles: Titles,
  onError: (error: unknown) => void,
): Promise<boolean> {
  const encoded = new URLSearchParams(location.hash.slice(1)).get('a');
  if (!encoded) return false;
  const a = await decodeAssignment(encoded);
  new StudentView(root, a, lang, titles).show(onError);
  return true;
}
