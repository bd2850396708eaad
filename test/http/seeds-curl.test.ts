// The seeds' curl commands, run by the real curl against the real `klaxon serve` process, exactly as a newcomer
// would paste them: only the host, the API key, the routing key and the example incident id are replaced in the
// command text. (A --write-out flag is appended to read the status code.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { klaxon, serve, type Served } from '../support/cli.ts';
import { makeTempDir, removeDir, fetchJson } from '../support/server.ts';
import { readSeed } from './seed-examples.ts';

const CURL = '/usr/bin/curl';

/** The raw text of each ```bash block that starts with curl, in order. */
function curlCommands(seedFile: string): string[] {
  return [...readSeed(seedFile).matchAll(/```bash\n(curl[\s\S]*?)\n```/g)].map((m) => m[1]!);
}

/** Runs one command line in bash with no proxy (loopback only), returning the body and the status code. */
function runShell(command: string): Promise<{ status: number; body: unknown; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: '*', no_proxy: '*' };
    for (const k of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[k];
    const child = spawn('bash', ['-c', `${command} --silent --show-error --max-time 30 --write-out '\\n%{http_code}'`], { env });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { err += d; });
    child.on('error', reject);
    child.on('close', () => {
      const nl = out.lastIndexOf('\n');
      const text = out.slice(0, nl);
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* keep text */ }
      resolve({ status: Number(out.slice(nl + 1)), body, stderr: err });
    });
  });
}

describe('seed curl commands against `klaxon serve`', () => {
  let dataDir: string;
  let served: Served;
  let init: { serviceId: string; routingKey: string; apiKey: string };
  before(async () => {
    assert.ok(existsSync(CURL), `${CURL} is needed (Debian package curl; scripts/provision.sh installs it)`);
    dataDir = makeTempDir();
    const res = await klaxon(['init', '--data-dir', dataDir, '--json']);
    assert.equal(res.code, 0, res.stderr);
    init = JSON.parse(res.stdout);
    served = await serve(['--data-dir', dataDir, '--port', '0', '--no-notify']);
  });
  after(async () => {
    if (served) {
      served.child.kill('SIGTERM');
      await served.exited;
    }
    if (dataDir) removeDir(dataDir);
  });

  const fill = (command: string, incidentId?: string) => command
    .replaceAll(/https:\/\/your-[a-z]+\.com/g, served.baseUrl)
    .replaceAll('YOUR_API_KEY', init.apiKey)
    .replaceAll('"SERVICE_ROUTING_KEY"', JSON.stringify(init.routingKey))
    .replaceAll('"abc123"', JSON.stringify(init.routingKey))
    .replaceAll('inc_abc123', incidentId ?? 'inc_abc123');

  it('seeds 000 and 003: trigger, acknowledge, resolve', async () => {
    for (const [seed, dedupKey] of [['seed-000-incidents.md', 'cpu-high'], ['seed-003-events-api.md', 'server-cpu-high']] as const) {
      const commands = curlCommands(seed);
      assert.equal(commands.length, 3, `${seed} has three curl examples`);
      let incidentKey: string | undefined;
      for (const [i, expected] of ['triggered', 'acknowledged', 'resolved'].entries()) {
        const res = await runShell(fill(commands[i]!));
        assert.equal(res.status, 202, `${seed} #${i}: ${JSON.stringify(res.body)} ${res.stderr}`);
        const body = res.body as { status: string; message: string; dedup_key: string; incident_key: string };
        assert.equal(body.status, 'success');
        assert.equal(body.message, 'Event processed');
        assert.equal(body.dedup_key, dedupKey);
        incidentKey ??= body.incident_key;
        assert.equal(body.incident_key, incidentKey);
        const incident = await fetchJson(served.baseUrl, `/api/incidents/${incidentKey}`, { key: init.apiKey });
        assert.equal(incident.body.status, expected, `${seed} #${i}`);
      }
    }
  });

  it('seed 001: list, get and patch', async () => {
    const [list, get, patch] = curlCommands('seed-001-incidents-api.md');
    const trigger = await fetchJson(served.baseUrl, '/v2/enqueue', {
      body: { routing_key: init.routingKey, event_action: 'trigger', dedup_key: 'seed-001', payload: { summary: 'Database timeout', source: 'db', severity: 'critical' } },
    });
    const id = (await fetchJson(served.baseUrl, '/api/incidents?q=seed-001', { key: init.apiKey })).body.incidents[0].id as string;
    assert.equal(trigger.status, 202);

    const listed = await runShell(fill(list!));
    assert.equal(listed.status, 200, listed.stderr);
    const page = listed.body as { incidents: { id: string; status: string; urgency: string; service: { id: string; name: string }; assignee: null }[]; total: number };
    assert.ok(page.incidents.some((i) => i.id === id));
    assert.ok(page.incidents.every((i) => i.status === 'triggered'));
    assert.equal(typeof page.total, 'number');

    const got = await runShell(fill(get!, id));
    assert.equal(got.status, 200);
    assert.equal((got.body as { title: string }).title, 'Database timeout');

    const patched = await runShell(fill(patch!, id));
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((patched.body as { status: string }).status, 'acknowledged');
  });
});
