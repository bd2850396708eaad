// A form on the incident page that sends one command (a note, a status update): `sending` while it runs, the
// refusal shown next to the form, and the incident as the host answers it handed to the page.
import { useState } from 'react';
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { describeError } from '../bridge/bridge-error.ts';

export function useIncidentForm(onDone: (d: IncidentDetail) => void) {
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  /** Runs `send`; on success hands its answer to the page and calls `clear` (empty the form). */
  const submit = async (send: () => Promise<IncidentDetail>, clear: () => void) => {
    setSending(true);
    try {
      onDone(await send());
      clear();
      setError(null);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setSending(false);
    }
  };
  return { error, sending, submit };
}
