// The maintenance windows on or coming now. Reads the shared clock but re-renders only when a window changes
// status (or the list itself changes), not on every tick.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { Maintenance } from '../../src-shared/schemas/maintenance.ts';
import { nowStore } from '../store/now-store.ts';
import { useAdmin } from '../store/context.tsx';
import { liveWindows, statusesKey, type LiveWindow } from './live-windows.ts';

const NONE: readonly Maintenance[] = [];

export function useLiveWindows(): LiveWindow[] {
  const windows = useAdmin((s) => s.maintenance) ?? NONE;
  const key = useStore(nowStore, (s) => statusesKey(windows, s.now));
  return useMemo(() => liveWindows(windows, key), [windows, key]);
}
