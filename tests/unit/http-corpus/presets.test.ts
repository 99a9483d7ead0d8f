/** The playground's presets: each stored verdict is what step 08's parser does, and no label or sentence gives it away. */
import { describe, expect, test } from 'vitest';
import { fromLatin1, latin1 } from '../../../content/sandboxes/_template/bytes.ts';
import { corpus } from '../../../src/lib/http-corpus/cases.ts';
import {
  meetsExpectation,
  outcomeOf,
  presetGroups,
  presets,
  type Preset,
} from '../../../src/lib/http-corpus/presets.ts';
import {
  escapeBytes,
  randomCuts,
  runParser,
  singleByteCuts,
  splitAt,
  unescapeBytes,
} from '../../../src/lib/trace-view/parser-session.ts';

/** The bytes as the playground gets them: escaped into the text box, then read back. */
function typed(preset: Preset): Uint8Array {
  return unescapeBytes(escapeBytes(fromLatin1(preset.raw), true));
}

describe('what the presets expect', () => {
  test('every stored verdict is what the parser does, whole, in random pieces and in single bytes', () => {
    for (const preset of presets) {
      const bytes = typed(preset);
      expect(latin1(bytes), preset.id).toBe(preset.raw);
      const splits = [[], randomCuts(bytes.length, 5, bytes.length)];
      if (bytes.length < 2000) splits.push(singleByteCuts(bytes.length));
      for (const cuts of splits) {
        const where = `${preset.id} in ${cuts.length + 1} chunks`;
        const result = runParser(splitAt(bytes, cuts), true);
        expect(result.refusal?.status ?? 'ok', where).toBe(preset.expect);
        expect(
          result.requests.filter((r) => r.complete),
          where,
        ).toHaveLength(preset.messages);
        // The playground's own verdict line must agree with the stored expectation too.
        expect(meetsExpectation(preset, outcomeOf(result)), where).toBe(true);
      }
    }
  });

  test('a run that ends otherwise does not meet the expectation', () => {
    const refused = presets.find((p) => p.expect !== 'ok');
    const accepted = presets.find((p) => p.expect === 'ok' && p.messages === 1);
    if (!refused || !accepted) throw new Error('the presets lost a refused or an accepted case');
    expect(meetsExpectation(refused, outcomeOf(runParser([typed(accepted)])))).toBe(false);
    expect(meetsExpectation(accepted, outcomeOf(runParser([typed(refused)])))).toBe(false);
    // Without the close, a body cut short is still waiting: neither verdict.
    const short = presets.find((p) => p.id === 'cl-body-short');
    if (!short) throw new Error('the presets lost cl-body-short');
    const open = outcomeOf(runParser([typed(short)], false));
    expect(open.kind).toBe('incomplete');
    expect(meetsExpectation(short, open)).toBe(false);
  });

  test('a preset taken from the corpus has the corpus bytes and verdict', () => {
    for (const preset of presets) {
      const c = corpus.find((x) => x.id === preset.id);
      if (!c) continue;
      expect(
        { raw: preset.raw, expect: preset.expect, messages: preset.messages },
        preset.id,
      ).toEqual({ raw: c.raw, expect: c.expect, messages: c.messages });
    }
  });
});

describe('the list itself', () => {
  test('ids are unique, every group has presets, and the list is a curated size', () => {
    const ids = presets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(presets.length).toBeGreaterThanOrEqual(30);
    expect(presets.length).toBeLessThanOrEqual(50);
    expect(new Set(presetGroups.map((g) => g.id)).size).toBe(presetGroups.length);
    for (const group of presetGroups) {
      expect(presets.filter((p) => p.group === group.id).length, group.id).toBeGreaterThanOrEqual(
        3,
      );
    }
    for (const preset of presets) {
      expect(
        presetGroups.map((g) => g.id),
        preset.id,
      ).toContain(preset.group);
    }
    // Both verdicts occur, so the reader has something to predict.
    expect(presets.some((p) => p.expect === 'ok')).toBe(true);
    expect(presets.some((p) => p.expect !== 'ok')).toBe(true);
  });

  test('the smuggling group covers CL+TE, duplicate Content-Length, TE obfuscation, obs-fold, bare LF and whitespace before a colon', () => {
    const smuggling = presets.filter((p) => p.group === 'smuggling').map((p) => p.raw);
    const has = (pattern: RegExp) => smuggling.some((raw) => pattern.test(raw));
    expect(has(/Content-Length: \d+\r\n(?:.*\r\n)*Transfer-Encoding: chunked/i)).toBe(true);
    expect(has(/Content-Length:[^\r]*\r\n(?:.*\r\n)*Content-Length:/)).toBe(true);
    expect(has(/Transfer-Encoding: xchunked/)).toBe(true);
    expect(has(/\r\n[ \t]chunked/)).toBe(true);
    expect(has(/[^\r]\n/)).toBe(true);
    expect(has(/Transfer-Encoding :/)).toBe(true);
  });

  test('every preset and group has an English and a Chinese text', () => {
    const texts = (p: Preset) => [p.label.en, p.label.zh, p.teaches.en, p.teaches.zh];
    for (const preset of presets) {
      for (const text of texts(preset)) expect(text.trim(), preset.id).not.toBe('');
      // A sentence is one sentence; the Chinese one is in Chinese.
      expect(preset.teaches.en, preset.id).toMatch(/^[^.?!]+(?:\.[^ .?!][^.?!]*)*[.?!]$/u);
      expect(preset.teaches.zh, preset.id).toMatch(/\p{Script=Han}/u);
      expect(preset.teaches.zh, preset.id).toMatch(/[。？]$/u);
    }
    for (const group of presetGroups) {
      expect(group.name.en.trim(), group.id).not.toBe('');
      expect(group.name.zh, group.id).toMatch(/\p{Script=Han}/u);
    }
  });

  test('no label, sentence or group name gives the verdict away', () => {
    const giveaway =
      /\b[45]\d\d\b|→|\b(?:ok|accept\w*|refus\w*|reject\w*|valid|invalid|illegal|error\w*|bad request)\b|接受|拒绝|拒收|合法|非法|错误|有效|无效/iu;
    const shown = [
      ...presetGroups.flatMap((g) => [g.name.en, g.name.zh]),
      ...presets.flatMap((p) => [p.label.en, p.label.zh, p.teaches.en, p.teaches.zh]),
    ];
    // The field name Accept is a name, not a verdict; the verb stays forbidden in lower case.
    for (const text of shown) expect(text.replaceAll(/\bAccept\b/g, 'FIELD')).not.toMatch(giveaway);
  });
});
