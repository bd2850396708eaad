// Which targets this device checks for others. A team admin on another device can create a monitor (or point one) that
// this device runs; without a rule, that admin could make this laptop send requests with chosen headers to its own
// loopback, its LAN or a cloud metadata address (169.254.169.254) and read the answers back through the replicated
// incident and rollups. So a monitor whose target was set by another device is checked only against public
// addresses — unless this device's `monitors.allowPrivateTargets` setting says otherwise. A target this device set
// itself (its own `monitor.created`, and every later change of where or what it sends) is checked as it is.
//
// The rule holds at connection time: names are resolved by the request's own `lookup`, so the address checked is the
// address connected to (a name that resolves to a public address for a first look and a private one later — DNS
// rebinding — is caught), and an address given literally (in the URL, a redirect or a TCP host) is checked before
// connecting. A refused check is "no data" with the reason as its message, never down: nothing is known of the target.
import dns from 'node:dns';
import net from 'node:net';
import type { MonitorState } from '../../src-shared/domain/monitors/fold.ts';
import type { Engine } from '../engine/types.ts';
import { opsOfEntity } from '../store/op-log.ts';
import { errorReport, type CheckReport } from './check-report.ts';
import { createHttpClient, httpCheck, type HttpCheckConfig, type HttpCheckOptions } from './http-check.ts';
import { tcpCheck } from './tcp-check.ts';

/** The error code a refused connection carries from the lookup or the agent to the check's report. */
export const PRIVATE_TARGET = 'EKLAXON_PRIVATE_TARGET';

const PRIVATE = new net.BlockList();
for (const [subnet, prefix] of [
  ['0.0.0.0', 8], ['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16],
  ['100.64.0.0', 10], // shared address space: carrier NAT, and some clouds' metadata services
] as const) PRIVATE.addSubnet(subnet, prefix, 'ipv4');
for (const [subnet, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(subnet, prefix, 'ipv6');

/** Loopback, link-local, private (RFC 1918, fc00::/7), carrier-NAT or unspecified; IPv4-mapped IPv6 as its IPv4. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Fields of a monitor that say where its checks go and what they send. */
const TARGET_FIELDS = ['url', 'host', 'port', 'method', 'headers', 'body', 'redirectsToOtherHosts'];
const deviceOf = (opId: string) => opId.slice(0, opId.lastIndexOf(':'));

/** Whether every op that set this monitor's target was written by `deviceId`. */
export function targetSetBy(engine: Engine, m: MonitorState, deviceId: string): boolean {
  return entityFieldsSetBy(engine, m.id, TARGET_FIELDS, deviceId);
}

/**
 * Whether an entity's creation, and every later change of any of `fields`, was written by `deviceId` (its `*.created`
 * op, and its `*.changed` ops' `fields`): for a monitor, where its checks go; for a webhook, where it posts.
 */
export function entityFieldsSetBy(engine: Pick<Engine, 'store'>, entityId: string, fields: readonly string[], deviceId: string): boolean {
  return opsOfEntity(engine.store, entityId).every((op) => {
    if (op.type.endsWith('.created')) return deviceOf(op.id) === deviceId;
    if (!op.type.endsWith('.changed')) return true;
    const changed = (op.data as { fields?: Record<string, unknown> }).fields ?? {};
    return !fields.some((f) => f in changed) || deviceOf(op.id) === deviceId;
  });
}

export const refusal = (address: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${address} is a private address`), { code: PRIVATE_TARGET, address });

/** dns.lookup, failing when any address the name resolves to is private (the connection may pick any of them). */
export const publicLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) { callback(err, ''); return; }
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) { callback(refusal(bad.address), ''); return; }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

const REFUSED_MESSAGE = (address: string) =>
  `no data: not checked — ${address} is a private address and this monitor's target was set on another device (allow it on this device with the monitors.allowPrivateTargets setting)`;

/** A check's report with a refusal turned into "no data" saying why. */
function judged(report: CheckReport): CheckReport {
  if (report.details.error !== PRIVATE_TARGET) return report;
  const address = /^(\S+) is a private address/.exec(String(report.details.message).replace(`${PRIVATE_TARGET}: `, ''))?.[1] ?? 'the target';
  const message = REFUSED_MESSAGE(address);
  return { outcome: 'no_data', responseMs: null, message, details: { ...report.details, message } };
}

type Checked = Extract<MonitorState['config'], { type: 'http' | 'tcp' }>;

export interface TargetGuard {
  /** One check under the rule (the runner's client is not used: a kept-alive connection was checked by its own rule). */
  check(cfg: Checked, opts: Pick<HttpCheckOptions, 'nowMs' | 'signal'>): Promise<CheckReport>;
}

export interface TargetPolicy {
  /** The guard a monitor's checks run under, or null when they run as they are (this device set the target, or it allows private targets). */
  guardOf(m: MonitorState): TargetGuard | null;
  close(): Promise<void>;
}

export function createTargetPolicy(engine: Engine, extraCa?: string[]): TargetPolicy {
  // Its own client: a name is resolved by `publicLookup`, an address given literally is refused before connecting.
  const client = createHttpClient({
    ...(extraCa ? { extraCa } : {}), lookup: publicLookup, refuse: (host) => (isPrivateAddress(host) ? refusal(host) : null),
  });
  /** Whether a monitor's target is this device's own, by monitor and the newest op folded into it. */
  const own = new Map<string, { lastHlc: string; own: boolean }>();
  const tcp = async (cfg: Extract<Checked, { type: 'tcp' }>, signal?: AbortSignal): Promise<CheckReport> => {
    const where = { host: cfg.host, port: cfg.port };
    const started = performance.now();
    let address: string;
    try {
      address = isPrivateAddress(cfg.host) ? (() => { throw refusal(cfg.host); })()
        : await new Promise<string>((resolve, reject) => publicLookup(cfg.host, {}, (err, a) => (err ? reject(err) : resolve(a as string))));
    } catch (e) {
      return errorReport(e, started, performance.now(), cfg.timeoutSeconds * 1000, where);
    }
    // The address just checked is the one connected to: a literal address is not looked up again.
    const report = await tcpCheck({ ...cfg, host: address }, signal);
    return { ...report, details: { ...report.details, ...where, address } };
  };
  const guard: TargetGuard = {
    check: async (cfg, opts) => judged(cfg.type === 'http'
      ? await httpCheck(cfg as HttpCheckConfig, { ...opts, client })
      : await tcp(cfg, opts.signal)),
  };
  return {
    guardOf(m) {
      let known = own.get(m.id);
      if (known?.lastHlc !== m.lastHlc) { known = { lastHlc: m.lastHlc, own: targetSetBy(engine, m, engine.deviceId) }; own.set(m.id, known); }
      if (known.own || engine.getSettings().monitors.allowPrivateTargets) return null;
      return guard;
    },
    close: () => client.close(),
  };
}
