/** The parser playground's presets: requests grouped by what they teach, explained in both languages, with the verdict kept back until the reader runs them. */
import type { SessionResult } from '../trace-view/parser-session.ts';
import { corpus } from './cases.ts';
import type {
  PresetEntry,
  Preset,
  PresetGroup,
  PresetGroupId,
  PresetSource,
} from './preset-types.ts';
import { contentLength, chunked } from './presets-bodies.ts';
import { connection, limits } from './presets-connection.ts';
import { fields, requestLine, versionsMethods } from './presets-head.ts';
import { builtSources, smuggling } from './presets-smuggling.ts';

export type { Bilingual, Preset, PresetGroup, PresetGroupId } from './preset-types.ts';

/** The groups in the order the select lists them: from one well-formed line to the attacks. */
export const presetGroups: readonly PresetGroup[] = [
  { id: 'request-line', name: { en: 'Request line and targets', zh: '请求行与请求目标' } },
  { id: 'fields', name: { en: 'Header fields', zh: '头部字段' } },
  {
    id: 'content-length',
    name: { en: 'Bodies framed by Content-Length', zh: '由 Content-Length 定界的请求体' },
  },
  { id: 'chunked', name: { en: 'Chunked bodies', zh: '分块编码的请求体' } },
  {
    id: 'connection',
    name: { en: 'Several requests on one connection', zh: '一个连接上的多个请求' },
  },
  { id: 'limits', name: { en: 'Size limits', zh: '长度与大小上限' } },
  { id: 'versions-methods', name: { en: 'Versions and methods', zh: '协议版本与请求方法' } },
  { id: 'smuggling', name: { en: 'Request smuggling ambiguities', zh: '请求走私的歧义' } },
];

/** Each group's table; the tables live in files of a few groups each, so none grows too long to read. */
const entries: Record<PresetGroupId, readonly PresetEntry[]> = {
  'request-line': requestLine,
  fields,
  'content-length': contentLength,
  chunked,
  connection,
  limits,
  'versions-methods': versionsMethods,
  smuggling,
};

/**
 * The bytes and verdict of a preset: the corpus case of the same id unless its group's file builds
 * it (builtSources), so the two never drift apart; a renamed or deleted case fails at import, not as an empty option.
 */
function sourceOf(id: string): PresetSource {
  const found = builtSources[id] ?? corpus.find((c) => c.id === id);
  if (!found) throw new Error(`preset ${id}: no corpus case has this id`);
  return { raw: found.raw, expect: found.expect, messages: found.messages };
}

/** The presets, group by group in the order of presetGroups. */
export const presets: readonly Preset[] = presetGroups.flatMap(({ id: group }) =>
  entries[group].map(([id, label, teaches]): Preset => ({
    id,
    group,
    label,
    teaches,
    ...sourceOf(id),
  })),
);

/** How one run of the parser ended, in the terms a preset's expectation uses. */
export type Outcome =
  | { kind: 'accepted'; requests: number }
  | { kind: 'refused'; status: number; requests: number }
  | { kind: 'incomplete'; requests: number };

/** A run's outcome: refused, every message complete, or still waiting for bytes. */
export function outcomeOf(result: SessionResult): Outcome {
  const requests = result.requests.filter((r) => r.complete).length;
  if (result.refusal) return { kind: 'refused', status: result.refusal.status, requests };
  // After the last complete message the parser is back at a request line, waiting for the next.
  if (result.state === 'done' || (requests > 0 && result.state === 'request-line')) {
    return { kind: 'accepted', requests };
  }
  return { kind: 'incomplete', requests };
}

/** Whether a run ended as the preset expects: the same verdict after the same number of requests. */
export function meetsExpectation(preset: Preset, outcome: Outcome): boolean {
  if (outcome.requests !== preset.messages) return false;
  if (outcome.kind === 'accepted') return preset.expect === 'ok';
  if (outcome.kind === 'refused') return preset.expect === outcome.status;
  return false;
}
