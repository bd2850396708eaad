// j/k to move, a/r/s to act, x to select, Enter to open, / to search — while the queue is on screen.
import { useEffect } from 'react';
import { useStores } from '../store/context.tsx';
import { navigate } from '../app/router.ts';
import { SEARCH_INPUT_ID } from '../queue/QueueFilters.tsx';
import { hasModifier, isTypingTarget, SNOOZE_KEY_MINUTES } from './keys.ts';

export function useQueueKeys(): void {
  const { queue } = useStores();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || hasModifier(e) || isTypingTarget(e.target)) return;
      const s = queue.getState();
      const targets = () => (s.selected.size > 0 ? [...s.selected] : s.cursorId ? [s.cursorId] : []);
      const act = (run: (ids: string[]) => Promise<boolean>) => {
        const ids = targets();
        if (ids.length === 0) return;
        if (s.selected.size > 0) s.clearSelection();
        void run(ids);
      };
      switch (e.key) {
        case 'j': case 'ArrowDown': s.moveCursor(1); break;
        case 'k': case 'ArrowUp': s.moveCursor(-1); break;
        case 'a': act(s.acknowledge); break;
        case 'r': act(s.resolve); break;
        case 's': act((ids) => s.snooze(ids, SNOOZE_KEY_MINUTES)); break;
        case 'x': if (s.cursorId) s.toggleSelected(s.cursorId); break;
        case 'Enter': if (s.cursorId) navigate({ name: 'incident', id: s.cursorId }); break;
        case '/': document.getElementById(SEARCH_INPUT_ID)?.focus(); break;
        default: return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [queue]);
}
