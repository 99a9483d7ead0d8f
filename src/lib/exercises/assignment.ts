/** Assignments: a title, a due date, notes and pinned exercises, carried in a URL fragment so no server ever sees them. */
import { EXERCISE_ID } from './schema.ts';
import { sha256Hex } from './submission.ts';

/** The most an assignment may hold once decompressed: a link is small, a zip bomb is not. */
export const MAX_ASSIGNMENT_BYTES = 64 << 10;
/** The most exercises one assignment may pin (the grader's limit too). */
export const MAX_ASSIGNMENT_EXERCISES = 50;

/** An assignment as the link carries it. */
export interface Assignment {
  format: 1;
  /** Names the assignment in submissions and grades. @example 'cs341-a2' */
  id: string;
  title: string;
  /** ISO date or date-time; shown to students, informational. */
  due: string;
  notes: string;
  /** Each exercise pinned to the content hash of the version assigned. */
  exercises: { id: string; pin: string }[];
}

/** The same JSON for the same assignment, whatever order its keys were written in. */
export function canonicalAssignment(a: Assignment): string {
  return JSON.stringify({
    format: 1,
    id: a.id,
    title: a.title,
    due: a.due,
    notes: a.notes,
    exercises: a.exercises.map((e) => ({ id: e.id, pin: e.pin })),
  });
}

/** A short hash of the canonical JSON; submissions quote it. */
export async function assignmentHash(a: Assignment): Promise<string> {
  return (await sha256Hex(canonicalAssignment(a))).slice(0, 16);
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Compresses the assignment into the value of `#a=`. */
export async function encodeAssignment(a: Assignment): Promise<string> {
  const json = new TextEncoder().encode(canonicalAssignment(a));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Checks the shape of a decoded assignment, or says what is wrong. */
export function parseAssignment(value: unknown): Assignment {
  const a = value as Partial<Assignment> | null;
  const text = (v: unknown, name: string, max: number): string => {
    if (typeof v !== 'string' || v.length > max) throw new Error(`assignment ${name} must be text`);
    return v;
  };
  if (!a || a.format !== 1) throw new Error('not an assignment (format 1)');
  const id = text(a.id, 'id', 80);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id))
    throw new Error('assignment id: letters, digits, . _ -');
  if (!Array.isArray(a.exercises) || a.exercises.length === 0)
    throw new Error('assignment has no exercises');
  if (a.exercises.length > MAX_ASSIGNMENT_EXERCISES)
    throw new Error(`assignment has more than ${MAX_ASSIGNMENT_EXERCISES} exercises`);
  const seen = new Set<string>();
  return {
    format: 1,
    id,
    title: text(a.title, 'title', 200),
    due: text(a.due ?? '', 'due', 40),
    notes: text(a.notes ?? '', 'notes', 4000),
    exercises: a.exercises.map((e: unknown) => {
      const { id: eid, pin } = (e ?? {}) as { id?: unknown; pin?: unknown };
      if (typeof eid !== 'string' || !EXERCISE_ID.test(eid)) {
        throw new Error(`exercise id ${JSON.stringify(eid)}: lowercase letters, digits and -`);
      }
      if (typeof pin !== 'string' || !/^[0-9a-f]{16}$/.test(pin)) {
        throw new Error(`exercise ${eid} needs a 16-hex-digit pin`);
      }
      if (seen.has(eid)) throw new Error(`exercise ${eid} is listed twice`);
      seen.add(eid);
      return { id: eid, pin };
    }),
  };
}

/** Inflates `bytes`, giving up as soon as the result passes `cap` bytes. */
async function inflateCapped(bytes: Uint8Array, cap: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel();
      throw new Error(`assignment is larger than ${cap >> 10} KB once unpacked: not a real link`);
    }
    chunks.push(value);
  }
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** Reads the value of `#a=` back; every way it can be wrong is an Error with a readable message. */
export async function decodeAssignment(encoded: string): Promise<Assignment> {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Error('assignment link is damaged');
  let bytes: Uint8Array;
  try {
    bytes = await inflateCapped(fromBase64Url(encoded), MAX_ASSIGNMENT_BYTES);
  } catch (error) {
    if (error instanceof Error && /once unpacked/.test(error.message)) throw error;
    throw new Error('assignment link is damaged (it does not unpack)', { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error('assignment link is damaged (not JSON)', { cause: error });
  }
  return parseAssignment(value);
}

/** The student link: the assignment page with the assignment in the fragment. */
export async function assignmentLink(
  site: string,
  a: Assignment,
  lang: 'zh' | 'en' = 'en',
): Promise<string> {
  return `${site.replace(/\/$/, '')}/${lang}/assignment/#a=${await encodeAssignment(a)}`;
}

/**
 * The assignment as the YAML file `link` and `grade --assignment` read. Every string is written
 * as a JSON string, which YAML reads as the same double-quoted scalar, so no title or note can
 * change the file's structure.
 */
export function assignmentYaml(a: Assignment, site: string, lang: 'zh' | 'en'): string {
  const q = (text: string) => JSON.stringify(text);
  return [
    `id: ${q(a.id)}`,
    `title: ${q(a.title)}`,
    `due: ${q(a.due)}`,
    `notes: ${q(a.notes)}`,
    `site: ${q(site)}`,
    `lang: ${lang}`,
    'exercises:',
    ...a.exercises.map((e) => `  - { id: ${q(e.id)}, pin: ${q(e.pin)} }`),
    '',
  ].join('\n');
}
