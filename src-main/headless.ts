#!/usr/bin/env node
// The `klaxon` command: the whole app without Electron (`serve`: relay, CI, browser mode) and the admin commands.
// Each command imports what only it needs when it runs (the receiver and pager for `serve`, the admin commands for
// theirs): a `klaxon keys list` never loads Fastify, and `serve` never parses the admin commands.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createEngine } from './engine/engine.ts';
import { systemClock } from './clock.ts';
import { stderrLogger } from './log.ts';
import { commonOptions, dataDirFrom, portFrom, UsageError } from './cli/args.ts';
import { initialise, describeInit } from './cli/init.ts';
import { writeRuntimeInfo, removeRuntimeInfo, findRunningHost } from './runtime-file.ts';
import { KLAXON_VERSION } from './version.ts';
import { KlaxonError } from '../src-shared/schemas/errors.ts';

const HELP = `klaxon ${KLAXON_VERSION} — on-call incidents on your own machine

usage:
  klaxon serve [--data-dir DIR] [--port N] [--host ADDR] [--sync-port N] [--sync-host ADDR] [--no-sync] [--no-notify] [--durability full|normal]
               [--status-port N [--status-host ADDR]]   (a second listener serving only the public /status/ pages and heartbeat pushes)
  klaxon init [--data-dir DIR] [--json]
  klaxon open [--data-dir DIR] [--print]
  klaxon keys create --scopes events:write,incidents:read,incidents:write,metrics:read,admin [--name N] [--json]
  klaxon keys list [--json] | klaxon keys revoke ID
  klaxon sessions list [--json] | klaxon sessions revoke ID [--json]
  klaxon services create --name N [--json] | klaxon services list [--json]
  klaxon services set SERVICE [--policy POLICY|none] [--ack-timeout MIN|none] [--auto-resolve MIN|none] [--support-hours ZONE,DAYS,HH:MM-HH:MM|none]
  klaxon maintenance create --title T [--start ISO|now] (--end ISO | --for 2h) [--service ID|NAME]… [--impact I] [--message M] [--json]
  klaxon maintenance list [--all] [--json] | klaxon maintenance cancel ID [--json]
  klaxon status-pages add --name N --slug S [--service ID|NAME]… [--publish] [--description D] | list | show PAGE | rm PAGE | withdraw PAGE INCIDENT   (--json)
  klaxon team create --name NAME | invite [--expires 24h] [--admin] | join INVITE [--name DEVICE] | status
  klaxon team revoke DEVICE_ID | connect HOST:PORT | invites [revoke ID]     (all take --data-dir, --json)
  klaxon oncall [--at ISO] [--json]     who is on call now (or then), until when, and each escalation level
  klaxon users list | create --name N                                          (all take --data-dir, --json)
  klaxon schedules list | show SCHEDULE | create --name N --zone TZ [--layer SPEC]… | delete SCHEDULE
  klaxon schedules shifts SCHEDULE [--from ISO] [--to ISO] | override SCHEDULE --user PERSON [--start ISO|now] (--end ISO | --for 2h)
  klaxon schedules remove-override SCHEDULE OVERRIDE_ID
  klaxon policies list | show POLICY | create --name N --level 'delay=5,targets=schedule:S+user:P'… [--repeat N] | delete POLICY
  klaxon incidents escalate INCIDENT_ID [--json]
  klaxon monitors list | show MONITOR | add http|tcp|heartbeat --name N --service S … | pause|resume|rm MONITOR
  klaxon monitors results MONITOR [--from ISO] [--to ISO]     (all take --json; \`klaxon monitors --help\`: every flag)
  klaxon actions list | add --name N --event E… [--service S]… [--timeout S] [--shell] -- PROGRAM [ARG]… | remove | test | runs ID
  --layer SPEC: start=2026-03-06T09:00,rotation=hourly|daily|weekly,turns=1,users=Alice+Bob[,restrict=weekly:mon@09:00-fri@17:00][,end=…]
  (\`klaxon schedules --help\`, \`klaxon policies --help\`: the SPECs in full; people, schedules, policies by id or exact name)

environment: KLAXON_DATA_DIR, KLAXON_HOST, KLAXON_PORT, KLAXON_SYNC_HOST, KLAXON_SYNC_PORT, KLAXON_STATUS_HOST,
             KLAXON_STATUS_PORT (flags win).
defaults: data dir is the per-user app data folder (Linux ~/.config/Klaxon); host 127.0.0.1; port 8977;
          sync (once this device is in a team): all interfaces, port 8978; status listener: off (host 127.0.0.1 when on).`;

const log = stderrLogger();
const out = (s: string): void => { process.stdout.write(`${s}\n`); };

/**
 * The built window (dist/renderer), if there is one. This file runs from src-main/ and, compiled, from
 * dist/headless/, so the window is found from the app's folder (the nearest one up holding package.json) rather than
 * from a path relative to this file.
 */
function findRendererDir(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const rendererDir = path.join(dir, 'dist', 'renderer');
      return existsSync(rendererDir) ? rendererDir : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

async function withEngine<T>(dataDir: string, fn: (e: ReturnType<typeof createEngine>) => Promise<T>): Promise<T> {
  const engine = createEngine({ dataDir, clock: systemClock, log });
  try { return await fn(engine); } finally { await engine.close(); }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args, options: {
      ...commonOptions, port: { type: 'string' }, host: { type: 'string' }, 'no-notify': { type: 'boolean', default: false },
      durability: { type: 'string' }, 'fake-clock': { type: 'boolean', default: false },
      'sync-port': { type: 'string' }, 'sync-host': { type: 'string' }, 'no-sync': { type: 'boolean', default: false },
      'status-port': { type: 'string' }, 'status-host': { type: 'string' },
    },
  });
  if (values.help) return out(HELP);
  const dataDir = dataDirFrom(values['data-dir']);
  const durability = values.durability ?? 'full';
  if (durability !== 'full' && durability !== 'normal') throw new UsageError('--durability is full or normal');
  // A fake clock is a test hook: it needs KLAXON_TEST_HOOKS=1 as well, so no flag alone can put a real host on it.
  if (values['fake-clock'] && process.env.KLAXON_TEST_HOOKS !== '1') throw new UsageError('--fake-clock needs KLAXON_TEST_HOOKS=1');

  // One host per data dir: a second one (or the desktop app) would page twice and fight over the port file.
  const running = await findRunningHost(dataDir);
  if (running && running.pid !== process.pid) {
    throw new UsageError(`another Klaxon (pid ${running.pid}) is already serving ${dataDir} at ${running.baseUrl}`);
  }

  const first = await withEngine(dataDir, initialise);
  if (first) out(describeInit(first, dataDir));

  const host = values.host ?? process.env.KLAXON_HOST;
  const { createKlaxon } = await import('./app.ts');
  let pendingSync: string | null = null;
  const syncPort = portFrom(values['sync-port'] ?? process.env.KLAXON_SYNC_PORT, {}, '--sync-port');
  const syncHost = values['sync-host'] ?? process.env.KLAXON_SYNC_HOST;
  const statusListen = statusListenFrom(values['status-host'] ?? process.env.KLAXON_STATUS_HOST, values['status-port'] ?? process.env.KLAXON_STATUS_PORT);
  let runtime: { pid: number; baseUrl: string; startedAt: string; sync: string | null } | null = null;
  const klaxon = await createKlaxon({
    sync: values['no-sync'] ? false : { host: syncHost, port: syncPort },
    onSyncListening: (address) => { if (runtime) writeRuntimeInfo(dataDir, { ...runtime, sync: address }); else pendingSync = address; },
    dataDir, host, port: portFrom(values.port), log, durability,
    notifier: values['no-notify'] ? 'none' : 'auto',
    rendererDir: findRendererDir(),
    testHooks: values['fake-clock'],
    statusListen,
  });
  // Signal handlers first: a supervisor may signal us the moment it reads the "listening" line.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight requests and closing the database`);
    klaxon.close().then(() => {
      removeRuntimeInfo(dataDir);
      log.info('stopped');
      process.exit(0);
    }, (e: unknown) => {
      log.error(`stopping failed: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  runtime = { pid: process.pid, baseUrl: klaxon.baseUrl, startedAt: new Date().toISOString(), sync: pendingSync };
  writeRuntimeInfo(dataDir, runtime);
  if (!LOOPBACK.has(klaxon.address.host)) log.warn(`listening on ${klaxon.address.host}: other machines can reach this receiver (API keys still required)`);
  log.info(`listening on ${klaxon.baseUrl} (data: ${dataDir}, notifier: ${klaxon.pager.notifierName})`);
  if (klaxon.statusAddress) {
    const { host: h, port: p } = klaxon.statusAddress;
    log.info(`status pages on http://${h.includes(':') ? `[${h}]` : h}:${p}/status/<slug> (that listener serves nothing else)`);
  }
}

/** The status listener's address: a port turns it on; a host alone is a mistake worth saying. */
function statusListenFrom(host: string | undefined, port: string | undefined): { host: string; port: number } | undefined {
  if (port === undefined) {
    if (host !== undefined) throw new UsageError('--status-host needs --status-port');
    return undefined;
  }
  return { host: host ?? '127.0.0.1', port: portFrom(port, {}, '--status-port')! };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve': return serve(args);
    case 'init': {
      const { values } = parseArgs({ args, options: commonOptions });
      const dataDir = dataDirFrom(values['data-dir']);
      const r = await withEngine(dataDir, initialise);
      if (!r) {
        if (values.json) out(JSON.stringify({ initialised: false, dataDir, message: 'already initialised; nothing changed' }));
        else out(`${dataDir} is already initialised; nothing changed. (\`klaxon services list\`, \`klaxon keys list\`)`);
        return;
      }
      return out(values.json ? JSON.stringify(r) : describeInit(r, dataDir));
    }
    case 'keys': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...commonOptions, scopes: { type: 'string' }, name: { type: 'string' } } });
      const { keysCommand } = await import('./cli/admin-commands.ts');
      return withEngine(dataDirFrom(values['data-dir']), (e) => keysCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'sessions': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: commonOptions });
      const [{ sessionsCommand }, { openBridgeAuthStore }, { createBrowserSessions }] = await Promise.all([
        import('./cli/sessions-command.ts'), import('./http/browser/auth-store.ts'), import('./http/browser/sessions.ts'),
      ]);
      return withEngine(dataDirFrom(values['data-dir']), async (engine) => {
        const store = openBridgeAuthStore(engine.dataDir);
        try {
          sessionsCommand(createBrowserSessions({ store, engine }), positionals[0], positionals.slice(1), values, out);
        } finally {
          store.close();
        }
      });
    }
    case 'services': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, name: { type: 'string' }, policy: { type: 'string' }, 'ack-timeout': { type: 'string' },
          'auto-resolve': { type: 'string' }, 'support-hours': { type: 'string' },
        },
      });
      const { servicesCommand } = await import('./cli/admin-commands.ts');
      return withEngine(dataDirFrom(values['data-dir']), (e) => servicesCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'maintenance': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, title: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, for: { type: 'string' },
          service: { type: 'string', multiple: true }, impact: { type: 'string' }, message: { type: 'string' }, all: { type: 'boolean', default: false },
        },
      });
      const { maintenanceCommand } = await import('./cli/maintenance-command.ts');
      return withEngine(dataDirFrom(values['data-dir']), (e) => maintenanceCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'status-pages': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, name: { type: 'string' }, slug: { type: 'string' }, description: { type: 'string' },
          service: { type: 'string', multiple: true }, publish: { type: 'boolean', default: false },
        },
      });
      const dataDir = dataDirFrom(values['data-dir']);
      // The address the public reads pages at: the running host's, else where `klaxon serve` listens by default.
      const baseUrl = (await findRunningHost(dataDir))?.baseUrl ?? `http://127.0.0.1:${process.env.KLAXON_PORT ?? 8977}`;
      const { statusPagesCommand } = await import('./cli/status-pages-command.ts');
      return withEngine(dataDir, (e) => statusPagesCommand(e, positionals[0], positionals.slice(1), values, baseUrl, out));
    }
    case 'team': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, name: { type: 'string' }, expires: { type: 'string' }, admin: { type: 'boolean', default: false },
          address: { type: 'string', multiple: true }, reason: { type: 'string' }, person: { type: 'string' },
        },
      });
      const { teamCommand } = await import('./cli/team-command.ts');
      return withEngine(dataDirFrom(values['data-dir']), (e) => teamCommand(e, positionals[0], positionals.slice(1), values, out, (s) => process.stderr.write(`${s}\n`)));
    }
    case 'oncall': {
      const { values } = parseArgs({ args, options: { ...commonOptions, at: { type: 'string' } } });
      const { oncallCommand } = await import('./cli/oncall-command.ts');
      return withEngine(dataDirFrom(values['data-dir']), async (e) => oncallCommand(e, values, out));
    }
    case 'users': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...commonOptions, name: { type: 'string' } } });
      const { usersCommand, USERS_USAGE } = await import('./cli/users-command.ts');
      if (values.help) return out(USERS_USAGE);
      return withEngine(dataDirFrom(values['data-dir']), (e) => usersCommand(e, positionals[0], values, out));
    }
    case 'schedules': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, name: { type: 'string' }, zone: { type: 'string' }, layer: { type: 'string', multiple: true },
          from: { type: 'string' }, to: { type: 'string' }, user: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, for: { type: 'string' },
        },
      });
      const { schedulesCommand, SCHEDULES_USAGE } = await import('./cli/schedules-command.ts');
      if (values.help) return out(SCHEDULES_USAGE);
      return withEngine(dataDirFrom(values['data-dir']), (e) => schedulesCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'policies': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: { ...commonOptions, name: { type: 'string' }, level: { type: 'string', multiple: true }, repeat: { type: 'string' } },
      });
      const { policiesCommand, POLICIES_USAGE } = await import('./cli/policies-command.ts');
      if (values.help) return out(POLICIES_USAGE);
      return withEngine(dataDirFrom(values['data-dir']), (e) => policiesCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'incidents': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: commonOptions });
      const { incidentsCommand, INCIDENTS_USAGE } = await import('./cli/incidents-command.ts');
      if (values.help) return out(INCIDENTS_USAGE);
      return withEngine(dataDirFrom(values['data-dir']), (e) => incidentsCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'monitors': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, ...Object.fromEntries(['name', 'service', 'interval', 'retries', 'successes', 'renotify', 'runner', 'url', 'method', 'body',
            'timeout', 'keyword', 'degraded-after', 'cert-warning-days', 'host', 'port', 'grace', 'from', 'to'].map((k) => [k, { type: 'string' } as const])),
          header: { type: 'string', multiple: true }, expect: { type: 'string', multiple: true },
          'keyword-absent': { type: 'boolean', default: false }, 'other-hosts': { type: 'boolean', default: false },
        },
      });
      const { monitorsCommand, MONITORS_USAGE } = await import('./cli/monitors-command.ts');
      if (values.help) return out(MONITORS_USAGE);
      const dataDir = dataDirFrom(values['data-dir']);
      // Push URLs name the host that receives the beats: the running one, else where this data dir's host will listen.
      const running = await findRunningHost(dataDir);
      return withEngine(dataDir, (e) => {
        const { host, port } = e.getSettings().listen;
        const origin = running?.baseUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
        return monitorsCommand(e, origin, positionals[0], positionals.slice(1), values as unknown as Parameters<typeof monitorsCommand>[4], out);
      });
    }
    case 'actions': {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: {
          ...commonOptions, name: { type: 'string' }, event: { type: 'string', multiple: true }, service: { type: 'string', multiple: true },
          timeout: { type: 'string' }, shell: { type: 'boolean', default: false },
        },
      });
      const { actionsCommand, ACTIONS_USAGE } = await import('./cli/actions-command.ts');
      if (values.help) return out(ACTIONS_USAGE);
      return withEngine(dataDirFrom(values['data-dir']), (e) => actionsCommand(e, positionals[0], positionals.slice(1), values, out));
    }
    case 'open': {
      const { values } = parseArgs({ args, options: { ...commonOptions, print: { type: 'boolean', default: false } } });
      const dataDir = dataDirFrom(values['data-dir']);
      const running = await findRunningHost(dataDir);
      if (!running) throw new UsageError(`no Klaxon is serving ${dataDir}; start one with \`klaxon serve\` first`);
      const { openCommand } = await import('./cli/open.ts');
      return openCommand({ dataDir, print: values.print, baseUrl: running.baseUrl });
    }
    case '--version': case 'version': return out(KLAXON_VERSION);
    case undefined: case '--help': case '-h': case 'help': return out(HELP);
    default: throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // A refusal (bad input, no such thing, a conflict) is the user's to fix: exit 2 with its words, as for bad flags.
  if (e instanceof UsageError || (e instanceof KlaxonError && e.status < 500) || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`klaxon: ${(e as Error).message}\n`);
    process.exit(2);
  }
  log.error((e as Error).message);
  process.exit(1);
});
