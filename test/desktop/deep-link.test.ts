// klaxon://incident/<id> from a URL (macOS open-url) or a command line (Windows/Linux second instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeepLink, findDeepLink } from '../../src-main/desktop/deep-link.ts';

test('incident links parse to the incident id; anything else is refused', () => {
  assert.deepEqual(parseDeepLink('klaxon://incident/inc_0abc123xyz'), { incidentId: 'inc_0abc123xyz' });
  assert.deepEqual(parseDeepLink('klaxon://incident/inc_0abc123xyz/'), { incidentId: 'inc_0abc123xyz' });
  assert.deepEqual(parseDeepLink('klaxon:incident/inc_q1'), { incidentId: 'inc_q1' });
  for (const bad of [
    'klaxon://incident/', 'klaxon://incident/inc_a/extra', 'klaxon://incident/svc_123', 'klaxon://settings/inc_a',
    'klaxon://incident/inc_%2e%2e%2f', 'klaxon://incident/..%2f..%2fetc', 'https://incident/inc_a', 'klaxon://incident/inc_%ZZ', 'inc_a',
  ]) {
    assert.equal(parseDeepLink(bad), null, bad);
  }
});

test('the first incident link in a command line is found; flags and paths are skipped', () => {
  assert.deepEqual(findDeepLink(['/opt/Klaxon/klaxon', '--no-sandbox', 'klaxon://incident/inc_abc']), { incidentId: 'inc_abc' });
  assert.deepEqual(findDeepLink(['C:\\Klaxon\\Klaxon.exe', 'KLAXON://incident/inc_abc']), { incidentId: 'inc_abc' });
  assert.equal(findDeepLink(['/opt/Klaxon/klaxon', '--hidden']), null);
  assert.deepEqual(findDeepLink(['x', 'klaxon://incident/bad', 'klaxon://incident/inc_ok']), { incidentId: 'inc_ok' });
});
