// The "Calendar feed" button against the fake API: the first ask shows the URL to copy; asked again, the host says a
// URL exists (it keeps only a hash) and the button offers to make a new one, which asks with rotate; a refusal of
// that is shown as the host words it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { componentTests, eventually } from './support/dom.ts';
import { createFakeApi, type FakeApi } from './support/fake-api.ts';

const { screen, fireEvent, createElement, renderWithApi } = await componentTests();
const { CalendarFeedButton } = await import('../../src-renderer/oncall/CalendarFeedButton.tsx');
const { KlaxonError } = await import('../../src-shared/schemas/errors.ts');

let api: FakeApi;
let made = 0;
beforeEach(() => {
  made = 0;
  api = createFakeApi();
  api.handle('calendar.feed', async (input) => {
    const { kind, id, rotate } = input as { kind: 'schedule'; id: string; rotate?: boolean };
    if (made > 0 && !rotate) throw new KlaxonError('CONFLICT', 'The calendar feed of Primary was made … rotate it');
    made++;
    return { kind, id, url: `http://127.0.0.1:8977/api/schedules/${id}/calendar.ics?token=t${made}`, createdAt: '2026-03-02T10:00:00.000Z' };
  });
});

const renderButton = () => renderWithApi(api, createElement(CalendarFeedButton, { kind: 'schedule', id: 'sch_1', name: 'Primary' }));

test('the first ask shows the URL once, with Copy', async () => {
  renderButton();
  fireEvent.click(screen.getByRole('button', { name: 'Calendar feed' }));
  await eventually(() => assert.equal(screen.getByLabelText('Feed URL').textContent, 'http://127.0.0.1:8977/api/schedules/sch_1/calendar.ics?token=t1'));
  assert.ok(screen.getByRole('button', { name: 'Copy feed URL' }));
  assert.deepEqual(api.calls.map((c) => c.input), [{ kind: 'schedule', id: 'sch_1', rotate: false }]);
});

test('asked again: a URL exists; "Make a new URL" rotates it and shows the new one', async () => {
  made = 1;
  renderButton();
  fireEvent.click(screen.getByRole('button', { name: 'Calendar feed' }));
  await eventually(() => assert.match(screen.getByRole('alert').textContent ?? '', /rotate it/));
  assert.ok(!screen.queryByLabelText('Feed URL'));
  fireEvent.click(screen.getByRole('button', { name: 'Make a new URL' }));
  await eventually(() => assert.match(screen.getByLabelText('Feed URL').textContent ?? '', /token=t2$/));
  assert.deepEqual(api.calls.map((c) => (c.input as { rotate: boolean }).rotate), [false, true]);
});

test('a refused new URL is shown as the host words it, with no further offer', async () => {
  api.handle('calendar.feed', async () => { throw new KlaxonError('FORBIDDEN', 'This API key lacks the admin scope'); });
  renderButton();
  fireEvent.click(screen.getByRole('button', { name: 'Calendar feed' }));
  await eventually(() => screen.getByRole('button', { name: 'Make a new URL' }));
  fireEvent.click(screen.getByRole('button', { name: 'Make a new URL' }));
  // Asking again hides the first refusal at once: wait for the second one, then look that nothing is offered.
  await eventually(() => assert.ok(screen.queryByRole('alert') && !screen.queryByRole('button', { name: 'Make a new URL' })));
  assert.equal(screen.getByRole('alert').textContent, 'This API key lacks the admin scope');
  assert.ok(!screen.queryByLabelText('Feed URL'));
});
