// Components rendered in Node, for tests that need no real browser: a happy-dom window as the globals React and
// Testing Library expect, .tsx files compiled as they are imported (Node strips types from .ts but does not know JSX)
// by the same transformer Vite builds the window with (rolldown's), and stylesheets imported as nothing. Components
// must be imported after `setupDom()`, with `await import(…)`: a static import would be resolved before the hook exists.
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/utils';
import { after, afterEach } from 'node:test';
import { Window } from 'happy-dom';
import type { ReactElement } from 'react';
import type { KlaxonApi } from '../../../src-shared/api.ts';

let hooked = false;

function compileOnImport(): void {
  if (hooked) return;
  hooked = true;
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:')) return nextLoad(url, context);
      if (url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
      if (!url.endsWith('.tsx')) return nextLoad(url, context);
      const file = fileURLToPath(url);
      const out = transformSync(file, readFileSync(file, 'utf8'), { lang: 'tsx', jsx: { runtime: 'automatic' } });
      if (out.errors.length > 0) throw new Error(`${file}: ${out.errors.map((e) => e.message).join('\n')}`);
      return { format: 'module', source: out.code, shortCircuit: true };
    },
  });
}

/**
 * Canvas drawing is not what these tests look at, and happy-dom draws nothing: a 2D context whose every call does
 * nothing (measureText answers a width), so chart libraries (uPlot) run their layout and DOM as in a browser.
 */
const noop2d = new Proxy({}, {
  get: (_t, key) => (key === 'measureText' ? () => ({ width: 8, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) : key === 'canvas' ? undefined : () => undefined),
  set: () => true,
});

/**
 * Installs a fresh window as the globals; returns its teardown. Everything a browser page has as a global and Node
 * does not (document, HTMLElement, getComputedStyle, requestAnimationFrame…), and the event classes, which Node has
 * too: the DOM's dispatchEvent takes only its own window's events. Node's timers stay Node's.
 */
export function setupDom(): () => Promise<void> {
  compileOnImport();
  const win = new Window({ url: 'http://127.0.0.1/', width: 1024, height: 768, settings: { disableCSSFileLoading: true } });
  const globals = globalThis as Record<string, unknown>;
  const domOwns = (key: string) => /Event$|^EventTarget$|^navigator$/.test(key);
  const values: Record<string, unknown> = { window: win, document: win.document, Path2D: globals.Path2D ?? function Path2D() { return noop2d; } };
  for (const key of Object.getOwnPropertyNames(win)) {
    if ((key in globals && !domOwns(key)) || key.startsWith('_')) continue;
    values[key] ??= (win as unknown as Record<string, unknown>)[key];
  }
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const [key, value] of Object.entries(values)) {
    saved.set(key, Object.getOwnPropertyDescriptor(globals, key));
    Object.defineProperty(globals, key, { value, configurable: true, writable: true });
  }
  (win.HTMLCanvasElement.prototype as unknown as { getContext: () => unknown }).getContext = () => noop2d;
  // React's act() environment: updates inside act() are flushed before it returns.
  globals.IS_REACT_ACT_ENVIRONMENT = true;
  return async () => {
    await win.happyDOM.close();
    for (const [key, desc] of saved) {
      if (desc) Object.defineProperty(globals, key, desc);
      else delete globals[key];
    }
  };
}

/**
 * A test file of components: the window set up (emptied after each test, closed after the last), then Testing
 * Library and React loaded into it, and `renderWithApi`, which renders an element under the window's stores with
 * `api` as the bridge (a page that needs the queue or admin store makes its own).
 */
export async function componentTests() {
  const teardown = setupDom();
  const rtl = await import('@testing-library/react');
  const { createElement } = await import('react');
  const { StoresContext } = await import('../../../src-renderer/store/context.tsx');
  afterEach(() => rtl.cleanup());
  after(() => teardown());
  const renderWithApi = (api: KlaxonApi, element: ReactElement) =>
    rtl.render(createElement(StoresContext.Provider, { value: { api, queue: null!, admin: null! } }, element));
  return { ...rtl, createElement, renderWithApi };
}

/**
 * Waits until `check` stops throwing (2 s at most), letting the window's promises and timers run inside React's
 * `act` meanwhile. Testing Library's own waitFor is not used: with happy-dom its MutationObserver can re-trigger
 * itself from a query and starve the event loop.
 */
export async function eventually<T>(check: () => T, timeoutMs = 2_000): Promise<T> {
  const { act } = await import('react');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    }
  }
}

/**
 * Does what a person does (a click, typing) and lets what it sets off settle (the bridge's answers, the reloads
 * after) inside React's `act`, as a browser would let it happen before the next thing is done.
 */
export async function userDoes(action: () => void, settleMs = 20): Promise<void> {
  const { act } = await import('react');
  await act(async () => {
    action();
    await new Promise((r) => setTimeout(r, settleMs));
  });
}

// Assert on DOM elements with booleans (`assert.ok(!el)`), never `assert.equal(el, null)`: a failing assertion would
// print the element's whole object graph, which takes minutes.
