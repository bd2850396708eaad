// DNS-rebinding defence: a page on evil.example that re-resolves to 127.0.0.1 still sends `Host: evil.example`,
// so only loopback names, IP literals, the bind address, this machine's name and names the operator lists in
// KLAXON_ALLOWED_HOSTS are served. curl, Alertmanager and Grafana on 127.0.0.1/localhost pass.
import { hostname } from 'node:os';
import { isAllowedHost, hostName } from './browser/guards.ts';

const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

export function extraAllowedHosts(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const machine = hostname().toLowerCase();
  const listed = (env.KLAXON_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return new Set([machine, `${machine}.local`, ...listed]);
}

export function hostAllowed(hostHeader: string | undefined, bindHost: string, extra: ReadonlySet<string>): boolean {
  // HTTP/1.0 clients may omit Host; browsers never do, so a missing Host is no rebinding risk.
  if (hostHeader === undefined) return true;
  return isAllowedHost(hostHeader, bindHost) || extra.has(hostName(hostHeader));
}

/**
 * For the key-authenticated API: on a wildcard bind (an explicit opt-in to the network) monitors reach Klaxon by
 * whatever DNS name the network gives it, and their key or routing key is what protects the API, so any Host is
 * served there. On any other bind the Host rule above applies. (The browser bridge, which rides on a cookie,
 * applies the rule always.)
 */
export function apiHostAllowed(hostHeader: string | undefined, bindHost: string, extra: ReadonlySet<string>): boolean {
  return WILDCARD_BINDS.has(bindHost) || hostAllowed(hostHeader, bindHost, extra);
}
