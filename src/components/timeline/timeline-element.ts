/** The `<tal-timeline>` element: watches a workspace's runs and plays their trace back, event by event. */
import './timeline.css';
import { laneOf } from '../../lib/lesson/index.ts';
import { explain, summary, type ViewLang } from '../../lib/trace-view/describe.ts';
import {
  buildModel,
  DEFAULT_LAYOUT,
  type Layout,
  type TimelineEvent,
  type TimelineModel,
} from '../../lib/trace-view/model.ts';
import {
  initialPlayer,
  interval,
  SPEEDS,
  step,
  type PlayerAction,
  type PlayerState,
} from '../../lib/trace-view/player.ts';
import { timelineStrings, type TimelineStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';

/** More events than this are recorded but not drawn: a server left running would flood the page. */
export const MAX_EVENTS = 1500;
const ROW = 30;
const AXIS = 24;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Horizontal scales offered; below 1 a long run fits on screen, above it busy instants spread out. */
const ZOOMS = [0.25, 0.5, 1, 2] as const;

function scaled(zoom: number): Layout {
  const d = DEFAULT_LAYOUT;
  return {
    slot: d.slot * zoom,
    gapPerDoubling: d.gapPerDoubling * zoom,
    maxGap: d.maxGap * zoom,
    pad: d.pad,
  };
}

/** What a loader saw before this element was ready: the run's start and its events so far. */
export interface Backlog {
  runtime?: string;
  events: TimelineEvent[];
  ended: boolean;
}

/** The parts of `<tal-workspace>` this element uses. */
type Workspace = HTMLElement & { revealLine?(file: string, line: number): Promise<void> };

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

type ButtonKey = 'start' | 'back' | 'play' | 'forward' | 'end';

/** Icon paths in a 16×16 box; drawn, not typed, because fonts lack the media-control glyphs. */
const ICONS: Record<ButtonKey | 'pause', string> = {
  start: 'M3 2h2v12H3zM14 2v12L6 8z',
  back: 'M11 2v12L4 8z',
  play: 'M4 2v12l10-6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  forward: 'M5 2v12l7-6z',
  end: 'M11 2h2v12h-2zM2 2v12l8-6z',
};

function icon(path: string): SVGElement {
  const graphic = svg('svg', { viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' });
  graphic.append(svg('path', { d: path }));
  return graphic;
}

const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

export class TalTimeline extends HTMLElement {
  #lang: ViewLang = 'en';
  #t!: TimelineStrings;
  #workspace: Workspace | null = null;
  #events: TimelineEvent[] = [];
  #dropped = 0;
  #model: TimelineModel | null = null;
  #player: PlayerState = initialPlayer();
  #zoom = 1;
  #runtime = '';
  #phase: 'idle' | 'running' | 'ended' = 'idle';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  #listed = 0;
  #detach: (() => void) | null = null;
  #ui!: {
    status: HTMLElement;
    now: HTMLElement;
    source: HTMLElement;
    lanes: HTMLElement;
    scroll: HTMLElement;
    chart: SVGSVGElement;
    cursor: SVGElement;
    list: HTMLOListElement;
    summary: HTMLElement;
    buttons: Record<ButtonKey, HTMLButtonElement>;
    speed: HTMLSelectElement;
    zoom: HTMLSelectElement;
  };

  connectedCallback(): void {
    if (this.dataset['ready']) return;
    const target = this.#findWorkspace();
    this.#lang = (
      this.dataset['lang'] ??
      target?.dataset['lang'] ??
      document.documentElement.lang
    ).startsWith('zh')
      ? 'zh'
      : 'en';
    this.#t = timelineStrings(this.#lang);
    this.#build();
    this.dataset['ready'] = 'true';
    if (target && !this.#workspace) this.attach(target);
  }

  disconnectedCallback(): void {
    clearTimeout(this.#timer);
  }

  /** The workspace named by `for`, else the nearest one before this element. */
  #findWorkspace(): Workspace | null {
    const id = this.getAttribute('for');
    if (id) return document.getElementById(id);
    let best: Workspace | null = null;
    for (const ws of document.querySelectorAll<Workspace>('tal-workspace')) {
      if (ws.compareDocumentPosition(this) & Node.DOCUMENT_POSITION_FOLLOWING) best = ws;
    }
    return best;
  }

  /** Starts following `workspace`; `backlog` holds what happened before this element existed. */
  attach(workspace: Workspace, backlog?: Backlog): void {
    this.#detach?.();
    this.#workspace = workspace;
    const onStart = (event: Event) => {
      this.#reset((event as CustomEvent<{ runtime?: string }>).detail.runtime ?? '');
    };
    const onTrace = (event: Event) => this.#add((event as CustomEvent<TimelineEvent>).detail);
    const onEnd = () => this.#end();
    workspace.addEventListener('tal-run-start', onStart);
    workspace.addEventListener('tal-trace', onTrace);
    workspace.addEventListener('tal-run-end', onEnd);
    this.#detach = () => {
      workspace.removeEventListener('tal-run-start', onStart);
      workspace.removeEventListener('tal-trace', onTrace);
      workspace.removeEventListener('tal-run-end', onEnd);
    };
    if (backlog) {
      this.#reset(backlog.runtime ?? '');
      for (const event of backlog.events) this.#add(event);
      if (backlog.ended) this.#end();
    }
  }

  /** The events of the last run (for tests and tools). */
  get events(): readonly TimelineEvent[] {
    return this.#events;
  }

  #build(): void {
    const t = this.#t;
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', t.region);
    const button = (key: ButtonKey, label: string) => {
      const b = el('button', {
        type: 'button',
        class: `tl-button tl-${key}`,
        'aria-label': label,
        title: label,
      });
      b.append(icon(ICONS[key]));
      return b;
    };
    const buttons = {
      start: button('start', t.start),
      back: button('back', t.back),
      play: button('play', t.play),
      forward: button('forward', t.forward),
      end: button('end', t.end),
    };
    const actions: Record<ButtonKey, PlayerAction> = {
      start: { type: 'start' },
      back: { type: 'back' },
      play: { type: 'toggle' },
      forward: { type: 'forward' },
      end: { type: 'end' },
    };
    for (const key of Object.keys(buttons) as ButtonKey[]) {
      buttons[key].addEventListener('click', () => this.#dispatch(actions[key], true));
    }
    const speed = el('select', { class: 'tl-speed' });
    for (const s of SPEEDS) speed.append(el('option', { value: String(s), text: `${s}×` }));
    speed.value = '1';
    speed.addEventListener('change', () =>
      this.#dispatch({ type: 'speed', speed: Number(speed.value) }),
    );
    const zoom = el('select', { class: 'tl-zoom' });
    for (const z of ZOOMS) zoom.append(el('option', { value: String(z), text: `${z * 100}%` }));
    zoom.value = '1';
    zoom.addEventListener('change', () => {
      this.#zoom = Number(zoom.value);
      this.#render();
    });
    const controls = el(
      'div',
      { class: 'tl-controls', role: 'group', 'aria-label': t.controls },
      ...Object.values(buttons),
      el('label', { class: 'tl-speed-label' }, el('span', { text: t.speed }), speed),
      el('label', { class: 'tl-zoom-label' }, el('span', { text: t.zoom }), zoom),
    );
    const status = el('p', { class: 'tl-status', text: t.waiting });
    const now = el('p', { class: 'tl-now', 'aria-live': 'polite' });
    const source = el('p', { class: 'tl-source' });
    const lanes = el('div', { class: 'tl-lanes', 'aria-hidden': 'true' });
    const chart = svg('svg', { class: 'tl-svg', 'aria-hidden': 'true' }) as SVGSVGElement;
    const cursor = svg('line', { class: 'tl-cursor', y1: 0, x1: -10, x2: -10 });
    const scroll = el('div', {
      class: 'tl-scroll',
      tabindex: '0',
      role: 'slider',
      'aria-label': t.slider,
      'aria-valuemin': '0',
      'aria-valuemax': '0',
      'aria-valuenow': '0',
      'aria-valuetext': t.beforeStart,
    });
    scroll.append(chart);
    scroll.addEventListener('keydown', (event) => this.#keys(event));
    chart.addEventListener('click', (event) => {
      const index = (event.target as Element).closest('[data-index]')?.getAttribute('data-index');
      if (index != null) this.#select(Number(index));
    });
    const list = el('ol', { class: 'tl-list' });
    list.addEventListener('click', (event) => {
      const index = (event.target as Element).closest('[data-index]')?.getAttribute('data-index');
      if (index != null) this.#select(Number(index));
    });
    const summaryEl = el('summary', { text: t.list(0) });
    this.replaceChildren(
      el('div', { class: 'tl-head' }, el('strong', { class: 'tl-title', text: t.title }), status),
      controls,
      now,
      source,
      el('div', { class: 'tl-chart' }, lanes, scroll),
      el('details', { class: 'tl-details' }, summaryEl, list),
    );
    this.#ui = {
      status,
      now,
      source,
      lanes,
      scroll,
      chart,
      cursor,
      list,
      summary: summaryEl,
      buttons,
      speed,
      zoom,
    };
    this.#refreshControls();
  }

  #keys(event: KeyboardEvent): void {
    const map: Record<string, PlayerAction> = {
      ArrowRight: { type: 'forward' },
      ArrowDown: { type: 'forward' },
      ArrowLeft: { type: 'back' },
      ArrowUp: { type: 'back' },
      Home: { type: 'start' },
      End: { type: 'end' },
      PageDown: { type: 'seek', index: this.#player.index + 10 },
      PageUp: { type: 'seek', index: Math.max(0, this.#player.index - 10) },
      ' ': { type: 'toggle' },
    };
    const action = map[event.key];
    if (!action) return;
    event.preventDefault();
    this.#dispatch(action, true);
  }

  #reset(runtime: string): void {
    clearTimeout(this.#timer);
    this.#runtime = runtime;
    this.#events = [];
    this.#dropped = 0;
    this.#listed = 0;
    this.#phase = 'running';
    this.#player = { ...initialPlayer(), speed: this.#player.speed };
    this.#ui.list.replaceChildren();
    this.dataset['phase'] = 'running';
    this.#schedule();
  }

  #add(event: TimelineEvent): void {
    if (this.#phase !== 'running') this.#reset(this.#runtime);
    if (this.#events.length >= MAX_EVENTS) {
      this.#dropped++;
      return;
    }
    this.#events.push(event);
    this.#schedule();
  }

  #end(): void {
    this.#phase = 'ended';
    this.dataset['phase'] = 'ended';
    this.#schedule();
  }

  /** Redraws at most once a frame: a run delivers its events in bursts. */
  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #render(): void {
    const t = this.#t;
    const events = this.#events;
    this.#player = step(this.#player, { type: 'count', count: events.length });
    this.#model = buildModel(events, scaled(this.#zoom));
    this.#drawChart(this.#model);
    this.#drawList();
    const parts = [t.counts(events.length, this.#model.lanes.length)];
    if (this.#dropped > 0) parts.push(t.truncated(events.length));
    if (this.#phase === 'running') parts.push(t.running);
    else if (events.length === 0 && this.#runtime === 'webcontainer') parts.push(t.noTrace);
    this.#ui.status.textContent = parts.join(' ');
    this.dataset['events'] = String(events.length);
    this.#show(false);
  }

  #drawChart(model: TimelineModel): void {
    const { chart, lanes, cursor } = this.#ui;
    const height = AXIS + model.lanes.length * ROW;
    chart.setAttribute('width', String(model.width));
    chart.setAttribute('height', String(height));
    chart.setAttribute('viewBox', `0 0 ${model.width} ${height}`);
    chart.style.height = `${height}px`;
    const rowY = (row: number) => AXIS + row * ROW + ROW / 2;
    const nodes: SVGElement[] = [];
    for (const lane of model.lanes) {
      nodes.push(
        svg('line', {
          class: 'tl-lane-line',
          x1: 0,
          x2: model.width,
          y1: rowY(lane.row),
          y2: rowY(lane.row),
        }),
      );
    }
    let lastLabel = -Infinity;
    for (const tick of model.ticks) {
      nodes.push(
        svg('line', { class: 'tl-tick', x1: tick.x, x2: tick.x, y1: AXIS - 6, y2: height }),
      );
      if (tick.x - lastLabel >= 48) {
        const label = svg('text', { class: 'tl-tick-label', x: tick.x + 2, y: AXIS - 9 });
        label.textContent = `${Number.isInteger(tick.time) ? tick.time : tick.time.toFixed(1)} ms`;
        nodes.push(label);
        lastLabel = tick.x;
      }
    }
    for (const bar of model.bars) {
      nodes.push(
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
    cursor.setAttribute('y2', String(height));
    nodes.push(cursor);
    const half = (DEFAULT_LAYOUT.slot * this.#zoom) / 2;
    const radius = Math.min(6, half * 0.9);
    for (const mark of model.marks) {
      const kind = model.lanes[mark.row]?.kind ?? 'loop';
      const g = svg('g', { class: `tl-mark tl-mark--${kind}`, 'data-index': mark.index });
      const title = svg('title', {});
      title.textContent = `${mark.event.time} ms · ${laneOf(mark.event)} · ${summary(mark.event, this.#lang)}`;
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
      nodes.push(g);
    }
    chart.replaceChildren(...nodes);
    lanes.replaceChildren(
      el('div', { class: 'tl-lane-axis' }),
      ...model.lanes.map((lane) =>
        el('div', {
          class: `tl-lane tl-lane--${lane.kind}`,
          title: this.#t.lanes[lane.kind],
          text: lane.id,
        }),
      ),
    );
  }

  /** Appends list items for events not listed yet, so a long run is not rebuilt on every frame. */
  #drawList(): void {
    const items: HTMLLIElement[] = [];
    for (let i = this.#listed; i < this.#events.length; i++) {
      const event = this.#events[i] as TimelineEvent;
      const text = `${event.time} ms · ${laneOf(event)} · ${summary(event, this.#lang)}`;
      items.push(
        el(
          'li',
          {},
          el('button', { type: 'button', class: 'tl-item', 'data-index': String(i), text }),
        ),
      );
    }
    this.#ui.list.append(...items);
    this.#listed = this.#events.length;
    this.#ui.summary.textContent = this.#t.list(this.#events.length);
  }

  #select(index: number): void {
    this.#dispatch({ type: 'seek', index }, true, true);
  }

  /** Applies a playback action; `manual` moves may show the source line in the editor. */
  #dispatch(action: PlayerAction, manual = false, clicked = false): void {
    const before = this.#player;
    this.#player = step(before, action);
    if (this.#player.playing && !before.playing) this.#tick();
    if (!this.#player.playing) clearTimeout(this.#timer);
    this.#show(manual && this.#player.index !== before.index, clicked);
  }

  #tick(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#player = step(this.#player, { type: 'tick' });
      this.#show(false);
      if (this.#player.playing) this.#tick();
    }, interval(this.#player.speed));
  }

  /** Shows the current event everywhere: mark, cursor, list, words, slider, controls. */
  #show(manual: boolean, clicked = false): void {
    const { index, count } = this.#player;
    const model = this.#model;
    const ui = this.#ui;
    this.dataset['current'] = String(index);
    for (const g of ui.chart.querySelectorAll<SVGGElement>('.tl-mark')) {
      const i = Number(g.dataset['index']);
      g.classList.toggle('is-current', i === index);
      g.classList.toggle('is-future', i > index);
    }
    const mark = model?.marks[index];
    ui.cursor.setAttribute('x1', String(mark ? mark.x : -10));
    ui.cursor.setAttribute('x2', String(mark ? mark.x : -10));
    const previous = ui.list.querySelector('[aria-current]');
    previous?.removeAttribute('aria-current');
    const item = ui.list.children[index];
    item?.setAttribute('aria-current', 'step');
    const event = this.#events[index];
    const words = event
      ? explain(this.#events, index, this.#lang)
      : this.#phase === 'ended'
        ? this.#t.ready(count)
        : this.#events.length > 0
          ? this.#t.beforeStart
          : '';
    if (ui.now.textContent !== words) ui.now.textContent = words;
    ui.source.textContent = event?.source
      ? this.#t.source(event.source.file, event.source.line)
      : '';
    ui.scroll.setAttribute('aria-valuemax', String(count));
    ui.scroll.setAttribute('aria-valuenow', String(index + 1));
    ui.scroll.setAttribute(
      'aria-valuetext',
      event ? `${index + 1}/${count}: ${summary(event, this.#lang)}` : this.#t.beforeStart,
    );
    if (mark) this.#scrollTo(mark.x);
    if (item instanceof HTMLElement) this.#scrollList(item);
    this.#refreshControls();
    if (manual && event?.source) this.#reveal(event.source.file, event.source.line, clicked);
  }

  #scrollTo(x: number): void {
    const scroll = this.#ui.scroll;
    const margin = 40;
    if (x < scroll.scrollLeft + margin || x > scroll.scrollLeft + scroll.clientWidth - margin) {
      scroll.scrollTo({
        left: Math.max(0, x - scroll.clientWidth / 2),
        behavior: reducedMotion() ? 'auto' : 'smooth',
      });
    }
  }

  #scrollList(item: HTMLElement): void {
    const list = this.#ui.list;
    if (
      item.offsetTop < list.scrollTop ||
      item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight
    ) {
      list.scrollTop = item.offsetTop - list.clientHeight / 2;
    }
  }

  /**
   * Shows the producing line in the workspace's editor. The editor takes focus; unless the reader
   * clicked, focus and scroll come back here so keyboard stepping can go on.
   */
  #reveal(file: string, line: number, clicked: boolean): void {
    const workspace = this.#workspace;
    if (!workspace?.revealLine) return;
    // Loading the editor just to step would be costly; without it, the line shows as text only.
    if (!workspace.dataset['editor'] && !clicked) return;
    const focused = document.activeElement;
    const y = scrollY;
    void workspace.revealLine(file, line).then(() => {
      if (clicked || !(focused instanceof HTMLElement)) return;
      focused.focus({ preventScroll: true });
      scrollTo({ top: y, behavior: 'auto' });
    });
  }

  #refreshControls(): void {
    const { index, count, playing } = this.#player;
    const b = this.#ui.buttons;
    // aria-disabled, not disabled: a button that goes dead under the reader's focus drops focus.
    const off = (button: HTMLButtonElement, value: boolean) =>
      button.setAttribute('aria-disabled', String(value));
    off(b.start, count === 0 || index === 0);
    off(b.back, count === 0 || index < 0);
    off(b.forward, count === 0 || index >= count - 1);
    off(b.end, count === 0 || index >= count - 1);
    off(b.play, count === 0);
    const label = playing ? this.#t.pause : this.#t.play;
    b.play.setAttribute('aria-label', label);
    b.play.title = label;
    const shape = playing ? ICONS.pause : ICONS.play;
    const path = b.play.querySelector('path');
    if (path?.getAttribute('d') !== shape) path?.setAttribute('d', shape);
    this.dataset['playing'] = String(playing);
  }
}

if (!customElements.get('tal-timeline')) customElements.define('tal-timeline', TalTimeline);
