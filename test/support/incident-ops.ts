// An incident's ops written by hand for the pure rules' tests: each op at a wall-clock instant (ms), in order.
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

export interface OpsBuilder {
  ops: Op[];
  triggered(at: number, opts?: { serviceId?: string; urgency?: 'HIGH' | 'LOW'; suppressedUntil?: number }): OpsBuilder;
  op(at: number, type: string, data: Record<string, unknown>): OpsBuilder;
  ack(at: number, by: string, until?: number): OpsBuilder;
  resolve(at: number, by: string): OpsBuilder;
  /** Re-opens it: later acks and resolves are for the next episode. */
  reopen(at: number, by: string): OpsBuilder;
}

/** Ops of incident `id`, from one device, numbered in the order written. */
export function incidentOps(id: string, device = 'devA'): OpsBuilder {
  let seq = 0;
  let episode = 1;
  const b: OpsBuilder = {
    ops: [],
    op(at, type, data) {
      seq++;
      b.ops.push({ id: `${device}:${seq}`, hlc: encodeHlc({ wall: at, counter: seq }), type, entity: id, data });
      return b;
    },
    triggered(at, opts = {}) {
      const suppressed = opts.suppressedUntil !== undefined;
      return b.op(at, 'incident.triggered', {
        serviceId: opts.serviceId ?? 'svc_a', dedupKey: null, title: `Incident ${id}`, description: null, severity: 'critical',
        urgency: opts.urgency ?? 'HIGH', priority: null, impact: null, source: null, customDetails: null, extra: null,
        autoCreated: true, suppressed, ...(suppressed ? { suppressedUntil: new Date(opts.suppressedUntil!).toISOString() } : {}),
        by: 'integration:svc_a',
      });
    },
    ack: (at, by, until) => b.op(at, 'incident.acknowledged', { episode, by, ...(until !== undefined ? { until: new Date(until).toISOString() } : {}) }),
    resolve: (at, by) => b.op(at, 'incident.resolved', { episode, by }),
    reopen: (at, by) => b.op(at, 'incident.reopened', { episode: ++episode, by }),
  };
  return b;
}
