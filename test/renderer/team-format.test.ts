// How the Team page words a device: online, "last seen 5 min ago", "never seen", revoked, and how far behind it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, behindText, presenceText } from '../../src-renderer/team/format.ts';
import type { DeviceStatus } from '../../src-shared/schemas/team.ts';

const NOW = Date.parse('2024-01-15T10:30:00Z');
const minutesBefore = (m: number) => new Date(NOW - m * 60_000).toISOString();
const device = (over: Partial<DeviceStatus>): DeviceStatus => ({
  deviceId: 'abcdefghijklmnop', name: 'laptop-b', userId: 'usr_1', userName: 'Bob', role: 'member', self: false, revoked: false,
  revokedAt: null, addresses: [], connected: false, lastSeenAt: null, behind: null, lastError: null, ...over,
});

test('ages read as a person says them', () => {
  assert.equal(ago(minutesBefore(0.5), NOW), 'just now');
  assert.equal(ago(minutesBefore(5), NOW), '5 min ago');
  assert.equal(ago(minutesBefore(59), NOW), '59 min ago');
  assert.equal(ago(minutesBefore(61), NOW), '1 h ago');
  assert.equal(ago(minutesBefore(24 * 60), NOW), '1 day ago');
  assert.equal(ago(minutesBefore(3 * 24 * 60 + 5), NOW), '3 days ago');
  assert.equal(ago(new Date(NOW + 90_000).toISOString(), NOW), 'just now', 'a clock a little ahead is not "in the future"');
});

test('a device is this one, online, last seen, never seen, or revoked', () => {
  assert.equal(presenceText(device({ self: true, lastSeenAt: minutesBefore(0) }), NOW), 'This device');
  assert.equal(presenceText(device({ connected: true, lastSeenAt: minutesBefore(0) }), NOW), 'Online');
  assert.equal(presenceText(device({ lastSeenAt: minutesBefore(5) }), NOW), 'Last seen 5 min ago');
  assert.equal(presenceText(device({}), NOW), 'Never seen');
  assert.equal(presenceText(device({ revoked: true, revokedAt: minutesBefore(120), connected: true }), NOW), 'Revoked 2 h ago');
});

test('how far behind: counted ops, up to date, or nothing to say', () => {
  assert.equal(behindText(device({ behind: 0 })), 'Up to date');
  assert.equal(behindText(device({ behind: 1 })), '1 op behind');
  assert.equal(behindText(device({ behind: 42 })), '42 ops behind');
  assert.equal(behindText(device({ behind: null })), null, 'never heard from');
  assert.equal(behindText(device({ self: true, behind: 0 })), null);
  assert.equal(behindText(device({ revoked: true, behind: 7 })), null);
});
