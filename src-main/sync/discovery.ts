// Finding teammates on the LAN with mDNS (DNS-SD through bonjour-service): this device announces
// `_klaxon-sync._tcp` under its device id with TXT `{ v: '1', team, dev }`, browses the same type, and reports the
// other devices of its team. Nothing on the air names a person or a team: the instance name is the device id (a
// key fingerprint) and so is the SRV host (bonjour-service would otherwise announce os.hostname(), which is often
// "Alices-MacBook"). Everything heard on the LAN is untrusted, so it is validated before it reaches `onPeer`, and a
// peer found here is only an address to try: the sync transport's mutual TLS decides who is on the other end.
import { Bonjour } from 'bonjour-service';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import type { Logger } from '../log.ts';

export const SERVICE_TYPE = 'klaxon-sync';
const TXT_VERSION = '1';
/** Device ids (16 base32 characters today) and team ids: short, and safe in a DNS label and a log line. */
const DEVICE_ID = /^[A-Za-z0-9_-]{1,48}$/;
const TEAM_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A neighbour can announce any number of addresses and devices; these bound what one can make us hold or dial. */
const MAX_ADDRESSES = 16;
const MAX_PEERS = 256;
const STOP_TIMEOUT_MS = 1000;

export interface DiscoveredPeer {
  deviceId: string;
  teamId: string;
  /** Where to dial, the address the announcement came from first. IPv4 and routable IPv6 only. */
  addresses: string[];
  port: number;
}

export interface DiscoveryOptions {
  teamId: string;
  deviceId: string;
  /** This device's sync port, announced in the SRV record. */
  port: number;
  log: Logger;
  /** Another device of this team appeared, or its addresses or port changed. */
  onPeer(peer: DiscoveredPeer): void;
  /** A reported device said goodbye (or stopped announcing this team). Only a hint: anyone on the LAN can say it. */
  onPeerGone?(peer: DiscoveredPeer): void;
}

export interface Discovery {
  /** Whether mDNS is on now (off after a socket error until `refresh`). */
  readonly running: boolean;
  /** After a wake or a network change: a new socket on the current interfaces, announced with today's addresses. */
  refresh(): Promise<void>;
  /** Says goodbye (peers drop this device at once) and closes the socket. */
  stop(): Promise<void>;
}

/** What bonjour-service reports for a service it heard, seen as what it is: anything a neighbour sent. */
export interface ServiceSighting {
  name?: unknown;
  port?: unknown;
  txt?: unknown;
  addresses?: unknown;
  referer?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const ownString = (o: Record<string, unknown>, key: string): string | undefined =>
  Object.hasOwn(o, key) && typeof o[key] === 'string' ? o[key] : undefined;

/** Addresses worth dialing: not loopback, unspecified, multicast, or IPv6 link-local (useless without a zone). */
export function isDialable(address: string): boolean {
  if (address.includes('%')) return false;
  const family = isIP(address);
  if (family === 4) {
    const first = Number(address.split('.')[0]);
    return first !== 0 && first !== 127 && first < 224;
  }
  if (family === 6) {
    const a = address.toLowerCase();
    return a !== '::' && a !== '::1' && !/^fe[89ab]/.test(a) && !a.startsWith('ff') && !a.startsWith('::ffff:');
  }
  return false;
}

function dialableAddresses(sighting: ServiceSighting, fallback: string[]): string[] {
  const heard: unknown[] = [];
  if (isRecord(sighting.referer)) heard.push(sighting.referer.address);
  if (Array.isArray(sighting.addresses)) heard.push(...sighting.addresses.slice(0, 64));
  const out = [...new Set(heard.filter((a): a is string => typeof a === 'string' && isDialable(a)))].slice(0, MAX_ADDRESSES);
  // An answer to a lone SRV query carries no A records; the addresses heard before still hold.
  return out.length > 0 ? out : fallback;
}

/**
 * A sighting as a peer of `self`'s team, or why it is not one. `previous` is what this device was last seen as:
 * a partial answer (no TXT, no addresses) keeps what the full announcement said.
 */
export function readSighting(sighting: ServiceSighting, self: { deviceId: string; teamId: string }, previous?: DiscoveredPeer): DiscoveredPeer | string {
  const name = typeof sighting.name === 'string' ? sighting.name : undefined;
  if (!name || !DEVICE_ID.test(name)) return 'instance name is not a device id';
  const txt = isRecord(sighting.txt) ? sighting.txt : undefined;
  let teamId = previous?.teamId;
  if (txt) {
    if (ownString(txt, 'v') !== TXT_VERSION) return 'unknown TXT version';
    const team = ownString(txt, 'team');
    if (!team || !TEAM_ID.test(team)) return 'TXT team is not a team id';
    if (ownString(txt, 'dev') !== name) return 'TXT dev differs from the instance name';
    teamId = team;
  }
  if (!teamId) return 'no TXT record';
  if (name === self.deviceId) return 'this device';
  if (teamId !== self.teamId) return 'another team';
  const port = sighting.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return 'bad port';
  const addresses = dialableAddresses(sighting, previous?.addresses ?? []);
  if (addresses.length === 0) return 'no dialable address';
  return { deviceId: name, teamId, addresses, port };
}

export interface TableChange { peer?: DiscoveredPeer; gone?: DiscoveredPeer; ignored?: string }

/** The teammates reported so far, so that `onPeer` fires once per appearance or change, not once per packet. */
export class PeerTable {
  private readonly peers = new Map<string, DiscoveredPeer>();
  private readonly self: { deviceId: string; teamId: string };
  private readonly limit: number;
  constructor(self: { deviceId: string; teamId: string }, limit = MAX_PEERS) {
    this.self = { deviceId: self.deviceId, teamId: self.teamId };
    this.limit = limit;
  }

  sighted(sighting: ServiceSighting): TableChange {
    const name = typeof sighting.name === 'string' ? sighting.name : '';
    const previous = this.peers.get(name);
    const read = readSighting(sighting, this.self, previous);
    if (typeof read === 'string') {
      if (!previous) return { ignored: read };
      this.peers.delete(name);
      return { gone: previous, ignored: read };
    }
    if (!previous && this.peers.size >= this.limit) return { ignored: `more than ${this.limit} peers` };
    if (previous && previous.port === read.port && sameList(previous.addresses, read.addresses)) return {};
    this.peers.set(name, read);
    return { peer: read };
  }

  left(sighting: ServiceSighting): DiscoveredPeer | undefined {
    const name = typeof sighting.name === 'string' ? sighting.name : '';
    const previous = this.peers.get(name);
    this.peers.delete(name);
    return previous;
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Under test (KLAXON_TEST) multicast may only leave from a network namespace the test created, never from the
 * host's own network: KLAXON_TEST_NETNS must name (in /var/run/netns) the namespace this process is in. The test
 * harness sets it (test/support/netns.ts); anything unreadable counts as the host's network.
 */
export function multicastAllowed(env: NodeJS.ProcessEnv = process.env, inode: (path: string) => number = (p) => statSync(p).ino): string | undefined {
  if (!env.KLAXON_TEST) return undefined;
  const netns = env.KLAXON_TEST_NETNS ?? '';
  try {
    if (/^[\w.-]+$/.test(netns) && inode(`/var/run/netns/${netns}`) === inode('/proc/self/ns/net')) return undefined;
  } catch { /* fall through: unknown is refused */ }
  return 'under test, mDNS runs only inside the network namespace named by KLAXON_TEST_NETNS';
}

/** Non-internal addresses, as bonjour-service puts them in A/AAAA records. */
function announcedAddresses(): string[] {
  try {
    return Object.values(os.networkInterfaces()).flat()
      .filter((a) => a && !a.internal && a.mac !== '00:00:00:00:00:00').map((a) => a!.address).sort();
  } catch {
    return [];
  }
}

interface MdnsSocket {
  on(event: 'error' | 'warning', fn: (err: Error) => void): void;
  query(name: string, type: string, cb: (err: Error | null) => void): void;
}

export interface DiscoveryDeps {
  createBonjour?: (onError: (err: Error) => void) => Bonjour;
  env?: NodeJS.ProcessEnv;
}

export function startDiscovery(opts: DiscoveryOptions, deps: DiscoveryDeps = {}): Discovery {
  const { log, deviceId, teamId, port } = opts;
  const createBonjour = deps.createBonjour ?? ((onError) => new Bonjour({}, onError));
  const off: Discovery = { running: false, refresh: async () => {}, stop: async () => {} };

  if (!DEVICE_ID.test(deviceId) || !TEAM_ID.test(teamId) || !Number.isInteger(port) || port < 1 || port > 65535) {
    log.error(`mDNS discovery is off: device id, team id or port is not valid (${JSON.stringify({ deviceId, teamId, port })})`);
    return off;
  }
  const refused = multicastAllowed(deps.env);
  if (refused) {
    log.warn(`mDNS discovery is off: ${refused}`);
    return off;
  }

  const table = new PeerTable({ deviceId, teamId });
  let bonjour: Bonjour | undefined;
  let stopped = false;
  let queue = Promise.resolve();

  const report = (what: string, fn: () => void) => {
    try { fn(); } catch (err) { log.error(`discovery: ${what} failed: ${(err as Error).message}`); }
  };
  // Copies, so that what the host does with a peer cannot change what the table compares against.
  const copy = (p: DiscoveredPeer): DiscoveredPeer => ({ ...p, addresses: [...p.addresses] });
  const sighted = (s: ServiceSighting) => {
    const change = table.sighted(s);
    if (change.gone) report('onPeerGone', () => opts.onPeerGone?.(copy(change.gone!)));
    if (change.peer) report('onPeer', () => opts.onPeer(copy(change.peer!)));
  };

  const close = async (b: Bonjour, goodbye: boolean) => {
    if (goodbye) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
        try { b.unpublishAll(() => { clearTimeout(timer); resolve(); }); } catch { clearTimeout(timer); resolve(); }
      });
    }
    try { b.destroy(); } catch { /* a socket that never bound has nothing to close */ }
  };

  const open = () => {
    let failed = false;
    let warned = false;
    let b: Bonjour | undefined;
    const fail = (what: string, err: Error) => {
      if (failed) return;
      failed = true;
      log.warn(`mDNS discovery is off until the network changes: ${what}: ${err.message}`);
      if (b && bonjour === b) bonjour = undefined;
      if (b) void close(b, false);
    };
    try {
      b = createBonjour((err) => fail('answering a query', err));
      bonjour = b;
      // bonjour-service leaves the socket's 'error' unhandled (it would crash the host: port 5353 taken, no
      // multicast); its socket is internal, so reach it and listen. Missing means the library changed: stay off.
      const mdns = (b['server'] as { mdns?: MdnsSocket } | undefined)?.mdns;
      if (typeof mdns?.on !== 'function') throw new Error('bonjour-service has no mdns socket to watch');
      mdns.on('error', (err) => fail('the mDNS socket', err));
      mdns.on('warning', (err) => {
        if (!warned) log.info(`mDNS: ${err.message}`);
        warned = true;
      });
      // The SRV host changes with this device's addresses, so peers notice a move without a goodbye (a refresh
      // sends none, and a goodbye can be lost).
      const addressTag = createHash('sha256').update(announcedAddresses().join(',')).digest('hex').slice(0, 8);
      b.publish({
        name: deviceId, type: SERVICE_TYPE, protocol: 'tcp', port, host: `${deviceId}-${addressTag}.local`,
        txt: { v: TXT_VERSION, team: teamId, dev: deviceId },
        // Probing only lets a neighbour who claims our name keep us silent; a device id is unique by construction.
        probe: false,
      });
      const browser = b.find({ type: SERVICE_TYPE, protocol: 'tcp' });
      browser.on('up', (s) => sighted(s));
      browser.on('srv-update', (s) => sighted(s));
      browser.on('txt-update', (s) => sighted(s));
      browser.on('down', (s) => {
        const gone = table.left(s);
        if (gone) report('onPeerGone', () => opts.onPeerGone?.(copy(gone)));
      });
      // bonjour-service drops send errors; one query of our own finds out whether multicast can leave at all.
      mdns.query(`_${SERVICE_TYPE}._tcp.local`, 'PTR', (err) => { if (err) fail('sending', err); });
    } catch (err) {
      fail('starting', err as Error);
    }
  };

  const serially = (step: () => Promise<void>) => (queue = queue.then(step).catch((err: Error) => log.error(`discovery: ${err.message}`)));

  open();
  return {
    get running() { return bonjour !== undefined && !stopped; },
    refresh: () => serially(async () => {
      if (stopped) return;
      const previous = bonjour;
      bonjour = undefined;
      if (previous) await close(previous, false);
      open();
    }),
    stop: () => serially(async () => {
      if (stopped) return;
      stopped = true;
      const previous = bonjour;
      bonjour = undefined;
      if (previous) await close(previous, true);
    }),
  };
}
