// The incident page's "Changes before this incident": each change its host listed (the service's changes in the hour
// before the incident began), newest first, with how long before it happened, its source and its first link — a link
// only if a browser may open it — and nothing at all when there were none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change } from '../../src-shared/schemas/changes.ts';
import { changeLead } from '../../src-renderer/incident/change-text.ts';
import { componentTests } from './support/dom.ts';
import { createFakeApi } from './support/fake-api.ts';

const CREATED = '2026-08-22T10:00:00.000Z';
const change = (over: Partial<Change>): Change => ({
  id: 'chg_1', serviceId: 'svc_1', serviceName: 'Checkout', summary: 'Deployed v4.2', source: 'argo', timestamp: null,
  happenedAt: '2026-08-22T09:50:00.000Z', receivedAt: '2026-08-22T09:50:01.000Z', customDetails: null, links: [], ...over,
});

test('how long before the incident a change happened', () => {
  assert.equal(changeLead('2026-08-22T09:50:00.000Z', CREATED), '10 min before this incident');
  assert.equal(changeLead('2026-08-22T09:59:30.000Z', CREATED), 'just before this incident');
  assert.equal(changeLead('2026-08-22T09:00:00.000Z', CREATED), '60 min before this incident');
});

const { screen, createElement, renderWithApi } = await componentTests();
const { RecentChanges } = await import('../../src-renderer/incident/RecentChanges.tsx');

test('the changes are listed with their lead, source and link; a javascript: link is not a link', () => {
  renderWithApi(createFakeApi(), createElement(RecentChanges, {
    incidentCreatedAt: CREATED,
    changes: [
      change({ id: 'chg_1', links: [{ href: 'https://ci.example.com/812', text: 'Build 812' }] }),
      change({ id: 'chg_2', summary: 'Config push\u202Eevil', source: null, happenedAt: '2026-08-22T09:15:00.000Z', links: [{ href: 'javascript:alert(1)', text: 'click' }] }),
    ],
  }));
  const items = screen.getByRole('list', { name: 'Changes before this incident' }).querySelectorAll('li');
  assert.equal(items.length, 2);
  assert.equal(items[0]!.textContent, 'Deployed v4.2 10 min before this incident · argo · Build 812');
  assert.equal(screen.getByRole('link', { name: 'Build 812' }).getAttribute('href'), 'https://ci.example.com/812');
  assert.equal(items[1]!.textContent, 'Config push<U+202E>evil 45 min before this incident', 'hostile text shown escaped; the unsafe link left out');
  assert.equal(screen.queryAllByRole('link').length, 1);
});

test('no changes: no section', () => {
  renderWithApi(createFakeApi(), createElement(RecentChanges, { incidentCreatedAt: CREATED, changes: [] }));
  assert.ok(!screen.queryByRole('region', { name: 'Changes before this incident' }));
});
