// Keys that work on every view: ? toggles the key help, Esc closes it or returns to the queue.
import { useCallback, useEffect, useState } from 'react';
import { navigate, type Route } from '../app/router.ts';
import { hasModifier, isTypingTarget } from './keys.ts';

export function useGlobalKeys(route: Route): { open: boolean; close: () => void } {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (open) { setOpen(false); e.preventDefault(); return; }
        if (isTypingTarget(e.target)) { (e.target as HTMLElement).blur(); return; }
        if (route.name !== 'queue') { navigate({ name: 'queue' }); e.preventDefault(); }
        return;
      }
      if (e.key === '?' && !hasModifier(e) && !isTypingTarget(e.target)) {
        setOpen((o) => !o);
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, route.name]);
  return { open, close };
}
