/** The timeline's playback controls: five buttons, the speed and zoom selects, and the keys that do what the buttons do. */
import { SPEEDS, type PlayerAction, type PlayerState } from '../../lib/trace-view/player.ts';
import type { TimelineStrings } from '../../lib/trace-view/strings.ts';
import { el } from '../dom.ts';
import { ZOOMS } from './timeline-chart.ts';
import { ICONS, icon, type ButtonKey } from './timeline-svg.ts';

/** The controls' elements; `group` holds them all. */
export interface Controls {
  group: HTMLElement;
  buttons: Record<ButtonKey, HTMLButtonElement>;
  speed: HTMLSelectElement;
  zoom: HTMLSelectElement;
}

/** What the controls ask of the timeline. */
export interface ControlHandlers {
  /** A button was pressed: a move the reader made, so it may show the source line. */
  press(action: PlayerAction): void;
  speed(speed: number): void;
  zoom(zoom: number): void;
}

const ACTIONS: Record<ButtonKey, PlayerAction> = {
  start: { type: 'start' },
  back: { type: 'back' },
  play: { type: 'toggle' },
  forward: { type: 'forward' },
  end: { type: 'end' },
};

function button(key: ButtonKey, label: string): HTMLButtonElement {
  const b = el('button', {
    type: 'button',
    class: `tl-button tl-${key}`,
    'aria-label': label,
    title: label,
  });
  b.append(icon(ICONS[key]));
  return b;
}

/** A select of `values`, starting at 1 (normal speed, normal scale). */
function select(
  cls: string,
  values: readonly number[],
  text: (value: number) => string,
): HTMLSelectElement {
  const node = el('select', { class: cls });
  for (const v of values) node.append(el('option', { value: String(v), text: text(v) }));
  node.value = '1';
  return node;
}

/** Builds the controls; they act only through `on`. */
export function buildControls(t: TimelineStrings, on: ControlHandlers): Controls {
  const buttons = {
    start: button('start', t.start),
    back: button('back', t.back),
    play: button('play', t.play),
    forward: button('forward', t.forward),
    end: button('end', t.end),
  };
  for (const key of Object.keys(buttons) as ButtonKey[]) {
    buttons[key].addEventListener('click', () => on.press(ACTIONS[key]));
  }
  const speed = select('tl-speed', SPEEDS, (s) => `${s}×`);
  speed.addEventListener('change', () => on.speed(Number(speed.value)));
  const zoom = select('tl-zoom', ZOOMS, (z) => `${z * 100}%`);
  zoom.addEventListener('change', () => on.zoom(Number(zoom.value)));
  const group = el(
    'div',
    { class: 'tl-controls', role: 'group', 'aria-label': t.controls },
    ...Object.values(buttons),
    el('label', { class: 'tl-speed-label' }, el('span', { text: t.speed }), speed),
    el('label', { class: 'tl-zoom-label' }, el('span', { text: t.zoom }), zoom),
  );
  return { group, buttons, speed, zoom };
}

/** The action a key on the chart stands for, given the current position; undefined for other keys. */
export function keyAction(key: string, index: number): PlayerAction | undefined {
  const map: Record<string, PlayerAction> = {
    ArrowRight: { type: 'forward' },
    ArrowDown: { type: 'forward' },
    ArrowLeft: { type: 'back' },
    ArrowUp: { type: 'back' },
    Home: { type: 'start' },
    End: { type: 'end' },
    PageDown: { type: 'seek', index: index + 10 },
    PageUp: { type: 'seek', index: Math.max(0, index - 10) },
    ' ': { type: 'toggle' },
  };
  return map[key];
}

/** Brings the buttons up to date with the player: which can act, and whether play shows pause. */
export function refreshButtons(
  b: Record<ButtonKey, HTMLButtonElement>,
  player: PlayerState,
  t: TimelineStrings,
): void {
  const { index, count, playing } = player;
  // aria-disabled, not disabled: a button that goes dead under the reader's focus drops focus.
  const off = (target: HTMLButtonElement, value: boolean) =>
    target.setAttribute('aria-disabled', String(value));
  off(b.start, count === 0 || index === 0);
  off(b.back, count === 0 || index < 0);
  off(b.forward, count === 0 || index >= count - 1);
  off(b.end, count === 0 || index >= count - 1);
  off(b.play, count === 0);
  const label = playing ? t.pause : t.play;
  b.play.setAttribute('aria-label', label);
  b.play.title = label;
  const shape = playing ? ICONS.pause : ICONS.play;
  const path = b.play.querySelector('path');
  if (path?.getAttribute('d') !== shape) path?.setAttribute('d', shape);
}
