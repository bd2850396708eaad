// A change (PagerDuty Change Events) recorded on its service: one op, never an incident, never a page. Its free-form
// JSON is capped like an event's, and when it happened is read from its timestamp once, here, so that every device
// places it at the same instant.
import type { ChangeCommand } from '../../../src-shared/schemas/changes.ts';
import { KlaxonError } from '../../../src-shared/schemas/errors.ts';
import { newId } from '../../../src-shared/domain/ids.ts';
import { changeInstant } from '../../../src-shared/domain/changes.ts';
import { capFreeForm } from '../../../src-shared/schemas/free-form.ts';
import type { Tx } from '../tx.ts';

export function recordChange(tx: Tx, cmd: ChangeCommand): string {
  const service = tx.serviceByRoutingKey(cmd.routingKey);
  if (!service) throw new KlaxonError('INVALID_ROUTING_KEY', 'Routing key not found', 'routing_key');
  const { customDetails, extra } = capFreeForm({
    customDetails: cmd.customDetails ?? null,
    extra: cmd.links && cmd.links.length > 0 ? { links: cmd.links } : null,
  });
  const id = newId('chg', tx.nowMs);
  tx.emit('change.recorded', id, {
    serviceId: service.id, summary: cmd.summary, source: cmd.source ?? null, timestamp: cmd.timestamp ?? null,
    happenedAt: changeInstant(cmd.timestamp, tx.nowMs), customDetails, extra, by: `integration:${service.id}`,
  });
  return id;
}
