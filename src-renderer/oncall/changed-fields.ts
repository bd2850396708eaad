// Edits made on two machines while apart merge field by field: in each field the later writer wins (by HLC). A form
// that sent every field would write back, into each field it did not touch, the value it had loaded, undoing a
// teammate's edit made meanwhile. So an edit form sends only the fields whose value differs from what it loaded.

/**
 * The fields of `edited` whose value differs from `loaded`'s. Both must come from the same conversion (a form's draft
 * turned into what the API takes), so comparing them as JSON compares values, keys in the same order.
 */
export function changedFields<T extends object>(loaded: T, edited: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(edited) as (keyof T)[]) {
    if (JSON.stringify(edited[key]) !== JSON.stringify(loaded[key])) changed[key] = edited[key];
  }
  return changed;
}

/** What an edit form sends: the changes against the draft it was loaded with, or everything if that draft is not valid. */
export function editPatch<T extends object>(loaded: { input: T } | { error: string }, edited: { input: T } | { error: string }): { patch: Partial<T> } | { error: string } {
  if ('error' in edited) return edited;
  return { patch: 'error' in loaded ? edited.input : changedFields(loaded.input, edited.input) };
}
