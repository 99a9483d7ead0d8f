/** The playback state of a timeline: which event is current, whether it plays, and how fast. */

/** `index` -1 means "before the first event"; otherwise 0 … count-1. */
export interface PlayerState {
  index: number;
  count: number;
  playing: boolean;
  speed: number;
}

export type PlayerAction =
  | { type: 'start' | 'end' | 'forward' | 'back' | 'play' | 'pause' | 'toggle' | 'tick' }
  | { type: 'seek'; index: number }
  | { type: 'speed'; speed: number }
  | { type: 'count'; count: number };

/** The speeds offered, as multiples of one event per BASE_INTERVAL_MS. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export const BASE_INTERVAL_MS = 700;

export function initialPlayer(count = 0): PlayerState {
  return { index: -1, count, playing: false, speed: 1 };
}

const clamp = (index: number, count: number) => Math.max(-1, Math.min(count - 1, index));

/** The next state; never mutates `state`. */
export function step(state: PlayerState, action: PlayerAction): PlayerState {
  const last = state.count - 1;
  switch (action.type) {
    case 'start':
      return { ...state, index: state.count > 0 ? 0 : -1, playing: false };
    case 'end':
      return { ...state, index: last, playing: false };
    case 'forward':
      return { ...state, index: clamp(state.index + 1, state.count), playing: false };
    case 'back':
      return { ...state, index: clamp(state.index - 1, state.count), playing: false };
    case 'seek':
      return { ...state, index: clamp(action.index, state.count), playing: false };
    case 'play':
      if (state.count === 0) return state;
      // Playing from the last event starts over, as a media player does.
      return { ...state, playing: true, index: state.index >= last ? 0 : state.index };
    case 'pause':
      return { ...state, playing: false };
    case 'toggle':
      return step(state, { type: state.playing ? 'pause' : 'play' });
    case 'tick': {
      if (!state.playing) return state;
      const index = clamp(state.index + 1, state.count);
      return { ...state, index, playing: index < last };
    }
    case 'speed':
      return { ...state, speed: action.speed > 0 ? action.speed : state.speed };
    case 'count':
      return { ...state, count: action.count, index: clamp(state.index, action.count) };
  }
}

/** Milliseconds between ticks at `speed`. */
export function interval(speed: number): number {
  return BASE_INTERVAL_MS / speed;
}
