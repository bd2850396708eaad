// A local action's form, to create one or edit it: its name; what it runs — a program and its arguments (one a
// line, run as given: nothing in them is interpreted) or one shell line (for pipes and `&&`); the events, the
// services, the timeout. It says plainly that the command runs on this computer with the user's rights. The shared
// schema (CreateLocalAction) says what is valid before anything is sent; complaints go under their field.
import { CreateLocalAction, LOCAL_ACTION_TIMEOUT_DEFAULT_S, LOCAL_ACTION_TIMEOUT_MAX_S, type LocalAction } from '../../src-shared/schemas/local-actions.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../src-shared/schemas/webhooks.ts';
import type { Service } from '../../src-shared/schemas/admin.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { ActionMessage } from '../settings/useAction.tsx';
import { toggled, useDraftForm } from './useDraftForm.tsx';
import { eventLabel } from './delivery-log.ts';

export interface LocalActionDraft {
  name: string; shell: boolean; program: string; args: string; shellLine: string;
  events: WebhookEvent[]; allServices: boolean; serviceIds: string[]; timeout: string;
}
type Field = 'name' | 'program' | 'shellLine' | 'events' | 'serviceIds' | 'timeout';
export type LocalActionValue = CreateLocalAction & { shell: boolean; serviceIds: string[]; timeoutSeconds: number };

const emptyDraft = (): LocalActionDraft => ({
  name: '', shell: false, program: '', args: '', shellLine: '', events: ['triggered'], allServices: true, serviceIds: [], timeout: String(LOCAL_ACTION_TIMEOUT_DEFAULT_S),
});
const draftOf = (a: LocalAction): LocalActionDraft => ({
  name: a.name, shell: a.shell, program: a.shell ? '' : a.command[0]!, args: a.shell ? '' : a.command.slice(1).join('\n'),
  shellLine: a.shell ? a.command[0]! : '', events: [...a.events], allServices: a.serviceIds.length === 0, serviceIds: [...a.serviceIds],
  timeout: String(a.timeoutSeconds),
});

/** One argument a line; an empty line in the middle is an empty argument, the blank lines at the end are nothing. */
export const argsOf = (text: string): string[] => {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
};

/** What the form would send, or the complaints by field. */
export function checkDraft(d: LocalActionDraft): { ok: true; value: LocalActionValue } | { ok: false; errors: Partial<Record<Field, string>> } {
  const value: LocalActionValue = {
    name: d.name, shell: d.shell, command: d.shell ? [d.shellLine] : [d.program, ...argsOf(d.args)], events: d.events,
    serviceIds: d.allServices ? [] : d.serviceIds, timeoutSeconds: Number(d.timeout),
  };
  const parsed = CreateLocalAction.safeParse(value);
  const errors: Partial<Record<Field, string>> = {};
  if (!d.allServices && d.serviceIds.length === 0) errors.serviceIds = 'Check at least one service, or choose All services';
  if (d.shell ? d.shellLine.trim() === '' : d.program.trim() === '') errors[d.shell ? 'shellLine' : 'program'] = d.shell ? 'Enter the shell line to run' : 'Enter the program to run (a path, or a name on your PATH)';
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path[0];
    const field: Field = key === 'command' ? (d.shell ? 'shellLine' : 'program') : key === 'timeoutSeconds' ? 'timeout' : key as Field;
    errors[field] ??= field === 'name' ? 'Give it a name' : field === 'events' ? 'Check at least one event'
      : field === 'timeout' ? `A whole number of seconds, 1 to ${LOCAL_ACTION_TIMEOUT_MAX_S}` : issue.message;
  }
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, errors };
}

export function LocalActionForm({ action, services, onSave, onCancel }: {
  action?: LocalAction;
  services: readonly Service[] | null;
  /** Sends what the form holds (create or update); resolves once the host has answered. */
  onSave: (value: LocalActionValue) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const { id, draft, set, errorProps, fieldError, action: run, submit: send } = useDraftForm(() => (action ? draftOf(action) : emptyDraft()), emptyDraft, checkDraft);
  const submit = () => send(onSave, action ? 'Saved' : 'Local action created', !action);

  return (
    <form className="webhook-form" aria-label={action ? `Edit local action ${displayText(action.name)}` : 'New local action'} noValidate
      onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      {!action && <h3>New local action</h3>}
      <p className="local-action-warning" role="note">
        <strong>This runs on this computer, as you, with your rights</strong> — whatever the command can do, it does
        whenever a chosen event happens (a teammate&apos;s too). Set only commands you trust.
      </p>
      <label className="field"><span>Name</span>
        <input value={draft.name} maxLength={200} placeholder="Red light" {...errorProps('name')} onChange={(e) => set({ name: e.target.value })} />
      </label>
      {fieldError('name')}
      <fieldset className="webhook-choices">
        <legend>How it runs</legend>
        <label className="field-inline"><input type="radio" name={`${id}-mode`} checked={!draft.shell} onChange={() => set({ shell: false })} />Program and arguments (nothing is interpreted)</label>
        <label className="field-inline"><input type="radio" name={`${id}-mode`} checked={draft.shell} onChange={() => set({ shell: true })} />Run through the shell (one line: pipes, &amp;&amp;)</label>
      </fieldset>
      {draft.shell ? (
        <>
          <label className="field"><span>Shell line</span>
            <input className="mono" value={draft.shellLine} maxLength={4096} placeholder="paplay /usr/share/sounds/alarm.oga" {...errorProps('shellLine')}
              onChange={(e) => set({ shellLine: e.target.value })} />
          </label>
          {fieldError('shellLine')}
        </>
      ) : (
        <>
          <label className="field"><span>Program</span>
            <input className="mono" value={draft.program} maxLength={4096} placeholder="/usr/local/bin/busylight" {...errorProps('program')}
              onChange={(e) => set({ program: e.target.value })} />
          </label>
          {fieldError('program')}
          <label className="field"><span>Arguments (one a line)</span>
            <textarea className="mono" rows={3} value={draft.args} placeholder={'red\n--blink'} onChange={(e) => set({ args: e.target.value })} />
          </label>
        </>
      )}
      <p className="muted">The incident event comes on stdin as JSON, and in KLAXON_EVENT, KLAXON_INCIDENT_ID, KLAXON_MESSAGE_ID.</p>
      <fieldset className="webhook-choices" {...errorProps('events')}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} className="field-inline"><input type="checkbox" checked={draft.events.includes(ev)} onChange={() => set({ events: toggled(draft.events, ev) })} />{eventLabel(ev)}</label>
        ))}
      </fieldset>
      {fieldError('events')}
      <fieldset className="webhook-choices" {...errorProps('serviceIds')}>
        <legend>Services</legend>
        <label className="field-inline"><input type="radio" name={`${id}-scope`} checked={draft.allServices} onChange={() => set({ allServices: true })} />All services</label>
        <label className="field-inline"><input type="radio" name={`${id}-scope`} checked={!draft.allServices} onChange={() => set({ allServices: false })} />Only these:</label>
        {services?.map((s) => (
          <label key={s.id} className="field-inline">
            <input type="checkbox" disabled={draft.allServices} checked={!draft.allServices && draft.serviceIds.includes(s.id)}
              onChange={() => set({ serviceIds: toggled(draft.serviceIds, s.id) })} />{displayText(s.name)}
          </label>
        ))}
      </fieldset>
      {fieldError('serviceIds')}
      <label className="field"><span>{`Timeout (seconds, up to ${LOCAL_ACTION_TIMEOUT_MAX_S})`}</span>
        <input type="number" min={1} max={LOCAL_ACTION_TIMEOUT_MAX_S} step={1} value={draft.timeout} {...errorProps('timeout')} onChange={(e) => set({ timeout: e.target.value })} />
      </label>
      {fieldError('timeout')}
      <p className="muted">Then it is stopped (SIGTERM, and SIGKILL two seconds later).</p>
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={run.running}>{action ? 'Save local action' : 'Create local action'}</button>
        {onCancel && <button type="button" className="btn" onClick={onCancel}>Cancel</button>}
      </div>
      <ActionMessage message={run.message} failed={run.failed} />
    </form>
  );
}
