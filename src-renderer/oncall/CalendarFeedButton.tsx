// "Calendar feed" for a schedule or a person: makes the feed's URL for a calendar app to subscribe to, with Copy. The
// host keeps only the token's hash, so the URL is shown once; asked again, the host refuses, saying a URL exists, and
// "Make a new URL" rotates it (the old one stops working: a leaked URL is revoked the same way). The refusal is told
// apart by nothing but its words (over Electron's bridge only the message survives), so any refusal of a first ask
// offers the new URL, and a refusal of that is shown in turn.
import { useState } from 'react';
import type { CalendarFeed } from '../../src-shared/schemas/oncall.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { CopyButton } from '../settings/CopyButton.tsx';
import './calendar-feed.css';

type State =
  | { step: 'idle' }
  | { step: 'busy' }
  | { step: 'shown'; feed: CalendarFeed }
  | { step: 'failed'; message: string; offerNew: boolean };

export function CalendarFeedButton({ kind, id, name }: { kind: 'schedule' | 'user'; id: string; name: string }) {
  const api = useApi();
  const [state, setState] = useState<State>({ step: 'idle' });
  const ask = async (rotate: boolean) => {
    setState({ step: 'busy' });
    try {
      setState({ step: 'shown', feed: await api.send('calendar.feed', { kind, id, rotate }) });
    } catch (err) {
      setState({ step: 'failed', message: describeError(err), offerNew: !rotate });
    }
  };
  const label = `Calendar feed of ${displayText(name)}`;
  return (
    <div className="calendar-feed" role="group" aria-label={label}>
      <button type="button" className="btn btn-small" disabled={state.step === 'busy'} onClick={() => void ask(false)}>Calendar feed</button>
      {state.step === 'shown' && (
        <div className="calendar-feed-url">
          <p className="muted">
            Subscribe to this URL in your calendar app. It is shown only now, and anyone who has it can read these shifts.
          </p>
          <code className="secret" aria-label="Feed URL">{state.feed.url}</code>
          <CopyButton value={state.feed.url} label="Copy feed URL" />
        </div>
      )}
      {state.step === 'failed' && (
        <>
          <p className="form-error" role="alert">{state.message}</p>
          {state.offerNew && (
            <p className="muted">
              <button type="button" className="link-button" onClick={() => void ask(true)}>Make a new URL</button> (the old one stops working)
            </p>
          )}
        </>
      )}
    </div>
  );
}
