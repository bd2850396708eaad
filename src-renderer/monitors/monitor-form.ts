// The monitor form's draft (what the inputs hold, as typed) and what it sends: a whole monitor to create, or only
// the settings that differ from the loaded one to save (a teammate may have changed the rest). Checked here by the
// same schema the host checks with, so a mistake is named next to its field before anything is sent.
import { CreateMonitor, type MONITOR_KINDS, type Monitor } from '../../src-shared/schemas/monitors.ts';

export type MonitorKind = (typeof MONITOR_KINDS)[number];

export interface MonitorDraft {
  type: MonitorKind;
  name: string;
  serviceId: string;
  runnerDeviceId: string;
  intervalSeconds: string;
  retries: string;
  successesBeforeUp: string;
  /** Empty: page once. */
  renotifyMinutes: string;
  // HTTP
  method: string;
  url: string;
  /** One "Name: value" a line. */
  headers: string;
  body: string;
  timeoutSeconds: string;
  /** "200-299, 301". */
  expectedStatus: string;
  keyword: string;
  keywordAbsent: boolean;
  degradedAfterMs: string;
  certExpiryWarningDays: string;
  redirectsToOtherHosts: boolean;
  // TCP
  host: string;
  port: string;
  // heartbeat
  graceSeconds: string;
}

export type FieldErrors = Partial<Record<keyof MonitorDraft | 'form', string>>;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export function newDraft(type: MonitorKind, serviceId: string, runnerDeviceId: string): MonitorDraft {
  return {
    type, name: '', serviceId, runnerDeviceId, intervalSeconds: type === 'heartbeat' ? '300' : '60', retries: '0', successesBeforeUp: '1',
    renotifyMinutes: '', method: 'GET', url: '', headers: '', body: '', timeoutSeconds: '10', expectedStatus: '200-299', keyword: '',
    keywordAbsent: false, degradedAfterMs: '', certExpiryWarningDays: '', redirectsToOtherHosts: false, host: '', port: '', graceSeconds: '60',
  };
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function draftOf(m: Monitor): MonitorDraft {
  const c = m.config;
  const base = newDraft(m.type, m.serviceId, m.runnerDeviceId);
  const headers = (c.headers ?? {}) as Record<string, string>;
  return {
    ...base, name: m.name, intervalSeconds: text(c.intervalSeconds), retries: text(c.retries), successesBeforeUp: text(c.successesBeforeUp),
    renotifyMinutes: text(c.renotifyMinutes),
    ...(m.type === 'http' ? {
      method: text(c.method), url: text(c.url), headers: Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n'), body: text(c.body),
      timeoutSeconds: text(c.timeoutSeconds), expectedStatus: ((c.expectedStatus ?? []) as string[]).join(', '), keyword: text(c.keyword),
      keywordAbsent: c.keywordAbsent === true, degradedAfterMs: text(c.degradedAfterMs), certExpiryWarningDays: text(c.certExpiryWarningDays),
      redirectsToOtherHosts: c.redirectsToOtherHosts === true,
    } : {}),
    ...(m.type === 'tcp' ? { host: text(c.host), port: text(c.port), timeoutSeconds: text(c.timeoutSeconds) } : {}),
    ...(m.type === 'heartbeat' ? { graceSeconds: text(c.graceSeconds) } : {}),
  };
}

type Built = { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/** The draft as the host's create body, or each field's mistake. */
export function buildInput(d: MonitorDraft): Built {
  const errors: FieldErrors = {};
  const num = (field: keyof MonitorDraft, optional: boolean): number | null | undefined => {
    const s = String(d[field]).trim();
    if (s === '') {
      if (!optional) errors[field] = 'Required';
      return null;
    }
    const n = Number(s);
    if (!Number.isFinite(n)) { errors[field] = 'A number'; return undefined; }
    return n;
  };
  const common = {
    type: d.type, name: d.name, serviceId: d.serviceId, intervalSeconds: num('intervalSeconds', false),
    retries: num('retries', false), successesBeforeUp: num('successesBeforeUp', false), renotifyMinutes: num('renotifyMinutes', true),
  };
  let kind: Record<string, unknown>;
  if (d.type === 'http') {
    const headers: Record<string, string> = {};
    for (const line of d.headers.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const at = line.indexOf(':');
      if (at <= 0) { errors.headers = `"${line}": one header a line, as Name: value`; break; }
      headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    kind = {
      method: d.method, url: d.url.trim(), headers, body: d.body === '' ? null : d.body, timeoutSeconds: num('timeoutSeconds', false),
      expectedStatus: d.expectedStatus.split(/[\s,]+/).filter(Boolean), keyword: d.keyword === '' ? null : d.keyword,
      keywordAbsent: d.keywordAbsent, degradedAfterMs: num('degradedAfterMs', true), certExpiryWarningDays: num('certExpiryWarningDays', true),
      redirectsToOtherHosts: d.redirectsToOtherHosts,
    };
  } else if (d.type === 'tcp') {
    kind = { host: d.host.trim(), port: num('port', false), timeoutSeconds: num('timeoutSeconds', false) };
  } else {
    kind = { graceSeconds: num('graceSeconds', false) };
  }
  const input = { ...common, ...kind, ...(d.runnerDeviceId ? { runnerDeviceId: d.runnerDeviceId } : {}) };
  const parsed = CreateMonitor.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form') as keyof FieldErrors;
      const bad = field === 'expectedStatus' && issue.path.length > 1 ? d.expectedStatus.split(/[\s,]+/).filter(Boolean)[Number(issue.path[1])] : undefined;
      errors[field] ??= bad === undefined ? issue.message : `"${bad}": ${issue.message}`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only what changed from the loaded monitor (its kind never does). */
export function buildPatch(loaded: Monitor, d: MonitorDraft): { ok: true; patch: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const built = buildInput(d);
  if (!built.ok) return built;
  const { type: _type, runnerDeviceId, ...fields } = built.input;
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!same(loaded.config[k] ?? null, v)) patch[k] = v;
  if (runnerDeviceId !== undefined && runnerDeviceId !== loaded.runnerDeviceId) patch.runnerDeviceId = runnerDeviceId;
  return { ok: true, patch };
}

/**
 * A refusal from the host, placed at the field its words name, or under the form: "url: Invalid URL" over IPC,
 * "input.url: …" over the browser's bridge (its schema check names the method's input), "port: …" from the engine.
 */
export function refusalErrors(message: string): FieldErrors {
  const m = /^(?:input\.)?(?:patch\.)?([A-Za-z]+)(?:\.[\w.]*)?: (.*)$/s.exec(message);
  const draftKeys = Object.keys(newDraft('http', '', ''));
  if (m && draftKeys.includes(m[1]!)) return { [m[1]!]: m[2]! };
  return { form: message };
}
