// Picks how this machine shows pages. Linux (desktop and headless alike): D-Bus, when a notification server answers
// on the session bus. macOS/Windows without Electron: node-notifier. (Electron passes its own notifier to
// createKlaxon and never comes here.) Where nothing can show a notification, the host says so once and keeps
// running: the queue, the tray and the API still work, only the OS bubble is missing.
import type { Logger } from '../log.ts';
import type { Notifier } from './notifier.ts';
import { createDbusNotifier } from './dbus-notifier.ts';
import { createNodeNotifierAdapter } from './node-notifier-adapter.ts';
import { createNullNotifier } from './null-notifier.ts';

export type NotifierPreference = 'dbus' | 'node-notifier' | 'none';

const PREFERENCES: readonly string[] = ['dbus', 'node-notifier', 'none'] satisfies NotifierPreference[];

export async function selectNotifier(opts: { log: Logger; prefer?: NotifierPreference; busAddress?: string }): Promise<Notifier> {
  const { log } = opts;
  // KLAXON_NOTIFIER lets an operator force a choice (e.g. `none` on a shared server) without a flag.
  const fromEnv = process.env.KLAXON_NOTIFIER;
  if (!opts.prefer && fromEnv && !PREFERENCES.includes(fromEnv)) {
    log.warn(`KLAXON_NOTIFIER=${fromEnv} is not one of ${PREFERENCES.join(', ')}; choosing automatically`);
  }
  const prefer = opts.prefer ?? (PREFERENCES.includes(fromEnv ?? '') ? fromEnv as NotifierPreference : undefined);
  const choice = prefer ?? (process.platform === 'darwin' || process.platform === 'win32' ? 'node-notifier' : 'dbus');

  if (choice === 'none') {
    log.info('notifications: off (paging shows in the window and the API only)');
    return createNullNotifier();
  }
  if (choice === 'node-notifier') {
    try {
      const notifier = await createNodeNotifierAdapter();
      log.info('notifications: node-notifier');
      return notifier;
    } catch (e) {
      log.warn(`notifications: off — node-notifier could not load (${(e as Error).message}); incidents still show in the window and the API`);
      return createNullNotifier();
    }
  }
  try {
    const notifier = await createDbusNotifier({ log, busAddress: opts.busAddress });
    log.info(`notifications: D-Bus, shown by ${notifier.server}`);
    return notifier;
  } catch (e) {
    log.warn(`notifications: off — ${(e as Error).message}; incidents still show in the window and the API`);
    return createNullNotifier();
  }
}
