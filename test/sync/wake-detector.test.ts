// The wake detector tells the sync manager to reconnect at once when the laptop slept or changed networks, and
// stays quiet otherwise. The clock and the interface list are injected; one test runs the real default clock in
// a child process to show its timer never keeps the host alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { NetworkInterfaceInfo } from 'node:os';
import type { Clock } from '../../src-main/clock.ts';
import type { Logger } from '../../src-main/log.ts';
import { watchForWake, type NetworkChange, type WakeInfo } from '../../src-main/sync/wake-detector.ts';
import { ROOT } from '../support/cli.ts';

/**
 * Wall time and timers as a laptop sees them: `advance` lets time pass awake (due timers fire), `sleep` moves the
 * wall clock while every pending timer waits (monotonic time stands still during a suspend).
 */
class LaptopClock implements Clock {
  wall = Date.UTC(2026, 0, 5, 9, 0, 0);
  private timers: { at: number; fn: () => void }[] = [];
  now(): number { return this.wall; }
  at(atMs: number, fn: () => void): () => void {
    const timer = { at: atMs, fn };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }
  get pending(): number { return this.timers.length; }
  advance(ms: number): void {
    const target = this.wall + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.wall = Math.max(this.wall, next.at);
      next.fn();
    }
    this.wall = target;
  }
  sleep(ms: number): void {
    this.wall += ms;
    for (const t of this.timers) t.at += ms;
  }
  setBack(ms: number): void {
    this.wall -= ms;
  }
}

const iface = (address: string, internal = false): NetworkInterfaceInfo => (address.includes(':')
  ? { address, family: 'IPv6', internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '02:00:00:00:00:01', cidr: null, scopeid: 0 }
  : { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: null });

function setup(interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>, opts: { toleranceMs?: number; throwing?: boolean } = {}) {
  const clock = new LaptopClock();
  const wakes: WakeInfo[] = [];
  const changes: NetworkChange[] = [];
  const logged: string[] = [];
  const log: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const detector = watchForWake({
    clock, intervalMs: 5000, toleranceMs: opts.toleranceMs, listInterfaces: interfaces, log,
    onWake: (w) => { wakes.push(w); if (opts.throwing) throw new Error('sync manager broke'); },
    onNetworkChange: (c) => { changes.push(c); if (opts.throwing) throw new Error('sync manager broke'); },
  });
  return { clock, wakes, changes, logged, detector };
}

const office = () => ({ lo: [iface('127.0.0.1', true), iface('::1', true)], wlan0: [iface('192.168.1.20'), iface('fe80::1')] });

test('an awake laptop on one network never triggers a reconnect', () => {
  const { clock, wakes, changes } = setup(office);
  for (let i = 0; i < 100; i++) clock.advance(5000);
  // An event loop busy for a few seconds delays a tick, but that is no sleep.
  clock.sleep(7000);
  clock.advance(5000);
  assert.deepEqual(wakes, []);
  assert.deepEqual(changes, []);
});

test('a laptop that slept an hour is noticed at the first tick after it wakes, once', () => {
  const { clock, wakes } = setup(office);
  clock.advance(20_000);
  clock.sleep(60 * 60 * 1000);
  assert.deepEqual(wakes, [], 'nothing runs while asleep');
  clock.advance(5000);
  assert.deepEqual(wakes, [{ sleptMs: 60 * 60 * 1000 }]);
  for (let i = 0; i < 20; i++) clock.advance(5000);
  assert.equal(wakes.length, 1);
});

test('how late a tick may be is tunable; a clock set backwards is not a wake', () => {
  const { clock, wakes } = setup(office, { toleranceMs: 1000 });
  clock.sleep(2000);
  clock.advance(5000);
  assert.deepEqual(wakes, [{ sleptMs: 2000 }]);
  clock.setBack(24 * 60 * 60 * 1000);
  clock.advance(5000);
  clock.advance(5000);
  assert.equal(wakes.length, 1);
});

test('a change of non-internal addresses is reported with what came and went; loopback changes are not', () => {
  let current: NodeJS.Dict<NetworkInterfaceInfo[]> = office();
  const { clock, changes } = setup(() => current);
  current = { ...office(), lo: [iface('127.0.0.1', true), iface('127.0.0.2', true)] };
  clock.advance(5000);
  assert.deepEqual(changes, []);
  // Off the office Wi-Fi onto a phone's hotspot.
  current = { lo: [iface('127.0.0.1', true)], wlan0: [iface('172.20.10.3'), iface('fe80::1')] };
  clock.advance(5000);
  assert.deepEqual(changes, [{ added: ['172.20.10.3'], removed: ['192.168.1.20'], addresses: ['172.20.10.3', 'fe80::1'] }]);
  clock.advance(5000);
  assert.equal(changes.length, 1, 'reported once, not every tick');
  // Cable plugged in too: a second interface.
  current = { ...current, eth0: [iface('10.0.0.7')] };
  clock.advance(5000);
  assert.deepEqual(changes[1], { added: ['10.0.0.7'], removed: [], addresses: ['10.0.0.7', '172.20.10.3', 'fe80::1'] });
});

test('waking on another network reports both, and throwing callbacks or a failing lister never stop the watch', () => {
  let current: NodeJS.Dict<NetworkInterfaceInfo[]> = office();
  let failing = false;
  const { clock, wakes, changes, logged } = setup(() => {
    if (failing) throw new Error('uv_interface_addresses failed');
    return current;
  }, { throwing: true });
  clock.sleep(8 * 60 * 60 * 1000);
  current = { wlan0: [iface('10.10.0.9')] };
  clock.advance(5000);
  assert.equal(wakes.length, 1);
  assert.equal(changes.length, 1);
  assert.equal(logged.filter((m) => /sync manager broke/.test(m)).length, 2);

  failing = true;
  for (let i = 0; i < 5; i++) clock.advance(5000);
  assert.equal(logged.filter((m) => /cannot list network interfaces/.test(m)).length, 1, 'an outage is logged once');
  assert.equal(changes.length, 1, 'an unreadable list is not a change');
  failing = false;
  current = { wlan0: [iface('10.10.0.10')] };
  clock.advance(5000);
  assert.deepEqual(changes[1], { added: ['10.10.0.10'], removed: ['10.10.0.9'], addresses: ['10.10.0.10'] });
});

test('stop cancels the timer, also from inside a callback', () => {
  const first = setup(office);
  assert.equal(first.clock.pending, 1);
  first.detector.stop();
  assert.equal(first.clock.pending, 0);
  first.clock.sleep(60 * 60 * 1000);
  first.clock.advance(60_000);
  assert.deepEqual(first.wakes, []);

  const clock = new LaptopClock();
  let wakes = 0;
  const detector = watchForWake({ clock, listInterfaces: office, onWake: () => { wakes++; detector.stop(); }, onNetworkChange: () => {} });
  clock.sleep(60 * 60 * 1000);
  clock.advance(5000);
  assert.equal(wakes, 1);
  assert.equal(clock.pending, 0);
});

test('with the real clock its timer does not keep the process alive', () => {
  const script = `import { watchForWake } from './src-main/sync/wake-detector.ts';
    watchForWake({ intervalMs: 60_000, onWake() {}, onNetworkChange() {} });
    console.log('watching');`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  // A timer holding the process would run into the 20 s timeout (status null); an unref'ed one lets it end now.
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), 'watching');
});
