// The one place that knows there are two bridges. In Electron the preload has put `window.klaxon` there (IPC);
// in a browser the host serves this page and we talk HTTP back to it. Nothing else in the window can tell.
import type { KlaxonApi } from '../../src-shared/api.ts';
import { BRIDGE_PATHS, type SignInReason } from '../../src-shared/bridge.ts';
import { createHttpApi } from './http-client.ts';
import { tabSecretIn } from './tab-secret.ts';

declare global {
  interface Window { klaxon?: KlaxonApi }
}

export function getKlaxonApi(): KlaxonApi {
  if (window.klaxon) return window.klaxon;
  const tab = tabSecretIn(window.sessionStorage);
  let leaving = false;
  const toSignIn = (reason: SignInReason) => {
    // The first reason wins: a tab without a secret also has its stream refused while the page is unloading.
    if (leaving) return;
    leaving = true;
    tab.clear();
    window.location.replace(`${BRIDGE_PATHS.signIn}?from=${reason}`);
  };
  // The cookie is the browser's, the secret this tab's: a new tab (or one whose secret was lost) signs in first.
  if (tab.get() === null) toSignIn('new-tab');
  return createHttpApi({ fetch: window.fetch.bind(window), tabSecret: tab.get, onSignedOut: toSignIn });
}
