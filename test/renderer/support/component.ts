// Components in Node, without a browser: a happy-dom window as the global DOM, and .tsx files compiled when they are
// loaded, by the same transformer Vite uses (rolldown's), with stylesheets loaded as nothing. Import this first, then
// import the component dynamically (static imports are loaded before any module runs).
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/utils';
import { Window } from 'happy-dom';

registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:') && url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
    if (url.startsWith('file:') && url.endsWith('.tsx')) {
      const file = fileURLToPath(url);
      const out = transformSync(file, readFileSync(file, 'utf8'), { lang: 'tsx', jsx: { runtime: 'automatic' } });
      if (out.errors.length > 0) throw new Error(`${file}: ${out.errors.map((e) => e.message).join('; ')}`);
      return { format: 'module', source: out.code, shortCircuit: true };
    }
    return nextLoad(url, context);
  },
});

const win = new Window({ url: 'http://127.0.0.1/', width: 1024, height: 768 });
const globals = globalThis as Record<string, unknown>;
// What a browser page has as globals and Node does not (document, HTMLElement, getComputedStyle…), and the event
// classes, which Node has too: the DOM's dispatchEvent takes only its own window's events.
const domOwns = (key: string) => /Event$|^EventTarget$|^navigator$/.test(key);
for (const key of Object.getOwnPropertyNames(win)) {
  if ((key in globals && !domOwns(key)) || key.startsWith('_')) continue;
  Object.defineProperty(globals, key, { value: (win as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
}
globals.window = win;
globals.document = win.document;
// React's act() environment: updates inside act() are flushed before it returns.
globals.IS_REACT_ACT_ENVIRONMENT = true;

/**
 * Canvas drawing is not what these tests look at, and happy-dom draws nothing: a 2D context whose every call does
 * nothing (measureText answers a width), so chart libraries run their layout and DOM as in a browser.
 */
const noop2d = new Proxy({}, {
  get: (_t, key) => (key === 'measureText' ? () => ({ width: 8, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 }) : key === 'canvas' ? undefined : () => undefined),
  set: () => true,
});
(win.HTMLCanvasElement.prototype as unknown as { getContext: () => unknown }).getContext = () => noop2d;
// Paths drawn on that context: built, never drawn.
globals.Path2D ??= function Path2D() { return noop2d; };

export const domWindow = win;
