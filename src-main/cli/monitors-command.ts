// `klaxon monitors …`: list, add, show, pause, resume, remove monitors and read their results from a terminal, on the
// data dir a running `klaxon serve` (or the app) uses: it runs them from what is written here. Bodies go through the
// API's schema and the window's handlers (src-main/monitor-handlers.ts), so the CLI refuses what the API refuses,
// naming the flag. A heartbeat's push URL is built on the running host's address (or where it will listen).
import type { Monitor, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';
import { CreateMonitor } from '../../src-shared/schemas/monitors.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import { uptimeOf, formatUptime } from '../../src-shared/domain/monitors/summary.ts';
import { KlaxonError } from '../../src-shared/schemas/errors.ts';
import type { Engine } from '../engine/types.ts';
import { createMonitorHandlers } from '../monitor-handlers.ts';
import { createHeartbeatRunner } from '../monitors/heartbeat-runner.ts';
import { silentLogger } from '../log.ts';
import { UsageError } from './args.ts';
import { instant } from './local-time.ts';
import { serviceRef } from './refs.ts';
import { checked, flags, type FlagOf } from './refusal.ts';
import { table } from './table.ts';

type Out = (text: string) => void;

export interface MonitorsOptions {
  name?: string; service?: string; interval?: string; retries?: string; successes?: string; renotify?: string; runner?: string;
  url?: string; method?: string; header?: string[]; body?: string; timeout?: string; expect?: string[]; keyword?: string;
  'keyword-absent': boolean; 'degraded-after'?: string; 'cert-warning-days'?: string; 'other-hosts': boolean;
  host?: string; port?: string; grace?: string; from?: string; to?: string; json: boolean;
}

export const MONITORS_USAGE = `usage: klaxon monitors list [--json]
       klaxon monitors add http --name N --service S --url URL [--method GET] [--header 'Name: value']… [--body TEXT]
                          [--timeout SEC] [--expect 200-299]… [--keyword TEXT [--keyword-absent]] [--degraded-after MS]
                          [--cert-warning-days D] [--other-hosts] [COMMON]
       klaxon monitors add tcp --name N --service S --host HOST --port PORT [--timeout SEC] [COMMON]
       klaxon monitors add heartbeat --name N --service S [--grace SEC] [COMMON]      (prints its push URL)
       klaxon monitors show MONITOR [--json]          state, last checks, 24 h uptime
       klaxon monitors pause|resume|rm MONITOR [--json]
       klaxon monitors results MONITOR [--from ISO|now] [--to ISO|now] [--json]    (default: the last 24 h)
       klaxon monitors private-targets [on|off]      this device also checks loopback/LAN addresses for monitors set up elsewhere
COMMON: [--interval SEC] [--retries N] [--successes N] [--renotify MIN] [--runner DEVICE]
MONITOR, S(ervice), DEVICE: an id or an exact name. --interval defaults to 60 s (heartbeat: 300 s), at least 10.`;

const FLAG: Record<string, string> = {
  name: '--name', serviceId: '--service', intervalSeconds: '--interval', retries: '--retries', successesBeforeUp: '--successes',
  renotifyMinutes: '--renotify', runnerDeviceId: '--runner', url: '--url', method: '--method', headers: '--header', body: '--body',
  timeoutSeconds: '--timeout', expectedStatus: '--expect', keyword: '--keyword', keywordAbsent: '--keyword-absent',
  degradedAfterMs: '--degraded-after', certExpiryWarningDays: '--cert-warning-days', redirectsToOtherHosts: '--other-hosts',
  host: '--host', port: '--port', graceSeconds: '--grace', from: '--from', to: '--to',
};
const flagOf: FlagOf = flags(FLAG);

/** A number flag as typed; the schema names what is wrong with it. */
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : v.trim() === '' ? Number.NaN : Number(v));

function headers(lines: string[] | undefined): Record<string, string> | undefined {
  if (!lines) return undefined;
  return Object.fromEntries(lines.map((l) => {
    const at = l.indexOf(':');
    if (at <= 0) throw new UsageError(`--header takes 'Name: value', not "${l}"`);
    return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
  }));
}

function deviceRef(engine: Engine, ref: string): string {
  if (ref === engine.deviceId) return ref;
  const devices = [...engine.roster().devices.values()].filter((d) => d.revokedAt === null);
  const hit = devices.find((d) => d.deviceId === ref) ?? devices.filter((d) => d.name === ref)[0];
  if (!hit) throw new UsageError(`--runner: no device "${displayText(ref)}" in this team (see \`klaxon team status\`)`);
  if (devices.filter((d) => d.name === ref).length > 1) throw new UsageError(`--runner: more than one device is named "${displayText(ref)}"; give the id`);
  return hit.deviceId;
}

function monitorRef(engine: Engine, ref: string | undefined): string {
  if (!ref) throw new UsageError(`give the monitor (id or name)\n${MONITORS_USAGE}`);
  const all = engine.listMonitors();
  if (all.some((m) => m.id === ref)) return ref;
  const named = all.filter((m) => m.config.name === ref);
  if (named.length > 1) throw new UsageError(`more than one monitor is named "${displayText(ref)}"; give the id (${named.map((m) => m.id).join(', ')})`);
  if (named.length === 0) throw new UsageError(`no monitor "${displayText(ref)}" (see \`klaxon monitors list\`)`);
  return named[0]!.id;
}

/** An engine refusal naming a field, in the flag's words. */
async function asFlags<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (e) {
    if (e instanceof KlaxonError && e.field && e.status < 500) {
      throw new UsageError(`${flagOf(e.field.split('.'))}: ${e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message}`);
    }
    throw e;
  }
}

/** What it checks; a heartbeat another device runs by its path only (its beats go to that device's address). */
const target = (m: Monitor, selfId: string): string => (m.type === 'http' ? String(m.config.url) : m.type === 'tcp' ? `${String(m.config.host)}:${String(m.config.port)}`
  : !m.heartbeatUrl ? '' : m.runnerDeviceId === selfId ? m.heartbeatUrl : new URL(m.heartbeatUrl).pathname);
/** Its runner's verdict; one run by another device has none here. */
const stateOf = (m: Monitor, selfId: string): string => (m.paused ? 'paused' : m.check?.state ?? (m.runnerDeviceId === selfId ? 'unknown' : 'checked elsewhere'));

function describe(m: Monitor, r: MonitorResultsResponse, state: string, where: string, serviceName: string, runnerName: string): string {
  const last = r.results.slice(-10).reverse();
  return [
    `${displayText(m.name)} (${m.id}): ${state}${m.check?.message ? ` — ${displayText(m.check.message)}` : ''}`,
    `  ${m.type} ${displayText(where)}, every ${m.intervalSeconds} s, service ${displayText(serviceName)}, runs on ${displayText(runnerName)}`,
    `  24 h uptime: ${formatUptime(uptimeOf(r.results, r.hourly))}`,
    last.length === 0 ? '  No checks held on this device (only its runner holds them, for a day).'
      : ['  Last checks:', ...last.map((c) => `    ${c.at}  ${c.outcome}${c.responseMs === null ? '' : `  ${c.responseMs} ms`}${c.message ? `  ${displayText(c.message)}` : ''}`)].join('\n'),
  ].join('\n');
}

export async function monitorsCommand(engine: Engine, origin: string, sub: string | undefined, rest: string[], opts: MonitorsOptions, out: Out): Promise<void> {
  const line = (m: Monitor) => `${m.id}  ${stateOf(m, engine.deviceId)}  ${m.type}  ${displayText(m.name)}  ${displayText(target(m, engine.deviceId))}`;
  // Not started: it only answers where the monitors this device runs stand, from what the running host recorded.
  const runner = createHeartbeatRunner({ engine, clock: engine.clock, log: silentLogger });
  const handlers = createMonitorHandlers({ engine, origin: () => origin, check: (m) => runner.check(m) });
  const show = (m: Monitor) => out(opts.json ? displayJson(m) : line(m));
  switch (sub) {
    case 'list': {
      const all = await handlers['monitors.list'](undefined);
      if (opts.json) return out(displayJson(all));
      out(all.length === 0 ? 'No monitors. Add one with `klaxon monitors add http|tcp|heartbeat …`.' : table([['ID', 'STATE', 'KIND', 'NAME', 'TARGET'],
        ...all.map((m) => [m.id, stateOf(m, engine.deviceId), m.type, displayText(m.name), displayText(target(m, engine.deviceId))])]));
      return;
    }
    case 'add': {
      const type = rest[0];
      if (type !== 'http' && type !== 'tcp' && type !== 'heartbeat') throw new UsageError(`monitors add takes http, tcp or heartbeat\n${MONITORS_USAGE}`);
      if (!opts.service) throw new UsageError('--service: give the service its incidents open on (see `klaxon services list`)');
      const kind = type === 'http'
        ? { url: opts.url, method: opts.method?.toUpperCase(), headers: headers(opts.header), body: opts.body, timeoutSeconds: num(opts.timeout), expectedStatus: opts.expect,
          keyword: opts.keyword, keywordAbsent: opts['keyword-absent'], degradedAfterMs: num(opts['degraded-after']),
          certExpiryWarningDays: num(opts['cert-warning-days']), redirectsToOtherHosts: opts['other-hosts'] }
        : type === 'tcp' ? { host: opts.host, port: num(opts.port), timeoutSeconds: num(opts.timeout) } : { graceSeconds: num(opts.grace) };
      const body = checked(CreateMonitor, Object.fromEntries(Object.entries({
        type, name: opts.name, serviceId: serviceRef(engine, opts.service), intervalSeconds: num(opts.interval) ?? (type === 'heartbeat' ? 300 : 60),
        retries: num(opts.retries), successesBeforeUp: num(opts.successes), renotifyMinutes: num(opts.renotify),
        runnerDeviceId: opts.runner === undefined ? undefined : deviceRef(engine, opts.runner), ...kind,
      }).filter(([, v]) => v !== undefined)), flagOf);
      const m = await asFlags(() => handlers['monitors.create'](body));
      if (opts.json) return out(displayJson(m));
      out(`Added ${line(m)}`);
      if (m.heartbeatUrl && m.runnerDeviceId !== engine.deviceId) {
        // Only the runner takes its beats: this host's address would reach no one who counts them.
        const device = engine.roster().devices.get(m.runnerDeviceId)?.name ?? m.runnerDeviceId;
        out(`Beats go to ${displayText(device)}, the device that runs it: its receiver's address, then ${new URL(m.heartbeatUrl).pathname} (keep it secret)`);
      } else if (m.heartbeatUrl) {
        out(`Push URL (keep it secret): ${m.heartbeatUrl}\nCall it at the end of the job, at least every ${m.intervalSeconds} s:\n  curl -fsS -m 10 --retry 3 "${m.heartbeatUrl}"`);
      }
      return;
    }
    case 'show': {
      const id = monitorRef(engine, rest[0]);
      const [m, r] = await Promise.all([handlers['monitors.get']({ id }), handlers['monitors.results']({ id })]);
      if (opts.json) return out(displayJson({ monitor: m, uptime24h: uptimeOf(r.results, r.hourly), results: r }));
      const service = engine.listServices().find((s) => s.id === m.serviceId)?.name ?? m.serviceId;
      const device = m.runnerDeviceId === engine.deviceId ? 'this device' : engine.roster().devices.get(m.runnerDeviceId)?.name ?? m.runnerDeviceId;
      return out(describe(m, r, stateOf(m, engine.deviceId), target(m, engine.deviceId), service, device));
    }
    case 'pause': case 'resume': {
      const m = await handlers[sub === 'pause' ? 'monitors.pause' : 'monitors.resume']({ id: monitorRef(engine, rest[0]) });
      if (opts.json) return show(m);
      return out(`${sub === 'pause' ? 'Paused' : 'Resumed'} ${line(m)}`);
    }
    case 'rm': {
      const m = await handlers['monitors.delete']({ id: monitorRef(engine, rest[0]) });
      if (opts.json) return show(m);
      return out(`Removed ${line(m)} (the incidents it opened stay)`);
    }
    case 'results': {
      const id = monitorRef(engine, rest[0]);
      const now = engine.clock.now();
      const r = await asFlags(() => handlers['monitors.results']({
        id, ...(opts.from ? { from: instant(opts.from, now) } : {}), ...(opts.to ? { to: instant(opts.to, now) } : {}),
      }));
      if (opts.json) return out(displayJson(r));
      const rows = [['AT', 'OUTCOME', 'MS', 'MESSAGE'], ...r.results.map((c) => [c.at, c.outcome, c.responseMs === null ? '' : String(c.responseMs), displayText(c.message ?? '')])];
      out([
        `${r.from} → ${r.to}: uptime ${formatUptime(uptimeOf(r.results, r.hourly))}`,
        r.results.length > 0 ? table(rows) : 'No raw checks held here for this span (only its runner holds them, for a day).',
        ...(r.daily.length > 0 ? ['Daily:', ...r.daily.map((d) => `  ${d.start.slice(0, 10)}  ${formatUptime(d.uptime)}  ${d.checks} checks${d.avgMs === null ? '' : `, avg ${Math.round(d.avgMs)} ms`}`)] : []),
      ].join('\n'));
      return;
    }
    case 'private-targets': {
      // This device's own setting (target-policy.ts): the running host reads it before each check it guards.
      const to = rest[0];
      if (to !== undefined && to !== 'on' && to !== 'off') throw new UsageError(`monitors private-targets takes on or off\n${MONITORS_USAGE}`);
      const allow = to === undefined ? engine.getSettings().monitors.allowPrivateTargets
        : (await engine.updateSettings({ monitors: { allowPrivateTargets: to === 'on' } })).monitors.allowPrivateTargets;
      if (opts.json) return out(displayJson({ allowPrivateTargets: allow }));
      return out(allow
        ? 'Private targets: on — this device checks loopback, link-local and private addresses for monitors set up on other devices too'
        : 'Private targets: off — monitors set up on other devices are not checked against loopback, link-local or private addresses here');
    }
    default:
      throw new UsageError(MONITORS_USAGE);
  }
}
