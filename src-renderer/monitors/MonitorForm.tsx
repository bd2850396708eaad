// Create or edit a monitor: its kind (chosen once), the kind's settings, and what every monitor has (service,
// interval, retries, successes before up, re-notify, the device that runs it). Mistakes are named next to their
// field, before sending (the host's own schema) and after (the host's refusal, placed by the field it names).
import { useState } from 'react';
import type { CreateMonitor, Monitor } from '../../src-shared/schemas/monitors.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';
import { FormField, CheckboxField } from './FormField.tsx';
import { buildInput, buildPatch, draftOf, newDraft, refusalErrors, HTTP_METHODS, type FieldErrors, type MonitorDraft, type MonitorKind } from './monitor-form.ts';
import { deviceLabel, type MonitorsState } from './monitors-store.ts';

const KIND_LABEL: Record<MonitorKind, string> = { http: 'HTTP(S)', tcp: 'TCP port', heartbeat: 'Heartbeat (push URL)' };

export interface MonitorFormProps {
  monitor: Monitor | null;
  services: NonNullable<MonitorsState['services']>;
  devices: MonitorsState['devices'];
  selfDeviceId: string | null;
  onSaved: (m: Monitor, created: boolean) => void;
  onCancel: () => void;
}

export function MonitorForm({ monitor, services, devices, selfDeviceId, onSaved, onCancel }: MonitorFormProps) {
  const api = useApi();
  const [draft, setDraft] = useState<MonitorDraft>(() => (monitor ? draftOf(monitor) : newDraft('http', services[0]?.id ?? '', selfDeviceId ?? '')));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const put = (patch: Partial<MonitorDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const title = monitor ? `Edit ${displayText(monitor.name)}` : 'New monitor';
  const fid = (name: string) => `monitor-${monitor?.id ?? 'new'}-${name}`;

  const save = async () => {
    const checked = monitor ? buildPatch(monitor, draft) : buildInput(draft);
    if (!checked.ok) { setErrors(checked.errors); return; }
    setErrors({});
    setSaving(true);
    try {
      let saved: Monitor;
      if ('patch' in checked) {
        saved = monitor && Object.keys(checked.patch).length > 0 ? await api.send('monitors.update', { id: monitor.id, patch: checked.patch }) : monitor!;
      } else {
        saved = await api.send('monitors.create', checked.input as CreateMonitor);
      }
      onSaved(saved, monitor === null);
    } catch (err) {
      setErrors(refusalErrors(describeError(err)));
    } finally {
      setSaving(false);
    }
  };

  const input = (name: keyof MonitorDraft, label: string, opts: { hint?: string; type?: string; placeholder?: string; inputMode?: 'numeric' } = {}) => (
    <FormField id={fid(name)} label={label} error={errors[name]} hint={opts.hint}>
      {(a11y) => (
        <input {...a11y} type={opts.type ?? 'text'} inputMode={opts.inputMode} placeholder={opts.placeholder}
          value={String(draft[name])} onChange={(e) => put({ [name]: e.target.value })} />
      )}
    </FormField>
  );
  const number = (name: keyof MonitorDraft, label: string, hint?: string) => input(name, label, { hint, inputMode: 'numeric' });

  return (
    <form className="card monitor-form" aria-label={title} noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{title}</h3>
      {monitor ? <p className="muted">{KIND_LABEL[monitor.type]} monitor (a monitor keeps its kind)</p> : (
        <fieldset className="kind-choice">
          <legend>Kind</legend>
          {(Object.keys(KIND_LABEL) as MonitorKind[]).map((k) => (
            <label key={k} className="field-inline">
              <input type="radio" name={fid('type')} value={k} checked={draft.type === k}
                onChange={() => put({ type: k, intervalSeconds: newDraft(k, '', '').intervalSeconds })} />{KIND_LABEL[k]}
            </label>
          ))}
        </fieldset>
      )}
      {input('name', 'Name', { placeholder: draft.type === 'heartbeat' ? 'Nightly backup' : 'Shop front page' })}
      <FormField id={fid('serviceId')} label="Service" error={errors.serviceId} hint="Its incidents are opened on this service.">
        {(a11y) => (
          <select {...a11y} value={draft.serviceId} onChange={(e) => put({ serviceId: e.target.value })}>
            {services.length === 0 && <option value="">No services yet (Settings → Services)</option>}
            {services.map((s) => <option key={s.id} value={s.id}>{displayText(s.name)}</option>)}
          </select>
        )}
      </FormField>

      {draft.type === 'http' && (
        <fieldset className="kind-settings"><legend>HTTP check</legend>
          <FormField id={fid('method')} label="Method" error={errors.method}>
            {(a11y) => (
              <select {...a11y} value={draft.method} onChange={(e) => put({ method: e.target.value })}>
                {HTTP_METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
            )}
          </FormField>
          {input('url', 'URL', { type: 'url', placeholder: 'https://shop.example.com/health' })}
          <FormField id={fid('headers')} label="Headers" error={errors.headers} hint="One a line, as Name: value">
            {(a11y) => <textarea {...a11y} rows={2} value={draft.headers} onChange={(e) => put({ headers: e.target.value })} />}
          </FormField>
          <FormField id={fid('body')} label="Body" error={errors.body} hint="Sent as it is (empty: none)">
            {(a11y) => <textarea {...a11y} rows={2} value={draft.body} onChange={(e) => put({ body: e.target.value })} />}
          </FormField>
          {number('timeoutSeconds', 'Timeout (seconds)')}
          {input('expectedStatus', 'Expected status', { hint: 'Codes or ranges, comma-separated: 200-299, 301' })}
          {input('keyword', 'Keyword', { hint: 'Text the response body must contain (empty: not looked at)' })}
          <CheckboxField id={fid('keywordAbsent')} label="The keyword must NOT appear" checked={draft.keywordAbsent} onChange={(v) => put({ keywordAbsent: v })} />
          {number('degradedAfterMs', 'Degraded after (ms)', 'Slower than this is degraded, still up (empty: never)')}
          {number('certExpiryWarningDays', 'Warn before the certificate expires (days)', 'HTTPS only (empty: no warning)')}
          <CheckboxField id={fid('redirectsToOtherHosts')} label="Follow redirects to other hosts" checked={draft.redirectsToOtherHosts} onChange={(v) => put({ redirectsToOtherHosts: v })} />
        </fieldset>
      )}
      {draft.type === 'tcp' && (
        <fieldset className="kind-settings"><legend>TCP check</legend>
          {input('host', 'Host', { placeholder: 'db.internal' })}
          {number('port', 'Port')}
          {number('timeoutSeconds', 'Timeout (seconds)')}
        </fieldset>
      )}
      {draft.type === 'heartbeat' && (
        <fieldset className="kind-settings"><legend>Heartbeat</legend>
          <p className="muted">Your job calls its push URL (shown once it is created) at least once an interval; no call within interval + grace is down.</p>
          {number('graceSeconds', 'Grace (seconds)', 'How late a beat may be and still count')}
        </fieldset>
      )}

      <fieldset className="kind-settings"><legend>Every check</legend>
        {number('intervalSeconds', draft.type === 'heartbeat' ? 'Expected every (seconds)' : 'Check every (seconds)', 'At least 10')}
        {number('retries', 'Retries before down', 'Failures in a row that stay pending first (0: the first failure is down)')}
        {number('successesBeforeUp', 'Successes before up')}
        {number('renotifyMinutes', 'Page again while down every (minutes)', 'Empty: page once')}
        <FormField id={fid('runnerDeviceId')} label="Runs on" error={errors.runnerDeviceId} hint="The device that checks it">
          {(a11y) => (
            <select {...a11y} value={draft.runnerDeviceId} onChange={(e) => put({ runnerDeviceId: e.target.value })}>
              {devices.length === 0 && <option value={draft.runnerDeviceId}>This device</option>}
              {devices.map((d) => <option key={d.id} value={d.id}>{displayText(deviceLabel(d))}</option>)}
            </select>
          )}
        </FormField>
      </fieldset>

      {errors.form && <p className="form-error" role="alert">{errors.form}</p>}
      {Object.keys(errors).length > 0 && !errors.form && <p className="form-error" role="alert">Some settings need a look: see the fields marked above.</p>}
      <div className="inline">
        <button type="submit" className="btn btn-primary" disabled={saving}>{monitor ? 'Save monitor' : 'Create monitor'}</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
