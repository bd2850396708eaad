// node:test runs `t.after` hooks in the order they were registered; these tests need the reverse (Klaxon stops and
// withdraws its bubbles before the notification server and the bus go away), so they push onto one stack.
import type { TestContext } from 'node:test';

export function teardownStack(t: TestContext): (fn: () => unknown) => void {
  const stack: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of stack.reverse()) {
      try { await fn(); } catch (e) { console.error(`teardown: ${(e as Error).message}`); }
    }
  });
  return (fn) => { stack.push(fn); };
}
