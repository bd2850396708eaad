// PagerDuty's legacy Nagios endpoint (`POST /nagios/2010-04-15/create_event`), which PagerDuty's own
// pagerduty_nagios.pl posts to: a form of every Nagios macro the notification had (NAGIOS_* / ICINGA_* environment
// variables without their prefix), the service key in CONTACTPAGER. Its fields map cleanly onto an event, the same
// one PagerDuty's agent (pd-nagios, Events API v1) sends for the same check, so both name one incident:
//   NOTIFICATIONTYPE  PROBLEM → trigger, ACKNOWLEDGEMENT → acknowledge, RECOVERY → resolve; any other type (flapping,
//                     downtime, custom) is taken and changes nothing, as PagerDuty did;
//   incident key      `event_source=service;host_name=H;service_desc=S` (a host: `event_source=host;host_name=H`);
//   summary           `S on H is CRITICAL: <output>` (a host: `H is DOWN: <output>`);
//   severity          CRITICAL/DOWN/UNREACHABLE → critical, WARNING → warning, anything else → error;
//   details           every field but CONTACTPAGER (the key stays out of the incident); a key longer than 255 is cut.
import { z } from 'zod';
import type { Severity } from './common.ts';
import { LIMITS, type EventCommand } from './events.ts';
import { clipText } from './pagerduty.ts';

const ACTIONS: Record<string, EventCommand['action']> = { PROBLEM: 'trigger', ACKNOWLEDGEMENT: 'acknowledge', RECOVERY: 'resolve' };

const SEVERITIES: Record<string, Severity> = { CRITICAL: 'critical', DOWN: 'critical', UNREACHABLE: 'critical', WARNING: 'warning' };

/** A form field's value; a JSON body's non-text values are taken as their text. */
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const NagiosForm = z.record(z.string(), text).transform((f, ctx) => {
  const need = (name: string) => {
    if (!f[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required` });
    return f[name] ?? '';
  };
  // The key is CONTACTPAGER (or an X-Routing-Key header, which the receiver puts in routing_key).
  if (!f.CONTACTPAGER && f.routing_key) f.CONTACTPAGER = f.routing_key;
  const routingKey = need('CONTACTPAGER');
  const type = need('NOTIFICATIONTYPE').toUpperCase();
  const host = need('HOSTNAME');
  const object = f.pd_nagios_object === 'host' || f.pd_nagios_object === 'service' ? f.pd_nagios_object : f.SERVICEDESC ? 'service' : 'host';
  const service = object === 'service' ? need('SERVICEDESC') : '';
  const action = ACTIONS[type];
  const state = (object === 'service' ? f.SERVICESTATE : f.HOSTSTATE) ?? '';
  const output = (object === 'service' ? f.SERVICEOUTPUT : f.HOSTOUTPUT) ?? '';
  const what = object === 'service' ? `${service} on ${host}` : host;
  const { CONTACTPAGER: _key, routing_key: _header, ...details } = f;
  const command: EventCommand | null = action === undefined ? null : {
    action,
    routingKey,
    dedupKey: clipText(object === 'service' ? `event_source=service;host_name=${host};service_desc=${service}` : `event_source=host;host_name=${host}`, LIMITS.dedupKey),
    summary: clipText(`${what} is ${state || 'in trouble'}${output ? `: ${output}` : ''}`, LIMITS.summary),
    source: clipText(host, LIMITS.source),
    severity: SEVERITIES[state.toUpperCase()] ?? 'error',
    customDetails: details,
    extra: { client: 'Nagios' },
    receivedVia: 'nagios',
  };
  return { routing_key: routingKey, notificationType: type, command };
});
export type NagiosForm = z.output<typeof NagiosForm>;
