// This tab's half of a browser session: the secret the host gave it at sign-in, sent with every bridge request. It
// lives in sessionStorage, which is per origin (so per port: no other local server's page can read it), per tab,
// and survives a reload; a new tab starts without one and signs in again.
const STORAGE_KEY = 'klaxon.tab';

export interface TabSecret {
  get(): string | null;
  set(secret: string): void;
  clear(): void;
}

export function tabSecretIn(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): TabSecret {
  return {
    get: () => storage.getItem(STORAGE_KEY),
    set: (secret) => storage.setItem(STORAGE_KEY, secret),
    clear: () => storage.removeItem(STORAGE_KEY),
  };
}
