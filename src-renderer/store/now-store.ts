// One clock for every ticking age in the window: a single interval, not one timer per row.
import { createStore } from 'zustand/vanilla';

export const nowStore = createStore<{ now: number }>()(() => ({ now: Date.now() }));

let timer: ReturnType<typeof setInterval> | undefined;
export function startClock(intervalMs = 1000): () => void {
  if (timer === undefined) timer = setInterval(() => nowStore.setState({ now: Date.now() }), intervalMs);
  return () => { if (timer !== undefined) clearInterval(timer); timer = undefined; };
}
