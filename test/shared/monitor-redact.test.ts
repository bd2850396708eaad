// The rule of what a monitor's secrets are (src-shared/domain/monitors/redact.ts): URL userinfo is removed wherever a
// URL appears in text — an unescaped "@" in a password included — and secret-looking query values are hidden, while
// the rest of the URL, and text without URLs, is left as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutCredentials, detailsWithoutCredentials, redactMonitor } from '../../src-shared/domain/monitors/redact.ts';
import type { Monitor } from '../../src-shared/schemas/monitors.ts';

test('URL credentials are removed from any text; the rest stays', () => {
  assert.equal(withoutCredentials('https://bot:p@ss@shop.example.com/health?x=1'), 'https://shop.example.com/health?x=1');
  assert.equal(withoutCredentials('down: GET http://u:pw@10.0.0.5:8080/a@b then HTTP://ME@h/'), 'down: GET http://10.0.0.5:8080/a@b then HTTP://h/');
  assert.equal(withoutCredentials('https://h/p?api_key=abc&page=2&X-Amz-Signature=f00#top'), 'https://h/p?api_key=(hidden)&page=2&X-Amz-Signature=(hidden)#top');
  assert.equal(withoutCredentials('HTTP 500 (expected 200-299) from user@example.com'), 'HTTP 500 (expected 200-299) from user@example.com');
  assert.deepEqual(detailsWithoutCredentials({ url: 'http://a:b@h/', status: 500, hops: ['http://c:d@h2/'], nested: { lastUrl: 'http://e@h3/' } }),
    { url: 'http://h/', status: 500, hops: ['http://h2/'], nested: { lastUrl: 'http://h3/' } });
});

test('a redacted monitor keeps its shape: header names, whether there is a body, where it points; no push URL', () => {
  const m: Monitor = {
    id: 'mon_1', name: 'n', type: 'http', serviceId: 's', intervalSeconds: 30, runnerDeviceId: 'd', paused: false, createdAt: '', createdBy: '',
    lastReportAt: null, notBeingChecked: false, openIncidentId: null, heartbeatUrl: 'http://h/api/heartbeats/t',
    config: { type: 'http', url: 'https://u:p@h/x', headers: { Authorization: 'Bearer k', 'X-Env': 'prod' }, body: null, method: 'GET' },
    check: { state: 'down', since: '', lastBeatAt: null, message: 'could not reach https://u:p@h/x' },
  };
  const r = redactMonitor(m);
  assert.equal(r.heartbeatUrl, undefined);
  assert.ok(!('heartbeatUrl' in r));
  assert.deepEqual(r.config, { type: 'http', url: 'https://h/x', headers: { Authorization: '(hidden)', 'X-Env': '(hidden)' }, body: null, method: 'GET' });
  assert.equal(r.check?.message, 'could not reach https://h/x');
  assert.equal(redactMonitor({ ...m, config: { ...m.config, body: 'secret' } }).config.body, '(hidden)');
});
