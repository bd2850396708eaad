// The notifier for a machine with nothing to show notifications on (a server without a desktop session), or for a
// user who turned paging off. Pages go nowhere; the incidents still show in the queue, the tray and the API.
import type { Notifier } from './notifier.ts';

export function createNullNotifier(): Notifier {
  return {
    name: 'none',
    async notify() {},
    async withdraw() {},
    onAction() {},
    async close() {},
  };
}
