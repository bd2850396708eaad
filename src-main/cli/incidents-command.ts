// `klaxon incidents escalate ID`: "escalate now" from a terminal — the next level of the service's escalation policy
// is paged at once, even after an acknowledgement (POST /api/incidents/:id/escalate, through the same handler).
import type { IncidentDetail } from '../../src-shared/schemas/incidents.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { createOnCallHandlers } from '../oncall-handlers.ts';
import { UsageError } from './args.ts';
import { localWhen, localZone } from './local-time.ts';
import { namer } from './refs.ts';

export const INCIDENTS_USAGE = 'usage: klaxon incidents escalate INCIDENT_ID [--json]';

function describeEscalation(engine: Engine, i: IncidentDetail): string {
  const e = i.escalation;
  const head = `Escalated ${i.id} (${displayText(i.title)})`;
  if (!e) return `${head}.`;
  const policy = engine.listPolicies().find((p) => p.id === e.policyId);
  const name = namer(engine);
  const lines = [`${head} to level ${e.level} of ${policy ? displayText(policy.name) : e.policyId}.`];
  lines.push(e.nobodyOnCall ? 'Nobody is on call at any level: every device pages.'
    : `Paging: ${e.paging.map((p) => name(p.userId)).join(', ') || 'nobody'}`);
  if (e.emptyLevels.length > 0) lines.push(`Skipped (nobody on call): level ${e.emptyLevels.join(', ')}`);
  if (e.nextEscalationAt) lines.push(`Next level at ${localWhen(e.nextEscalationAt)} (${localZone()}) unless acknowledged.`);
  return lines.join('\n');
}

export async function incidentsCommand(engine: Engine, sub: string | undefined, rest: string[], opts: { json: boolean }, out: (text: string) => void): Promise<void> {
  if (sub !== 'escalate') throw new UsageError(INCIDENTS_USAGE);
  const id = rest[0];
  if (!id) throw new UsageError(`incidents escalate needs the incident id\n${INCIDENTS_USAGE}`);
  const detail = await createOnCallHandlers(engine)['incidents.escalate']({ id });
  out(opts.json ? displayJson(detail) : describeEscalation(engine, detail));
}
