// One monitor in the list: its state, kind, target, runner, response time over the last 24 h, the last 90 days as
// bars, and (for admins) Edit, Pause/Resume and Delete.
import type { Monitor, MonitorResultsResponse } from '../../src-shared/schemas/monitors.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { dailyBars, responseSeries, uptimeOf, formatUptime } from '../../src-shared/domain/monitors/summary.ts';
import { monitorStatus, statusDetail, STATUS_LABEL, type MonitorExtras } from './status.ts';
import { Sparkline } from './Sparkline.tsx';
import { UptimeBars } from './UptimeBars.tsx';
import { HeartbeatUrl } from './HeartbeatUrl.tsx';
import { BAR_DAYS, deviceLabel, type DeviceChoice } from './monitors-store.ts';

const DAY_MS = 86_400_000;
const KIND: Record<Monitor['type'], string> = { http: 'HTTP', tcp: 'TCP', heartbeat: 'Heartbeat' };

function target(m: Monitor): string {
  const c = m.config;
  if (m.type === 'http') return `${String(c.method)} ${String(c.url)}`;
  if (m.type === 'tcp') return `${String(c.host)}:${String(c.port)}`;
  return '';
}

export interface MonitorRowProps {
  monitor: Monitor & MonitorExtras;
  results: MonitorResultsResponse | undefined;
  now: number;
  devices: readonly DeviceChoice[];
  canEdit: boolean;
  busy: boolean;
  onEdit: () => void;
  onPause: (paused: boolean) => void;
  onDelete: () => void;
}

export function MonitorRow({ monitor: m, results, now, devices, canEdit, busy, onEdit, onPause, onDelete }: MonitorRowProps) {
  const since = now - DAY_MS;
  const raw = (results?.results ?? []).filter((r) => Date.parse(r.at) >= since);
  const hourly = (results?.hourly ?? []).filter((h) => Date.parse(h.start) >= since - 3_600_000);
  const runner = devices.find((d) => d.id === m.runnerDeviceId);
  const status = monitorStatus(m, raw[raw.length - 1], runner?.self === true);
  const series = responseSeries(raw, hourly);
  const runnerName = runner ? displayText(deviceLabel(runner)) : m.runnerDeviceId;
  const name = displayText(m.name);
  return (
    <li className="monitor-row" aria-label={name}>
      <div className="monitor-head">
        <span className={`badge monitor-state state-${status}`} title={statusDetail(m, status)}>{STATUS_LABEL[status]}</span>
        <strong className="monitor-name">{name}</strong>
        <span className="muted">{KIND[m.type]}</span>
        <span className="muted">{`24 h: ${formatUptime(uptimeOf(raw, hourly))}`}</span>
      </div>
      <div className="monitor-target">
        {m.type !== 'heartbeat' ? <code>{displayText(target(m))}</code>
          : !m.heartbeatUrl ? <span className="muted">Push URL: ask its runner</span>
          : runner?.self ? <HeartbeatUrl url={m.heartbeatUrl} name={name} />
          : (
            // Only the runner takes its beats: this host's address in the URL would reach no one who counts them.
            <span className="muted">{`Beats go to ${runnerName}, the device that runs it: its address, then `}<code>{new URL(m.heartbeatUrl).pathname}</code></span>
          )}
      </div>
      <div className="muted">Runs on {runnerName}</div>
      <div className="monitor-charts">
        <Sparkline points={series.points} source={series.source} name={name} />
        <UptimeBars bars={dailyBars(results?.daily ?? [], now, BAR_DAYS)} name={name} />
      </div>
      {canEdit && (
        <div className="inline monitor-actions">
          <button type="button" className="btn btn-small" onClick={onEdit} aria-label={`Edit ${name}`}>Edit</button>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => onPause(!m.paused)} aria-label={`${m.paused ? 'Resume' : 'Pause'} ${name}`}>
            {m.paused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={onDelete} aria-label={`Delete ${name}`}>Delete</button>
        </div>
      )}
    </li>
  );
}
