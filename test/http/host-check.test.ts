// The Host rule for the API (DNS-rebinding defence), including the cases a test cannot bind for safely: a wildcard
// bind (reachable from the network) and names an operator allows through KLAXON_ALLOWED_HOSTS.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { apiHostAllowed, extraAllowedHosts } from '../../src-main/http/host-check.ts';

it('on a loopback bind: loopback names, IP literals and this machine pass; foreign names do not', () => {
  const extra = extraAllowedHosts({});
  for (const host of ['127.0.0.1:8977', 'localhost:8977', 'localhost', '[::1]:8977', '192.168.1.20:8977', `${hostname()}:8977`, undefined]) {
    assert.equal(apiHostAllowed(host, '127.0.0.1', extra), true, `Host ${host}`);
  }
  for (const host of ['evil.example', 'evil.example:8977', 'localhost.evil.example', 'klaxon.internal:8977', '']) {
    assert.equal(apiHostAllowed(host, '127.0.0.1', extra), false, `Host ${host}`);
  }
});

it('KLAXON_ALLOWED_HOSTS adds names (comma-separated, any case)', () => {
  const extra = extraAllowedHosts({ KLAXON_ALLOWED_HOSTS: ' Klaxon.Internal , relay.example ' });
  assert.equal(apiHostAllowed('klaxon.internal:8977', '127.0.0.1', extra), true);
  assert.equal(apiHostAllowed('RELAY.example', '127.0.0.1', extra), true);
  assert.equal(apiHostAllowed('evil.example', '127.0.0.1', extra), false);
});

it('on a wildcard bind the API serves any Host name (its keys protect it)', () => {
  const extra = extraAllowedHosts({});
  for (const bind of ['0.0.0.0', '::']) assert.equal(apiHostAllowed('klaxon.internal:8977', bind, extra), true, bind);
  assert.equal(apiHostAllowed('klaxon.internal:8977', '10.0.0.5', extra), false, 'a specific bind address keeps the rule');
});
