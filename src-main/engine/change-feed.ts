// After each commit, what changed goes to every listener (window, tray, pager, sync). A listener that throws is
// logged and does not stop the others: the data is already on disk.
import type { EngineChange } from './types.ts';
import type { Logger } from '../log.ts';

export class ChangeFeed {
  private listeners = new Set<(c: EngineChange) => void>();
  private readonly log: Logger;
  constructor(log: Logger) {
    this.log = log;
  }
  subscribe(listener: (c: EngineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  publish(change: EngineChange): void {
    for (const l of this.listeners) {
      try { l(change); } catch (e) { this.log.error(`change listener failed: ${(e as Error).stack ?? String(e)}`); }
    }
  }
  close(): void {
    this.listeners.clear();
  }
}
