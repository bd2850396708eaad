// The one place that knows there are two bridges. In Electron the preload has put `window.klaxon` there (IPC);
// in a browser the host serves this page and we talk HTTP + SSE back to it. Nothing else in the window can tell.
import type { KlaxonApi } from '../../src-shared/api.ts';
import { createHttpApi } from './http-client.ts';

declare global {
  interface Window { klaxon?: KlaxonApi }
}

export function getKlaxonApi(): KlaxonApi {
  if (window.klaxon) return window.klaxon;
  return createHttpApi({ fetch: window.fetch.bind(window), EventSource: window.EventSource });
}
