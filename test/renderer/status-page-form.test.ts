// The status-page form's rules: a slug suggested from any name is one the host accepts; a mistake in a group is named
// at the group the person sees (empty groups are not sent, so the host's index is not the form's); a slug clash is
// shown at the slug whichever bridge carried it; the public URL joins the host's address and the page's path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Slug } from '../../src-shared/schemas/status-pages.ts';
import { BridgeError } from '../../src-renderer/bridge/bridge-error.ts';
import { buildBody, isSlug, move, publicUrl, refusalErrors, slugFrom, type StatusPageDraft } from '../../src-renderer/status-pages/status-page-form.ts';

test('a slug suggested from a name is one the host accepts', () => {
  for (const [name, slug] of [['Acme Status!', 'acme-status'], ['  Café -- Ops  ', 'cafe-ops'], ['ÄÖÜ 2026', 'aou-2026'], ['x'.repeat(63) + ' y', 'x'.repeat(63)]] as const) {
    assert.equal(slugFrom(name), slug);
    assert.ok(isSlug(slug) && Slug.safeParse(slug).success, slug);
  }
  assert.equal(slugFrom('!!!'), '', 'nothing to suggest: the field asks');
});

test('a mistake in a group is named at the group the form shows, though empty groups are not sent', () => {
  const draft: StatusPageDraft = {
    name: 'Acme', slug: 'acme', description: '',
    groups: [{ name: '', components: [] }, { name: '', components: [{ type: 'service', id: 'svc_1', name: '  ', publishIncidents: false }] }],
  };
  const built = buildBody(draft);
  assert.ok(!built.ok);
  assert.deepEqual(Object.keys(built.errors), ['groups.1.components.0.name']);
  draft.groups[1]!.components[0]!.name = 'API';
  const ok = buildBody(draft);
  assert.ok(ok.ok);
  assert.deepEqual(ok.body.groups, [{ name: null, components: [{ type: 'service', id: 'svc_1', name: 'API', publishIncidents: false }] }]);
});

test('a slug clash is placed at the slug over HTTP and over IPC; a schema refusal at its field; anything else under the form', () => {
  const clash = { slug: 'Another status page has this slug: choose another' };
  assert.deepEqual(refusalErrors(new BridgeError('CONFLICT', 'Status page sp_1 already has the slug "acme"', 409)), clash);
  const ipc = Object.assign(new Error('Status page sp_1 already has the slug "acme"'), { name: 'CONFLICT' });
  assert.deepEqual(refusalErrors(ipc), clash);
  assert.deepEqual(refusalErrors(new BridgeError('VALIDATION_FAILED', 'input.groups.0.components.1.id: Monitor mon_x not found', 400)), { 'groups.0.components.1.id': 'Monitor mon_x not found' });
  assert.deepEqual(refusalErrors(new BridgeError('FORBIDDEN', 'Needs the admin scope', 403)), { form: 'Needs the admin scope' });
});

test('moving a component past either end leaves the order as it is; the public URL has one slash', () => {
  assert.deepEqual(move(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(move(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
  assert.equal(publicUrl('http://127.0.0.1:8977/', '/status/acme'), 'http://127.0.0.1:8977/status/acme');
});
