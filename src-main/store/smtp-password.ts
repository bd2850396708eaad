// The SMTP password (issue 10 §2): device-local like the settings, in the private database like this device's
// private key, and apart from the settings, which the window reads whole: it is read only to send mail.
import type { Store } from './database.ts';
import { getMeta, setMeta } from './meta.ts';

const KEY = 'smtp_password';

export const smtpPassword = (store: Store): string | null => getMeta(store, KEY) || null;

/** null or empty: no password. */
export function setSmtpPassword(store: Store, password: string | null): void {
  if (password) setMeta(store, KEY, password);
  else store.db.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
}
