// The Notifier port over Electron's Notification (macOS/Windows), with a fake Notification class: what a page
// shows, that repeats replace instead of stacking, that clicks and action buttons reach the pager, and withdraw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createElectronNotifier, type ElectronNotificationOptions, type NotificationLike } from '../../src-main/desktop/electron-notifier.ts';
import type { PageNotification } from '../../src-main/pager/notifier.ts';

class FakeNotification extends EventEmitter {
  shown = false;
  closed = false;
  readonly options: ElectronNotificationOptions;
  constructor(options: ElectronNotificationOptions) { super(); this.options = options; }
  show() { this.shown = true; }
  close() { if (!this.closed) { this.closed = true; this.emit('close'); } }
}

function setup(platform: NodeJS.Platform) {
  const made: FakeNotification[] = [];
  const failures: string[] = [];
  const notifier = createElectronNotifier({
    createNotification: (o) => { const n = new FakeNotification(o); made.push(n); return n as unknown as NotificationLike; },
    platform,
    onFailure: (id, e) => failures.push(`${id}: ${e}`),
  });
  const actions: [string, string][] = [];
  notifier.onAction((id, a) => actions.push([id, a]));
  return { notifier, made, actions, failures };
}

const high: PageNotification = {
  incidentId: 'inc_db', title: 'Database down', body: 'API Gateway · db-1', urgency: 'critical', sound: true, actions: ['acknowledge', 'snooze'],
};

test('a HIGH page is critical, never times out, and on macOS offers Acknowledge and Snooze', async () => {
  const { notifier, made, actions } = setup('darwin');
  assert.equal(notifier.name, 'electron');
  await notifier.notify(high);
  const n = made[0]!;
  assert.equal(n.shown, true);
  assert.equal(n.options.title, 'Database down');
  assert.equal(n.options.body, 'API Gateway · db-1');
  assert.equal(n.options.urgency, 'critical');
  assert.equal(n.options.timeoutType, 'never');
  assert.equal(n.options.silent, false);
  assert.deepEqual(n.options.actions.map((a) => a.text), ['Acknowledge', 'Snooze 15 min']);

  n.emit('action', {}, 0);
  n.emit('action', {}, 1);
  n.emit('action', {}, 5);
  n.emit('click');
  assert.deepEqual(actions, [['inc_db', 'acknowledge'], ['inc_db', 'snooze'], ['inc_db', 'open']]);
});

test('on Windows there are no buttons, but a click still opens the incident; LOW pages time out and may be silent', async () => {
  const { notifier, made, actions } = setup('win32');
  await notifier.notify({ ...high, incidentId: 'inc_low', urgency: 'normal', sound: false });
  const n = made[0]!;
  assert.deepEqual(n.options.actions, []);
  assert.equal(n.options.timeoutType, 'default');
  assert.equal(n.options.silent, true);
  n.emit('click');
  assert.deepEqual(actions, [['inc_low', 'open']]);
});

test('a repeat replaces the shown notification; withdraw and close take them away', async () => {
  const { notifier, made, failures } = setup('darwin');
  await notifier.notify(high);
  await notifier.notify(high);
  assert.equal(made.length, 2);
  assert.equal(made[0]!.closed, true, 'the first is replaced, not stacked');
  assert.equal(made[1]!.closed, false);

  await notifier.notify({ ...high, incidentId: 'inc_other' });
  await notifier.withdraw('inc_db');
  assert.equal(made[1]!.closed, true, 'withdrawn after acknowledge');
  assert.equal(made[2]!.closed, false, 'other incidents stay');

  made[2]!.emit('failed', {}, 'toast refused');
  assert.deepEqual(failures, ['inc_other: toast refused']);

  await notifier.close();
  assert.equal(made[2]!.closed, true);
  await notifier.notify(high);
  assert.equal(made.length, 3, 'nothing is shown after close');
});
