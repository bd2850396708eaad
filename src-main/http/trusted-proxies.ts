// Which peers may tell us who the client is (X-Forwarded-For): none unless KLAXON_TRUSTED_PROXIES lists them (IPs or
// CIDRs, comma-separated — the reverse proxy in front of a public status page). Without it, behind a proxy every
// visitor would look like the proxy, and share one subscribe limit; with it, a visitor cannot claim another address
// unless the request really comes through a listed proxy.
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): string[] | false {
  const listed = (env.KLAXON_TRUSTED_PROXIES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return listed.length > 0 ? listed : false;
}
