// `klaxon status-pages`: add a page for a service by name, see it listed and shown with the address the public reads
// it at, remove it; a taken slug and a bad one are refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { createEngine } from '../../src-main/engine/engine.ts';
import { FakeClock } from '../../src-main/clock.ts';
import { silentLogger } from '../../src-main/log.ts';

test('status-pages: add for a service by name, list and show with the public URL, remove; a taken or bad slug is refused', async (t) => {
  const dir = tempDir(t);
  const init = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { serviceId: string };
  const added = await klaxon(['status-pages', 'add', '--name', 'Acme status', '--slug', 'acme', '--service', 'Default service', '--publish', '--data-dir', dir, '--json']);
  assert.equal(added.code, 0, added.stderr);
  const page = JSON.parse(added.stdout) as { id: string; url: string; groups: { components: { id: string; publishIncidents: boolean }[] }[] };
  assert.equal(page.url, 'http://127.0.0.1:8977/status/acme', 'where `klaxon serve` listens by default');
  assert.deepEqual(page.groups[0]!.components.map((c) => [c.id, c.publishIncidents]), [[init.serviceId, true]]);

  const listed = await klaxon(['status-pages', 'list', '--data-dir', dir]);
  assert.match(listed.stdout, new RegExp(`${page.id}\\s+acme\\s+Acme status\\s+http://127.0.0.1:8977/status/acme`));
  const shown = await klaxon(['status-pages', 'show', 'acme', '--data-dir', dir]);
  assert.match(shown.stdout, /Acme status {2}http:\/\/127\.0\.0\.1:8977\/status\/acme/);
  assert.match(shown.stdout, /Default service {2}\(service svc_\S+, every incident published\)/);

  const taken = await klaxon(['status-pages', 'add', '--name', 'Other', '--slug', 'acme', '--data-dir', dir]);
  assert.notEqual(taken.code, 0);
  assert.match(taken.stderr, /already has the slug "acme"/);
  const bad = await klaxon(['status-pages', 'add', '--name', 'Other', '--slug', 'not ok', '--data-dir', dir]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--slug: lower-case letters, digits and single dashes/);

  const removed = await klaxon(['status-pages', 'rm', page.id, '--data-dir', dir]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /is no longer served/);
  assert.match((await klaxon(['status-pages', 'list', '--data-dir', dir])).stdout, /No status pages/);
  assert.match((await klaxon(['status-pages', 'show', 'acme', '--data-dir', dir])).stderr, /no status page "acme"/);
});

test('status-pages withdraw: takes a published incident off the page; one not on it is refused with the reason', async (t) => {
  const dir = tempDir(t);
  await klaxon(['init', '--data-dir', dir, '--json']);
  assert.equal((await klaxon(['status-pages', 'add', '--name', 'Acme status', '--slug', 'acme', '--service', 'Default service', '--publish', '--data-dir', dir])).code, 0);
  const engine = createEngine({ dataDir: dir, clock: new FakeClock(Date.now()), log: silentLogger });
  const incident = await engine.createIncident({ title: 'Posted by mistake' }, 'user:ops');
  engine.close();
  const withdrawn = await klaxon(['status-pages', 'withdraw', 'acme', incident.id, '--data-dir', dir]);
  assert.equal(withdrawn.code, 0, withdrawn.stderr);
  assert.match(withdrawn.stdout, new RegExp(`Withdrew ${incident.id} from acme: it is no longer on http://127.0.0.1:8977/status/acme`));
  const again = await klaxon(['status-pages', 'withdraw', 'acme', incident.id, '--data-dir', dir]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, new RegExp(`Incident ${incident.id} is not published on status page`));
  assert.match((await klaxon(['status-pages', 'withdraw', 'acme', '--data-dir', dir])).stderr, /needs a page and an incident/);
});
