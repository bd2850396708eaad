// Components rendered in Node, for tests that need no real browser: a happy-dom window as the globals React and
// Testing Library expect, and .tsx files compiled as they are imported (Node strips types from .ts but does not
// know JSX), with the same compiler Vite builds the window with. Components must be imported after `setupDom()`,
// with `await import(…)`: a static import would be resolved before the hook exists.
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';
import { Window } from 'happy-dom';

let hooked = false;

function compileTsxOnImport(): void {
  if (hooked) return;
  hooked = true;
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context);
      const file = fileURLToPath(url);
      const out = transformSync(file, readFileSync(file, 'utf8'), { lang: 'tsx', jsx: { runtime: 'automatic' } });
      if (out.errors.length > 0) throw new Error(`${file}: ${out.errors.map((e) => e.message).join('\n')}`);
      return { format: 'module', source: out.code, shortCircuit: true };
    },
  });
}

const GLOBALS = [
  'window', 'document', 'navigator', 'location', 'HTMLElement', 'HTMLInputElement', 'HTMLSelectElement', 'HTMLButtonElement', 'Element',
  'Node', 'Text', 'Event', 'KeyboardEvent', 'MouseEvent', 'FocusEvent', 'InputEvent', 'CustomEvent', 'MutationObserver', 'getComputedStyle',
  'requestAnimationFrame', 'cancelAnimationFrame', 'DocumentFragment', 'NodeFilter',
] as const;

/** Installs a fresh window as the globals; returns its teardown. */
export function setupDom(): () => Promise<void> {
  compileTsxOnImport();
  const win = new Window({ url: 'http://localhost/', settings: { disableCSSFileLoading: true } });
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const key of GLOBALS) {
    saved.set(key, Object.getOwnPropertyDescriptor(globalThis, key));
    const value = key === 'window' ? win : (win as unknown as Record<string, unknown>)[key];
    Object.defineProperty(globalThis, key, { value: typeof value === 'function' && /^[a-z]/.test(key) ? value.bind(win) : value, configurable: true, writable: true });
  }
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  return async () => {
    await win.happyDOM.close();
    for (const [key, desc] of saved) {
      if (desc) Object.defineProperty(globalThis, key, desc);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  };
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
