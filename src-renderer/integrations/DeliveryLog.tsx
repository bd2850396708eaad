// A delivery log as a table: when, what, which incident, how it stands (delivered / retrying and when next / failed),
// tries, the last outcome and its duration, what the other end answered (folded, opened on demand) and an action
// per row ("Send again"). It renders LogEntry only, so a webhook's log and a local action's read the same.
import type { LogEntry } from './delivery-log.ts';
import { stateLabel } from './delivery-log.ts';
import { formatTime } from '../queue/format.ts';
import { hrefFor } from '../app/router.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { ActionMessage, useAction } from '../settings/useAction.tsx';
import './integrations.css';

/** How much of an answer the folded row shows; the rest is a click away. */
const EXCERPT_CHARS = 80;

export interface DeliveryLogProps {
  /** The table's accessible name ("Deliveries to https://…"). */
  label: string;
  entries: readonly LogEntry[] | null;
  error?: string | null;
  /** Each row's button ("Send again", "Run again") and what it does; the row shows how it went. */
  action?: { label: string; run: (entry: LogEntry) => Promise<unknown> };
  /** A column naming each entry's target, for a log of more than one target. */
  showTarget?: boolean;
  older?: { available: boolean; loading: boolean; load: () => void };
  /** The words of a log that is not of deliveries: its last column's heading, what an empty log says. */
  words?: { answer?: string; empty?: string };
}

export function DeliveryLog({ label, entries, error, action, showTarget, older, words }: DeliveryLogProps) {
  return (
    <div className="delivery-log">
      {error && <p className="form-error" role="alert">{error}</p>}
      {entries === null ? <p className="muted">Loading…</p> : entries.length === 0 ? <p className="muted">{words?.empty ?? 'Nothing delivered yet.'}</p> : (
        <table className="log-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Time</th>{showTarget && <th scope="col">Target</th>}<th scope="col">Event</th><th scope="col">Incident</th>
              <th scope="col">State</th><th scope="col">Tries</th><th scope="col">Result</th><th scope="col">Took</th><th scope="col">{words?.answer ?? 'Answer'}</th>
              {action && <th scope="col"><span className="visually-hidden">Actions</span></th>}
            </tr>
          </thead>
          <tbody>{entries.map((e) => <LogRow key={e.id} entry={e} showTarget={showTarget} action={action} />)}</tbody>
        </table>
      )}
      {older?.available && (
        <button type="button" className="btn btn-small" disabled={older.loading} onClick={older.load}>{older.loading ? 'Loading…' : 'Show older'}</button>
      )}
    </div>
  );
}

function LogRow({ entry: e, showTarget, action }: { entry: LogEntry; showTarget?: boolean; action?: DeliveryLogProps['action'] }) {
  const run = useAction();
  const title = e.incident ? displayText(e.incident.title ?? e.incident.id) : null;
  return (
    <tr className={`log-row log-${e.state}`}>
      <td><time dateTime={e.at}>{formatTime(e.at)}</time></td>
      {showTarget && <td className="log-target">{displayText(e.target)}</td>}
      <td>{e.event}</td>
      <td>{e.incident ? <a href={hrefFor({ name: 'incident', id: e.incident.id })}>{title}</a> : '—'}</td>
      <td className="log-state">{stateLabel(e, formatTime)}</td>
      <td className="log-number">{e.attempts}</td>
      <td>{e.result ? displayText(e.result) : '—'}</td>
      <td className="log-number">{e.durationMs === null || e.attempts === 0 ? '—' : `${e.durationMs} ms`}</td>
      <td className="log-output">{e.output === null ? '—' : <Output text={e.output} />}</td>
      {action && (
        <td>
          <button type="button" className="btn btn-small" disabled={run.running || e.state === 'sending'}
            aria-label={`${action.label}: ${e.event}${title ? ` (${title})` : ''}, ${formatTime(e.at)}`}
            onClick={() => void run.run(() => action.run(e), 'Sent')}>
            {action.label}
          </button>
          <ActionMessage message={run.failed ? run.message : null} failed />
        </td>
      )}
    </tr>
  );
}

/** A long answer folds to its first line; opening it shows it all, as text (never as markup). */
export function Output({ text }: { text: string }) {
  const shown = displayText(text, { multiline: true });
  const firstLine = displayText(text.split('\n', 1)[0]!);
  if (shown.length <= EXCERPT_CHARS && !shown.includes('\n')) return <code>{shown}</code>;
  return (
    <details>
      <summary><code>{firstLine.slice(0, EXCERPT_CHARS)}…</code></summary>
      <pre>{shown}</pre>
    </details>
  );
}
