/** Draws a timeline model as SVG: a line per lane, the time axis, bars between related events and a mark per event. */
import { laneOf } from '../../lib/lesson/index.ts';
import { summary, type ViewLang } from '../../lib/trace-view/describe.ts';
import {
  DEFAULT_LAYOUT,
  type Layout,
  type TimelineEvent,
  type TimelineModel,
} from '../../lib/trace-view/model.ts';
import type { TimelineStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';
import { svg } from './timeline-svg.ts';

const ROW = 30;
const AXIS = 24;
/** Horizontal scales offered; below 1 a long run fits on screen, above it busy instants spread out. */
export const ZOOMS = [0.25, 0.5, 1, 2] as const;

/** The model's layout at `zoom`: slots and gaps scale, the padding does not. */
export function scaled(zoom: number): Layout {
  const d = DEFAULT_LAYOUT;
  return {
    slot: d.slot * zoom,
    gapPerDoubling: d.gapPerDoubling * zoom,
    maxGap: d.maxGap * zoom,
    pad: d.pad,
  };
}

/** One event in a line of text, as the list and the marks' tooltips show it. */
export function eventLine(event: TimelineEvent, lang: ViewLang): string {
  return `${event.time} ms · ${laneOf(event)} · ${summary(event, lang)}`;
}

/** The elements the chart is drawn into; the cursor is kept across draws so it can move alone. */
export interface ChartParts {
  chart: SVGSVGElement;
  lanes: HTMLElement;
  cursor: SVGElement;
}

/** What a draw depends on besides the model. */
export interface ChartView {
  zoom: number;
  lang: ViewLang;
  laneTitles: TimelineStrings['lanes'];
}

const rowY = (row: number) => AXIS + row * ROW + ROW / 2;

/** Redraws the whole chart and the lane names beside it. */
export function drawChart(parts: ChartParts, model: TimelineModel, view: ChartView): void {
  const { chart, lanes, cursor } = parts;
  const height = AXIS + model.lanes.length * ROW;
  chart.setAttribute('width', String(model.width));
  chart.setAttribute('height', String(height));
  chart.setAttribute('viewBox', `0 0 ${model.width} ${height}`);
  chart.style.height = `${height}px`;
  cursor.setAttribute('y2', String(height));
  // Drawn in this order so marks sit on top of the cursor, and the cursor on top of the bars.
  chart.replaceChildren(
    ...laneLines(model),
    ...ticks(model, height),
    ...bars(model),
    cursor,
    ...marks(model, height, view),
  );
  lanes.replaceChildren(
    el('div', { class: 'tl-lane-axis' }),
    ...model.lanes.map((lane) =>
      el('div', {
        class: `tl-lane tl-lane--${lane.kind}`,
        title: view.laneTitles[lane.kind],
        text: lane.id,
      }),
    ),
  );
}

function laneLines(model: TimelineModel): SVGElement[] {
  return model.lanes.map((lane) =>
    svg('line', {
      class: 'tl-lane-line',
      x1: 0,
      x2: model.width,
      y1: rowY(lane.row),
      y2: rowY(lane.row),
    }),
  );
}

/** A tick at every step of the axis, labelled only where the last label leaves room. */
function ticks(model: TimelineModel, height: number): SVGElement[] {
  const nodes: SVGElement[] = [];
  let lastLabel = -Infinity;
  for (const tick of model.ticks) {
    nodes.push(svg('line', { class: 'tl-tick', x1: tick.x, x2: tick.x, y1: AXIS - 6, y2: height }));
    if (tick.x - lastLabel >= 48) {
      const label = svg('text', { class: 'tl-tick-label', x: tick.x + 2, y: AXIS - 9 });
      label.textContent = `${Number.isInteger(tick.time) ? tick.time : tick.time.toFixed(1)} ms`;
      nodes.push(label);
      lastLabel = tick.x;
    }
  }
  return nodes;
}

function bars(model: TimelineModel): SVGElement[] {
  return model.bars.map((bar) =>
    svg('rect', {
      class: `tl-bar tl-bar--${bar.kind}`,
      x: bar.x0,
      width: Math.max(2, bar.x1 - bar.x0),
      y: rowY(bar.row) - 5,
      height: 10,
      rx: 3,
      'data-index': bar.to,
    }),
  );
}

/** A dot per event, inside a full-height strip that makes the event easy to click. */
function marks(model: TimelineModel, height: number, view: ChartView): SVGElement[] {
  const half = (DEFAULT_LAYOUT.slot * view.zoom) / 2;
  const radius = Math.min(6, half * 0.9);
  return model.marks.map((mark) => {
    const kind = model.lanes[mark.row]?.kind ?? 'loop';
    const g = svg('g', { class: `tl-mark tl-mark--${kind}`, 'data-index': mark.index });
    const title = svg('title', {});
    title.textContent = eventLine(mark.event, view.lang);
    g.append(
      title,
      svg('rect', {
        class: 'tl-hit',
        x: mark.x - half,
        y: AXIS,
        width: half * 2,
        height: height - AXIS,
      }),
      svg('circle', { class: 'tl-dot', cx: mark.x, cy: rowY(mark.row), r: radius }),
    );
    return g;
  });
}
