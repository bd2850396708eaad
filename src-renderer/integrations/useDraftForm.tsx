// What the webhook and local-action forms share: a draft held while typing, checked by the shared schema before
// anything is sent, each complaint under its field (announced to screen readers), and the host's answer under the
// button. A new one is emptied once the host took it; an edit keeps what it shows.
import { useId, useState, type ReactNode } from 'react';
import { useAction } from '../settings/useAction.tsx';

export type Checked<V, F extends string> = { ok: true; value: V } | { ok: false; errors: Partial<Record<F, string>> };

export const toggled = <T,>(list: readonly T[], x: T): T[] => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);

export function useDraftForm<D extends object, F extends string, V>(initial: () => D, empty: () => D, check: (d: D) => Checked<V, F>) {
  const id = useId();
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const action = useAction();
  const set = (patch: Partial<D>) => setDraft((d) => ({ ...d, ...patch }));
  const errorProps = (field: F) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}` } : {});
  const fieldError = (field: F): ReactNode => errors[field] && <p id={`${id}-${field}`} className="form-error">{errors[field]}</p>;
  /** Checks the draft; if it holds, sends it and says `done` once the host took it (a new one is then emptied). */
  const submit = async (save: (value: V) => Promise<unknown>, done: string, isNew: boolean) => {
    const checked = check(draft);
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    if (await action.run(() => save(checked.value), done) && isNew) setDraft(empty());
  };
  return { id, draft, set, errors, action, errorProps, fieldError, submit };
}
