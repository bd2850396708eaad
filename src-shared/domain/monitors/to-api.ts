// A monitor as the API shows it. The heartbeat URL is built on the origin the caller reached this device by: the
// runner is the device that must receive the beats, and a caller that reached it knows a way there.
import type { Monitor, MonitorCheck } from '../../schemas/monitors.ts';
import type { MonitorState } from './fold.ts';

export const heartbeatPath = (token: string): string => `/api/heartbeats/${token}`;

/** What the answering device knows of a monitor's reports and incident (src-main/monitors/monitor-report.ts). */
export type MonitorReport = Pick<Monitor, 'lastReportAt' | 'notBeingChecked' | 'openIncidentId'>;

export function monitorToApi(m: MonitorState, origin: string, report: MonitorReport, check?: MonitorCheck): Monitor {
  const { name, type, serviceId, intervalSeconds } = m.config;
  return {
    id: m.id, name, type, serviceId, intervalSeconds, config: { ...m.config }, runnerDeviceId: m.runnerDeviceId,
    paused: m.paused, ...(m.token !== null ? { heartbeatUrl: `${origin}${heartbeatPath(m.token)}` } : {}),
    createdAt: m.createdAt, createdBy: m.createdBy, ...report, ...(check ? { check } : {}),
  };
}
