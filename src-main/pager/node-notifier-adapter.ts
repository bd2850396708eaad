// The notifier for the headless host on macOS and Windows (no Electron, no D-Bus): node-notifier drives the OS's
// own tool (terminal-notifier, SnoreToast). It has no action buttons and cannot withdraw a bubble, so a page is
// acknowledged in the window or through the API; repeats still nag until then.
import type { Notifier, PageNotification } from './notifier.ts';

export async function createNodeNotifierAdapter(appName = 'Klaxon'): Promise<Notifier> {
  // Loaded on demand: Linux hosts never need it.
  const { default: nodeNotifier } = await import('node-notifier');
  let closed = false;
  return {
    name: 'node-notifier',
    notify(n: PageNotification) {
      if (closed) return Promise.reject(new Error('the notifier is closed'));
      return new Promise<void>((resolve, reject) => {
        nodeNotifier.notify(
          { title: `${appName}: ${n.title}`, message: n.body, sound: n.sound, wait: false },
          (err) => (err ? reject(err) : resolve()),
        );
      });
    },
    async withdraw() {
      // The OS tools node-notifier drives cannot take a notification back.
    },
    onAction() {
      // No action buttons through node-notifier.
    },
    async close() {
      closed = true;
    },
  };
}
