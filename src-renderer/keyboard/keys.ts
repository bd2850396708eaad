// The keyboard map, in one place: the handlers and the help dialog read the same list.
export const QUEUE_KEYS: readonly [key: string, action: string][] = [
  ['j', 'Next incident'],
  ['k', 'Previous incident'],
  ['a', 'Acknowledge (the selected incidents, or the current one)'],
  ['r', 'Resolve (the selected incidents, or the current one)'],
  ['s', 'Snooze for 1 hour'],
  ['x', 'Select or unselect the current incident'],
  ['Enter', 'Open the current incident'],
  ['/', 'Search'],
  ['?', 'Show or hide these keys'],
  ['Esc', 'Close this help, or go back to the queue'],
];

export const SNOOZE_KEY_MINUTES = 60;

/** Typing in a field is typing, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'checkbox' && type !== 'radio' && type !== 'button';
}

export const hasModifier = (e: KeyboardEvent) => e.ctrlKey || e.metaKey || e.altKey;
