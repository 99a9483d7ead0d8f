/** The shapes of the parser playground's presets, shared by the group tables and the index that assembles them. */
import type { Expectation } from './cases.ts';

/** Both languages of one piece of text. */
export interface Bilingual {
  en: string;
  zh: string;
}

export type PresetGroupId =
  | 'request-line'
  | 'fields'
  | 'content-length'
  | 'chunked'
  | 'connection'
  | 'limits'
  | 'versions-methods'
  | 'smuggling';

export interface PresetGroup {
  id: PresetGroupId;
  name: Bilingual;
}

export interface Preset {
  id: string;
  group: PresetGroupId;
  /** The bytes, written one char per byte (latin1), as in the corpus. */
  raw: string;
  /** Shown in the select: what the request is, never what becomes of it. */
  label: Bilingual;
  /** One sentence on what to look at, without the verdict. */
  teaches: Bilingual;
  /** What RFC 9112 leads us to expect, revealed only after a run. */
  expect: Expectation;
  /** How many requests complete before the end or the refusal. */
  messages: number;
}

/** One row of a group table: the words only; bytes and verdict come from the corpus by id. */
export type PresetEntry = [id: string, label: Bilingual, teaches: Bilingual];

/** A preset's bytes and verdict, as a corpus case holds them. */
export type PresetSource = Pick<Preset, 'raw' | 'expect' | 'messages'>;
