// A real notification daemon: dunst on a virtual X screen (Xvfb), on a private session bus, with dbus-monitor
// watching the bus. Klaxon's Notify call must be one that a real server shows, its Acknowledge button (picked through
// dunst's own context menu) must acknowledge the incident, and an acknowledge made elsewhere must take the bubble
// off the screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { startSessionBus, type SessionBus } from '../support/session-bus.ts';
import { teardownStack } from './teardown.ts';
import { startServer, fetchJson, pollUntil, makeTempDir, removeDir, type TestServer } from '../support/server.ts';

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Desktop { env: NodeJS.ProcessEnv; monitor: () => string; dunstctl(...args: string[]): Promise<string> }

/** Xvfb + dunst (with a context-menu picker that chooses "Acknowledge") + dbus-monitor, all on `bus`. */
async function startDesktop(cleanup: (fn: () => unknown) => void, bus: SessionBus): Promise<Desktop> {
  const dir = makeTempDir('klaxon-dunst-');
  cleanup(() => removeDir(dir));
  const children: ChildProcess[] = [];
  cleanup(async () => { for (const c of children.reverse()) await stopChild(c); });

  // Xvfb picks a free display and writes its number on fd 3.
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '800x600x24'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  children.push(xvfb);
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb gave no display number')), 15_000);
    (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) { clearTimeout(timer); resolve(`:${out.trim()}`); }
    });
    xvfb.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${code})`)); });
  });
  const env = { ...process.env, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: bus.address };

  // dunst's context menu hands the actions to a "dmenu" program; ours chooses the Acknowledge line, as a user would.
  const picker = path.join(dir, 'pick-acknowledge.sh');
  writeFileSync(picker, '#!/bin/sh\ngrep -m1 "^#Acknowledge"\n');
  chmodSync(picker, 0o755);
  const rc = path.join(dir, 'dunstrc');
  writeFileSync(rc, `[global]\n    dmenu = ${picker}\n`);
  const dunst = spawn('dunst', ['-config', rc], { env, stdio: 'ignore' });
  children.push(dunst);
  const dunstctl = async (...args: string[]) => {
    const r = await run('dunstctl', args, env);
    if (r.code !== 0) throw new Error(`dunstctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  await pollUntil(() => dunstctl('count', 'displayed').then(() => true), { message: 'dunst never answered on the bus' });

  const monitor = spawn('dbus-monitor', ['--address', bus.address, "interface='org.freedesktop.Notifications'"], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(monitor);
  let seen = '';
  monitor.stdout.on('data', (d: Buffer) => { seen += d.toString(); });
  await pollUntil(() => seen.includes('NameLost'), { message: 'dbus-monitor never became a monitor' });
  return { env, monitor: () => seen, dunstctl };
}

/** dbus-monitor's output, one entry per message. */
const messages = (text: string) => text.split(/\n(?=method call|method return|signal|error)/);

async function incident(s: TestServer, dedupKey: string) {
  const res = await fetchJson(s.baseUrl, '/api/incidents?limit=200', { key: s.adminKey });
  return (res.body.incidents as { id: string; dedupKey: string; status: string; acknowledgedBy: string | null }[]).find((i) => i.dedupKey === dedupKey);
}

test('dunst shows the page; its Acknowledge acknowledges; an acknowledge elsewhere takes the bubble away', async (t) => {
  const cleanup = teardownStack(t);
  const bus = await startSessionBus();
  cleanup(() => bus.stop());
  const desktop = await startDesktop(cleanup, bus);
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  cleanup(() => { if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS; else process.env.DBUS_SESSION_BUS_ADDRESS = saved; });
  const klaxon = await startServer({ notifier: 'auto', serviceName: 'Payments' });
  cleanup(() => klaxon.close());
  assert.equal(klaxon.klaxon.pager.notifierName, 'dbus');

  const send = (dedupKey: string, summary: string) => fetchJson(klaxon.baseUrl, '/v2/enqueue', {
    body: { routing_key: klaxon.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary, source: 'pay-1', severity: 'critical' } },
  });
  assert.equal((await send('card-declines', 'Card declines above 5%')).status, 202);

  const notify = await pollUntil(() => messages(desktop.monitor()).find((m) => m.includes('member=Notify') && m.includes('string "Card declines above 5%"')),
    { message: 'dbus-monitor saw no Notify call carrying the summary' });
  assert.match(notify, /string "Klaxon"/);
  assert.match(notify, /string "urgency"\s+variant\s+byte 2/);
  assert.match(notify, /string "acknowledge"\s+string "Acknowledge"/);
  await pollUntil(async () => (await desktop.dunstctl('count', 'displayed')) === '1', { message: 'dunst is not showing the page' });

  await desktop.dunstctl('context'); // the context menu; the picker chooses Acknowledge
  const acked = await pollUntil(async () => {
    const i = await incident(klaxon, 'card-declines');
    return i?.status === 'acknowledged' && i;
  }, { message: 'the API never reported the incident acknowledged' });
  assert.equal(acked.acknowledgedBy, 'user:me');
  await pollUntil(async () => (await desktop.dunstctl('count', 'displayed')) === '0', { message: 'the bubble stayed up' });

  // Acknowledged through the API (another device, the window): the pager withdraws the bubble.
  assert.equal((await send('refunds', 'Refund queue stuck')).status, 202);
  await pollUntil(async () => (await desktop.dunstctl('count', 'displayed')) === '1', { message: 'dunst is not showing the second page' });
  const refunds = await incident(klaxon, 'refunds');
  const patched = await fetchJson(klaxon.baseUrl, `/api/incidents/${refunds!.id}`, { method: 'PATCH', key: klaxon.adminKey, body: { status: 'ACKNOWLEDGED' } });
  assert.equal(patched.status, 200, patched.text);
  await pollUntil(() => messages(desktop.monitor()).some((m) => m.includes('member=CloseNotification')), { message: 'no CloseNotification call' });
  await pollUntil(async () => (await desktop.dunstctl('count', 'displayed')) === '0', { message: 'the bubble stayed up after the acknowledge' });
});
