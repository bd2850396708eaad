// A form's submit: running, then "Saved" or the host's refusal, shown next to the form.
import { useState } from 'react';
import { describeError } from '../bridge/bridge-error.ts';

export function useAction() {
  const [state, setState] = useState<{ running: boolean; message: string | null; failed: boolean }>({ running: false, message: null, failed: false });
  const run = async (action: () => Promise<unknown>, doneMessage = 'Saved') => {
    setState({ running: true, message: null, failed: false });
    try {
      await action();
      setState({ running: false, message: doneMessage, failed: false });
      return true;
    } catch (err) {
      setState({ running: false, message: describeError(err), failed: true });
      return false;
    }
  };
  return { ...state, run };
}

export function ActionMessage({ message, failed }: { message: string | null; failed: boolean }) {
  if (!message) return null;
  return failed ? <p className="form-error" role="alert">{message}</p> : <p className="form-ok" role="status">{message}</p>;
}
