// The on-call commands work on the data dir while `klaxon serve` runs on it: the host serves what they wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klaxon, serve } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ListSchedulesResponse, Schedule } from '../../src-shared/schemas/oncall.ts';

test('a schedule created by the CLI while serve runs on the same data dir is listed by the host\'s GET /api/schedules within 3 s', async (t) => {
  const dir = tempDir(t);
  const { apiKey } = JSON.parse((await klaxon(['init', '--data-dir', dir, '--json'])).stdout) as { apiKey: string };
  const host = await serve(['--data-dir', dir, '--port', '0', '--no-notify', '--no-sync']);
  t.after(() => host.child.kill('SIGKILL'));
  const listed = async () => ListSchedulesResponse.parse(await (await fetch(`${host.baseUrl}/api/schedules`, { headers: { authorization: `Bearer ${apiKey}` } })).json()).schedules;
  assert.deepEqual(await listed(), []);

  assert.equal((await klaxon(['users', 'create', '--name', 'Alice', '--data-dir', dir])).code, 0);
  const created = await klaxon(['schedules', 'create', '--name', 'Primary', '--zone', 'Europe/Berlin', '--json', '--data-dir', dir,
    '--layer', 'start=2026-03-06T09:00,rotation=weekly,users=Alice']);
  assert.equal(created.code, 0, created.stderr);
  const written = Date.now();
  const s = Schedule.parse(JSON.parse(created.stdout));

  let seen: Schedule[] = [];
  while (Date.now() - written < 3000) {
    seen = await listed();
    if (seen.some((x) => x.id === s.id)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(seen.map((x) => [x.id, x.name, x.timeZone]), [[s.id, 'Primary', 'Europe/Berlin']], `listed ${Date.now() - written} ms after the CLI exited`);

  host.child.kill('SIGTERM');
  assert.equal(await host.exited, 0);
});
