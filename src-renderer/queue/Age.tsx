// An age that ticks. Each one reads the shared clock and re-renders only when its text changes.
import { useStore } from 'zustand';
import { nowStore } from '../store/now-store.ts';
import { formatAge } from './format.ts';

export function Age({ since, label }: { since: string; label?: string }) {
  const text = useStore(nowStore, (s) => formatAge(since, s.now));
  return <time className="age" dateTime={since} title={new Date(since).toLocaleString()} aria-label={label ? `${label} ${text}` : undefined}>{text}</time>;
}
