// The rules of what a status page says, each in one place: how an incident's impact reads as a component's state,
// what a component's monitors say, which incidents touch which components, how a day's uptime reads as a state, and
// what a machine-written incident is called in public.
import type { ComponentState } from '../../schemas/public-status.ts';
import { COMPONENT_STATES } from '../../schemas/public-status.ts';
import type { Impact, Severity, Progress } from '../../schemas/common.ts';

/** The worse of states (`maintenance` outranks only `operational`). */
export const worstState = (states: Iterable<ComponentState>): ComponentState => {
  let worst: ComponentState = 'operational';
  for (const s of states) if (COMPONENT_STATES.indexOf(s) > COMPONENT_STATES.indexOf(worst)) worst = s;
  return worst;
};

/** Seed 002's impact as the state of what it touches: none changes nothing. */
export const IMPACT_STATE: Record<Impact, ComponentState> = {
  none: 'operational', minor: 'degraded', major: 'partial_outage', critical: 'major_outage',
};

/**
 * An incident nobody gave an impact (an alert, a monitor's) reads from its severity: critical as major, error and
 * warning as minor, info as none.
 */
export const publicImpact = (impact: Impact | null, severity: Severity): Impact =>
  impact ?? (severity === 'critical' ? 'major' : severity === 'info' ? 'none' : 'minor');

/** What one monitor says now: down (null: unknown — paused, not yet checked), and if up, whether degraded. */
export interface MonitorNow { down: boolean | null; degraded?: boolean }

/**
 * What a component's monitors say now: all of them down is a major outage, some of them a partial one; none down but
 * some degraded (slow, a certificate about to expire) is degraded. Unknown verdicts say nothing.
 */
export function monitorsState(monitors: readonly MonitorNow[]): ComponentState {
  const known = monitors.filter((m) => m.down !== null);
  const down = known.filter((m) => m.down).length;
  if (down === 0) return known.some((m) => m.degraded) ? 'degraded' : 'operational';
  return down === known.length ? 'major_outage' : 'partial_outage';
}

/**
 * A day measured by checks but touched by no published incident: at least 99.9 % up reads as operational (one failed
 * check in a day of 30-second checks is no outage), 99 % as degraded, 95 % as a partial outage, below as a major one.
 */
export function uptimeState(uptime: number): ComponentState {
  if (uptime >= 0.999) return 'operational';
  if (uptime >= 0.99) return 'degraded';
  if (uptime >= 0.95) return 'partial_outage';
  return 'major_outage';
}

export interface ComponentRef { type: 'service' | 'monitor'; id: string; /** The service a monitor belongs to. */ serviceId: string }

/**
 * The components an incident touches: the component of its service, and the monitors it names (a monitor's own
 * incident) — or, when it names none (opened by hand about the service), every monitor of its service on the page.
 */
export function componentsTouched<C extends ComponentRef>(incident: { serviceId: string; monitorIds: readonly string[] }, components: readonly C[]): C[] {
  return components.filter((c) => {
    if (c.type === 'service') return c.id === incident.serviceId;
    return incident.monitorIds.length > 0 ? incident.monitorIds.includes(c.id) : c.serviceId === incident.serviceId;
  });
}

/** A person wrote it (a user, or a client of the Incidents API with its key), so it was meant to be read. */
export const writtenByPerson = (by: string): boolean => by.startsWith('user:') || by.startsWith('key:');

/**
 * A machine-written title (an alert's summary, a monitor's failure) may name hosts, URLs and internal names: in public
 * an incident nobody titled reads as a disruption of the components it touches.
 */
export const automaticTitle = (componentNames: readonly string[]): string =>
  componentNames.length === 0 ? 'Service disruption' : `Service disruption: ${componentNames.join(', ')}`;

/** The same for a progress update a machine posted (a monitor's recovery): what it means, not what it logged. */
export const AUTOMATIC_UPDATE: Record<Progress, string> = {
  investigating: 'We are investigating a disruption.',
  identified: 'The cause has been identified.',
  monitoring: 'A fix is in place and we are monitoring the result.',
  resolved: 'This incident has been resolved.',
};
