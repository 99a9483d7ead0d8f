/** The `<tal-timeline>` element: watches a workspace's runs and plays their trace back, event by event. */
import './timeline.css';
import { explain, summary, type ViewLang } from '../../lib/trace-view/describe.ts';
import { buildModel, type TimelineEvent, type TimelineModel } from '../../lib/trace-view/model.ts';
import {
  initialPlayer,
  interval,
  step,
  type PlayerAction,
  type PlayerState,
} from '../../lib/trace-view/player.ts';
import { timelineStrings, type TimelineStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';
import { drawChart, eventLine, scaled } from './timeline-chart.ts';
import { buildControls, keyAction, refreshButtons } from './timeline-controls.ts';
import { svg, type ButtonKey } from './timeline-svg.ts';

/** More events than this are recorded but not drawn: a server left running would flood the page. */
export const MAX_EVENTS = 1500;

/** What a loader saw before this element was ready: the run's start and its events so far. */
export interface Backlog {
  runtime?: string;
  events: TimelineEvent[];
  ended: boolean;
}

/** The parts of `<tal-workspace>` this element uses. */
type Workspace = HTMLElement & { revealLine?(file: string, line: number): Promise<void> };

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
    const controls = buildControls(t, {
      press: (action) => this.#dispatch(action, true),
      speed: (speed) => this.#dispatch({ type: 'speed', speed }),
      zoom: (zoom) => {
        this.#zoom = zoom;
        this.#render();
      },
    });
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
    const list = el('ol', { class: 'tl-list' });
    // A mark in the chart and an item in the list both carry their event's index.
    const pick = (event: Event) => {
      const index = (event.target as Element).closest('[data-index]')?.getAttribute('data-index');
      if (index != null) this.#select(Number(index));
    };
    chart.addEventListener('click', pick);
    list.addEventListener('click', pick);
    const summaryEl = el('summary', { text: t.list(0) });
    this.replaceChildren(
      el('div', { class: 'tl-head' }, el('strong', { class: 'tl-title', text: t.title }), status),
      controls.group,
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
      buttons: controls.buttons,
      speed: controls.speed,
      zoom: controls.zoom,
    };
    this.#refreshControls();
  }

  #keys(event: KeyboardEvent): void {
    const action = keyAction(event.key, this.#player.index);
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
    drawChart(this.#ui, this.#model, {
      zoom: this.#zoom,
      lang: this.#lang,
      laneTitles: this.#t.lanes,
    });
    this.#drawList();
    const parts = [t.counts(events.length, this.#model.lanes.length)];
    if (this.#dropped > 0) parts.push(t.truncated(events.length));
    if (this.#phase === 'running') parts.push(t.running);
    else if (events.length === 0 && this.#runtime === 'webcontainer') parts.push(t.noTrace);
    this.#ui.status.textContent = parts.join(' ');
    this.dataset['events'] = String(events.length);
    this.#show(false);
  }

  /** Appends list items for events not listed yet, so a long run is not rebuilt on every frame. */
  #drawList(): void {
    const items: HTMLLIElement[] = [];
    for (let i = this.#listed; i < this.#events.length; i++) {
      const event = this.#events[i] as TimelineEvent;
      const text = eventLine(event, this.#lang);
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
    refreshButtons(this.#ui.buttons, this.#player, this.#t);
    this.dataset['playing'] = String(this.#player.playing);
  }
}

if (!customElements.get('tal-timeline')) customElements.define('tal-timeline', TalTimeline);
