/** Turns a run's stamped trace events into a timeline: lanes, marks on one compressed time axis, and waits as bars. */
import { laneOf, type Stamped } from '../lesson/index.ts';

/** Where in a step's files an event was produced (a bare file name and a 1-based line). */
export interface SourceLocation {
  file: string;
  line: number;
}

/** A trace event as the timeline receives it; `source` is present when the runtime located it. */
export type TimelineEvent = Stamped & { source?: SourceLocation };

/** What a lane stands for; decides its colour and how it is named. */
export type LaneKind =
  'loop' | 'connection' | 'client' | 'coroutine' | 'handler' | 'future' | 'note';

export interface Lane {
  /** The lane's name as the trace prints it: `loop`, `fd 4`, `client A`, `req#1`… */
  id: string;
  kind: LaneKind;
  /** Row number, 0 at the top. */
  row: number;
}

export interface Mark {
  /** Position of the event in the run (0-based). */
  index: number;
  row: number;
  x: number;
  event: TimelineEvent;
}

/** A stretch of time spent waiting: the loop asleep in poll, a coroutine suspended, a handler between hooks. */
export interface Bar {
  kind: 'poll' | 'suspended' | 'handler';
  row: number;
  x0: number;
  x1: number;
  /** Index of the event that began the wait (the last one before it). */
  from: number;
  /** Index of the event that ended it (the poll, or the resume). */
  to: number;
}

export interface Tick {
  x: number;
  time: number;
}

export interface TimelineModel {
  lanes: Lane[];
  marks: Mark[];
  bars: Bar[];
  /** Where the clock moved on, labelled with the new time. */
  ticks: Tick[];
  width: number;
}

/** Spacing of the compressed axis, in px. */
export interface Layout {
  /** Space given to every event, even at the same instant. */
  slot: number;
  /** Extra space for a jump of the clock: grows with log2(1 + ms), capped. */
  gapPerDoubling: number;
  maxGap: number;
  pad: number;
}

export const DEFAULT_LAYOUT: Layout = {
  slot: 26,
  gapPerDoubling: 8,
  maxGap: 90,
  pad: 16,
};

/** Classifies a lane by the events in it; the loop lane always comes first. */
export function laneKind(event: Stamped): LaneKind {
  switch (event.kind) {
    case 'callback.queued':
    case 'callback.run':
    case 'callback.error':
    case 'timer.set':
    case 'timer.fired':
    case 'timer.cancelled':
    case 'poll':
      return 'loop';
    case 'client':
      return 'client';
    case 'coroutine.suspended':
    case 'coroutine.resumed':
    case 'coroutine.finished':
      return 'coroutine';
    case 'handler.hook':
      return 'handler';
    case 'future.resolved':
      return 'future';
    case 'note':
      return 'note';
    default:
      return 'connection';
  }
}

/** Lanes in order of first appearance, the loop's first. */
export function lanesOf(events: readonly Stamped[]): Lane[] {
  const lanes = new Map<string, LaneKind>();
  for (const event of events) {
    const id = laneOf(event);
    if (!lanes.has(id)) lanes.set(id, laneKind(event));
  }
  const ordered = [...lanes].sort(([, a], [, b]) => Number(b === 'loop') - Number(a === 'loop'));
  return ordered.map(([id, kind], row) => ({ id, kind, row }));
}

/** Horizontal space for a clock jump of `ms`. */
export function gapWidth(ms: number, layout: Layout = DEFAULT_LAYOUT): number {
  if (ms <= 0) return 0;
  return Math.min(layout.maxGap, layout.gapPerDoubling * (1 + Math.log2(1 + ms)));
}

/**
 * Index of the event after which the loop went to sleep for the poll at `pollIndex`. Scripted
 * clients act while the loop sleeps, so their events do not count as the loop's last work.
 */
export function waitStart(events: readonly Stamped[], pollIndex: number): number {
  for (let i = pollIndex - 1; i >= 0; i--) {
    if (events[i]?.kind !== 'client') return i;
  }
  return -1;
}

/** Lays the events out: one slot each, plus a gap wherever the clock moved on. */
export function buildModel(
  events: readonly TimelineEvent[],
  layout: Layout = DEFAULT_LAYOUT,
): TimelineModel {
  const lanes = lanesOf(events);
  const rowOf = new Map(lanes.map((l) => [l.id, l.row]));
  const marks: Mark[] = [];
  const ticks: Tick[] = [];
  let x = layout.pad;
  let previousTime: number | undefined;
  for (const [index, event] of events.entries()) {
    if (previousTime === undefined || event.time !== previousTime) {
      if (previousTime !== undefined) x += gapWidth(event.time - previousTime, layout);
      ticks.push({ x, time: event.time });
      previousTime = event.time;
    }
    marks.push({ index, row: rowOf.get(laneOf(event)) ?? 0, x, event });
    x += layout.slot;
  }
  return {
    lanes,
    marks,
    bars: barsOf(events, marks, rowOf),
    ticks,
    width: x + layout.pad,
  };
}

function barsOf(
  events: readonly TimelineEvent[],
  marks: readonly Mark[],
  rowOf: Map<string, number>,
): Bar[] {
  const bars: Bar[] = [];
  const suspended = new Map<string, number>();
  const lastHook = new Map<string, number>();
  const xAt = (i: number) => marks[i]?.x ?? 0;
  for (const [index, event] of events.entries()) {
    if (event.kind === 'poll') {
      const from = waitStart(events, index);
      const began = events[from]?.time ?? 0;
      if (event.time > began) {
        bars.push({
          kind: 'poll',
          row: rowOf.get('loop') ?? 0,
          x0: from < 0 ? 0 : xAt(from),
          x1: xAt(index),
          from,
          to: index,
        });
      }
    } else if (event.kind === 'handler.hook') {
      // A handler whose next hook comes later on the clock was waiting, not working, in between.
      const from = lastHook.get(event.handler);
      lastHook.set(event.handler, index);
      if (from === undefined || (events[from]?.time ?? event.time) >= event.time) continue;
      bars.push({
        kind: 'handler',
        row: rowOf.get(event.handler) ?? 0,
        x0: xAt(from),
        x1: xAt(index),
        from,
        to: index,
      });
    } else if (event.kind === 'coroutine.suspended') {
      suspended.set(event.coroutine, index);
    } else if (event.kind === 'coroutine.resumed' || event.kind === 'coroutine.finished') {
      const from = suspended.get(event.coroutine);
      suspended.delete(event.coroutine);
      if (from === undefined) continue;
      bars.push({
        kind: 'suspended',
        row: rowOf.get(event.coroutine) ?? 0,
        x0: xAt(from),
        x1: xAt(index),
        from,
        to: index,
      });
    }
  }
  // A coroutine still suspended when the run ended waits to the end of the axis.
  for (const [name, from] of suspended) {
    const last = marks.at(-1);
    bars.push({
      kind: 'suspended',
      row: rowOf.get(name) ?? 0,
      x0: xAt(from),
      x1: last ? last.x : xAt(from),
      from,
      to: last?.index ?? from,
    });
  }
  return bars;
}
