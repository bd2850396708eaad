// Settings → Prometheus metrics: the scrape job to paste names this host and a metrics:read key; ticking Public
// warns what anyone on the network would see, drops the key from the job, and saves metrics.public.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prometheusSnippet } from '../../src-renderer/settings/snippets.ts';
import { componentTests, eventually, userDoes } from './support/dom.ts';
import { createFakeApi } from './support/fake-api.ts';

test('the scrape job targets the host as this machine reaches it, with a key unless metrics are public', () => {
  assert.equal(prometheusSnippet('http://127.0.0.1:8977', false), [
    'scrape_configs:',
    '  - job_name: klaxon',
    '    authorization:',
    '      credentials: <an API key with the metrics:read scope>',
    '    static_configs:',
    "      - targets: ['127.0.0.1:8977']",
  ].join('\n'));
  assert.match(prometheusSnippet('http://0.0.0.0:9000', true), /targets: \['127\.0\.0\.1:9000'\]/);
  assert.doesNotMatch(prometheusSnippet('http://0.0.0.0:9000', true), /credentials/);
});

const { screen, fireEvent, within, createElement, renderWithApi } = await componentTests();
const { MetricsForm } = await import('../../src-renderer/settings/MetricsSection.tsx');

test('ticking Public warns, shows the job without a key, and saves metrics.public', async () => {
  const api = createFakeApi();
  api.handle('settings.update', async () => ({}));
  await userDoes(() => renderWithApi(api, createElement(MetricsForm, { initialPublic: false, baseUrl: 'http://127.0.0.1:8977' })));
  const form = screen.getByRole('form', { name: 'Prometheus metrics' });
  const job = () => within(form).getByLabelText('Prometheus scrape job').textContent ?? '';
  assert.match(job(), /credentials: <an API key with the metrics:read scope>/);
  assert.equal(within(form).queryByText(/Anyone who can reach this listener/), null);
  assert.equal((within(form).getByRole('button', { name: 'Save metrics' }) as HTMLButtonElement).disabled, true, 'nothing to save yet');

  await userDoes(() => fireEvent.click(within(form).getByLabelText('Public: no key needed')));
  assert.ok(within(form).getByText(/Anyone who can reach this listener will see how many incidents are open/));
  assert.doesNotMatch(job(), /credentials/);
  await userDoes(() => fireEvent.click(within(form).getByRole('button', { name: 'Save metrics' })));
  await eventually(() => assert.equal(within(form).getByRole('status').textContent, 'Saved'));
  assert.deepEqual(api.calls.find((c) => c.method === 'settings.update')?.input, { metrics: { public: true } });
});
