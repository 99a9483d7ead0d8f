/** The instructor's assignment builder: a ready course week or a hand-picked set becomes a link to copy and the YAML file the grader reads. */
import { weekAssignment, type Course } from '../../lib/exercises/course.ts';
import {
  assignmentYaml,
  encodeAssignment,
  parseAssignment,
  type Assignment,
} from '../../lib/exercises/assignment.ts';
import { exerciseStrings } from '../../lib/exercises/strings.ts';
import { textOf } from '../dom.ts';

type Lang = 'zh' | 'en';

/** A course week fills the form: title, id, notes, its exercises, and a due date counted from today. */
function fillFromCourse(form: HTMLFormElement, courseSelect: HTMLSelectElement, lang: Lang): void {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const [courseId, week] = courseSelect.value.split('#');
  const courses = JSON.parse(courseSelect.dataset['courses'] ?? '[]') as Course[];
  const course = courses.find((c) => c.id === courseId);
  if (!course) return;
  const today = new Date().toISOString().slice(0, 10);
  const a = weekAssignment(course, Number(week), lang, today);
  field('title').value = a.title;
  field('id').value = a.id;
  field('due').value = a.due;
  field('notes').value = a.notes;
  const picked = new Set(a.exercises.map((e) => `${e.id}@${e.pin}`));
  for (const check of form.querySelectorAll<HTMLInputElement>('input[name="exercise"]'))
    check.checked = picked.has(check.value);
}

/** The assignment the form describes, with `picked` exercises (`id@pin`); throws what is wrong with it. */
function formAssignment(data: FormData, picked: string[]): Assignment {
  // The same rules the link is read with, so a link made here always opens.
  return parseAssignment({
    format: 1,
    id: textOf(data, 'id'),
    title: textOf(data, 'title'),
    due: textOf(data, 'due'),
    notes: textOf(data, 'notes'),
    exercises: picked.map((v) => {
      const [id = '', pin = ''] = v.split('@');
      return { id, pin };
    }),
  });
}

/** Saves the YAML shown as a file named after the assignment. */
function downloadYaml(yaml: HTMLElement): void {
  const blob = new Blob([yaml.textContent ?? ''], { type: 'application/yaml' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = yaml.dataset['file'] ?? 'assignment.yaml';
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Wires the builder form inside `root`. */
export function wireBuilder(
  root: HTMLElement,
  lang: Lang,
  onError: (error: unknown) => void,
): void {
  const s = exerciseStrings[lang];
  const form = root.querySelector<HTMLFormElement>('.assignment-form');
  const box = root.querySelector<HTMLElement>('.assignment-link-box');
  const input = root.querySelector<HTMLInputElement>('.assignment-link');
  const open = root.querySelector<HTMLAnchorElement>('.assignment-open');
  const copied = root.querySelector<HTMLElement>('.assignment-copied');
  const yaml = root.querySelector<HTMLElement>('.assignment-yaml');
  const problem = root.querySelector<HTMLElement>('.assignment-form-problem');
  if (!form || !box || !input || !open || !copied || !yaml || !problem) return;

  const courseSelect = form.querySelector<HTMLSelectElement>('.assignment-course');
  courseSelect?.addEventListener('change', () => fillFromCourse(form, courseSelect, lang));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const picked = data.getAll('exercise').map(String);
    problem.hidden = picked.length > 0;
    problem.textContent = picked.length > 0 ? '' : s.pickOne;
    if (picked.length === 0) {
      box.hidden = true;
      return;
    }
    let assignment: Assignment;
    try {
      assignment = formAssignment(data, picked);
    } catch (error) {
      problem.textContent = error instanceof Error ? error.message : String(error);
      problem.hidden = false;
      return;
    }
    void encodeAssignment(assignment).then((encoded) => {
      const url = `${location.origin}/${lang}/assignment/#a=${encoded}`;
      input.value = url;
      open.href = url;
      copied.textContent = '';
      yaml.textContent = assignmentYaml(assignment, location.origin, lang);
      yaml.dataset['file'] = `${assignment.id}.yaml`;
      box.hidden = false;
    }, onError);
  });

  root.querySelector('.assignment-copy')?.addEventListener('click', () => {
    navigator.clipboard.writeText(input.value).then(
      () => (copied.textContent = s.copied),
      () => {
        input.focus();
        input.select();
        copied.textContent = s.copyFailed;
      },
    );
  });

  root
    .querySelector('.assignment-yaml-download')
    ?.addEventListener('click', () => downloadYaml(yaml));
}
