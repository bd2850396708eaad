// A status page's fold: the same ops in any order give the same page (fields last-writer-wins by HLC, groups
// replaced whole), incidents posted on two devices while apart both stay published, and a deletion holds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldStatusPage, servicesPublishedWhole } from '../../src-shared/domain/status/fold.ts';
import { encodeHlc } from '../../src-shared/domain/hlc.ts';
import type { Op } from '../../src-shared/domain/ops.ts';

const at = (s: number) => encodeHlc({ wall: Date.parse('2026-11-30T10:00:00Z') + s * 1000, counter: 0 });
const op = (dev: string, seq: number, s: number, type: string, data: unknown): Op => ({ id: `${dev}:${seq}`, hlc: at(s), type, entity: 'sp_1', data });
const shop = { type: 'service', id: 'svc_1', name: 'Shop', publishIncidents: false };
const created = op('a', 1, 0, 'statuspage.created', { name: 'Acme', slug: 'acme', description: null, groups: [{ name: null, components: [shop] }], idKey: 'k', by: 'user:u' });

describe('status page fold', () => {
  it('folds to the same page whatever order its ops arrive in', () => {
    const ops = [
      created,
      op('a', 2, 10, 'statuspage.changed', { fields: { name: 'Acme Inc', slug: 'acme-inc' }, by: 'user:u' }),
      op('b', 1, 11, 'statuspage.changed', { fields: { name: 'Acme status', groups: [{ name: 'Core', components: [{ ...shop, publishIncidents: true }] }] }, by: 'user:v' }),
      op('a', 3, 12, 'statuspage.incident_published', { incidentId: 'inc_1', by: 'user:u' }),
      op('b', 2, 13, 'statuspage.incident_published', { incidentId: 'inc_2', by: 'user:v' }),
      op('c', 1, 14, 'statuspage.incident_published', { incidentId: 'inc_1', by: 'user:w' }),
    ];
    const one = foldStatusPage(ops);
    assert.ok(one);
    assert.deepEqual([one.name, one.slug, one.incidentIds], ['Acme status', 'acme-inc', ['inc_1', 'inc_2']]);
    assert.deepEqual(servicesPublishedWhole(one), ['svc_1']);
    fc.assert(fc.property(fc.shuffledSubarray(ops, { minLength: ops.length }), (shuffled) => {
      assert.deepEqual(foldStatusPage(shuffled), one);
    }), { seed: 10_2, numRuns: 200 });
  });

  it('a deletion holds against a later change, and nothing folds before the page is created', () => {
    const p = foldStatusPage([created, op('a', 2, 5, 'statuspage.deleted', { by: 'x' }), op('b', 1, 6, 'statuspage.changed', { fields: { name: 'n' }, by: 'y' })]);
    assert.equal(p?.deleted, true);
    assert.equal(foldStatusPage([op('a', 2, 5, 'statuspage.changed', { fields: { name: 'n' }, by: 'x' })]), null);
    // A peer's op whose data breaks the schema is not folded.
    assert.equal(foldStatusPage([created, op('b', 1, 6, 'statuspage.changed', { fields: { groups: 'all' }, by: 'y' })])?.groups.length, 1);
  });

  it('a withdrawal beats an earlier publication by HLC, in whatever order they arrive; publishing again shows it again', () => {
    const ops = [
      created,
      op('a', 2, 10, 'statuspage.incident_published', { incidentId: 'inc_1', by: 'user:u' }),
      op('a', 3, 11, 'statuspage.incident_published', { incidentId: 'inc_2', by: 'user:u' }),
      op('b', 1, 20, 'statuspage.incident_withdrawn', { incidentId: 'inc_1', by: 'user:v' }),
      op('b', 2, 21, 'statuspage.incident_withdrawn', { incidentId: 'inc_9', by: 'user:v' }), // of a service published whole
    ];
    const p = foldStatusPage(ops)!;
    assert.deepEqual([p.incidentIds, p.withdrawnIds], [['inc_2'], ['inc_1', 'inc_9']]);
    fc.assert(fc.property(fc.shuffledSubarray(ops, { minLength: ops.length }), (shuffled) => {
      assert.deepEqual(foldStatusPage(shuffled), p);
    }), { seed: 10_3, numRuns: 100 });
    // A publication older than the withdrawal (a device that was apart) does not bring it back; a newer one does.
    assert.deepEqual(foldStatusPage([...ops, op('c', 1, 15, 'statuspage.incident_published', { incidentId: 'inc_1', by: 'user:w' })])!.incidentIds, ['inc_2']);
    const again = foldStatusPage([...ops, op('c', 1, 30, 'statuspage.incident_published', { incidentId: 'inc_1', by: 'user:w' })])!;
    assert.deepEqual([again.incidentIds, again.withdrawnIds], [['inc_1', 'inc_2'], ['inc_9']]);
  });
});
