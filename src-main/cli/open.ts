// `klaxon open [--print]`: signs this machine's browser in to the headless host's window. It writes a one-time,
// two-minute login token (hashed) into the data dir's database and opens — or, with --print, prints — the link that
// spends it. Whoever can read the data dir can already read every incident, so this proves nothing new about them.
import { spawn } from 'node:child_process';
import { BRIDGE_PATHS } from '../../src-shared/api.ts';
import { openBridgeAuthStore, LOGIN_TOKEN_TTL_MS } from '../http/browser/auth-store.ts';

export interface OpenCommandOptions {
  dataDir: string;
  /** Print the link instead of opening a browser (a remote shell, or a browser on another profile). */
  print: boolean;
  /** Where the host listens, e.g. `http://127.0.0.1:8977`. */
  baseUrl: string;
}

/** Mints a login token in the data dir's database and returns the one-time link that spends it. */
export function createLoginLink(dataDir: string, baseUrl: string): string {
  const auth = openBridgeAuthStore(dataDir);
  try {
    const token = auth.createLoginToken(Date.now());
    // A host listening on every interface is reached on loopback from this machine's browser.
    const local = baseUrl.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
    return new URL(`${BRIDGE_PATHS.session}?token=${encodeURIComponent(token)}`, local).toString();
  } finally {
    auth.close();
  }
}

export async function openCommand(opts: OpenCommandOptions): Promise<void> {
  const url = createLoginLink(opts.dataDir, opts.baseUrl);
  const minutes = Math.round(LOGIN_TOKEN_TTL_MS / 60_000);
  if (opts.print) {
    process.stdout.write(`${url}\n`);
    process.stderr.write(`klaxon: this link signs one browser in; it works once, within ${minutes} minutes\n`);
    return;
  }
  const opened = await openInBrowser(url);
  if (opened) process.stderr.write(`klaxon: opened the window in your browser (link valid once, for ${minutes} minutes)\n`);
  else process.stdout.write(`Open this link in your browser (it works once, within ${minutes} minutes):\n${url}\n`);
}

/** The OS's "open this URL" command; resolves false when there is none (a server without a desktop). */
function openInBrowser(url: string): Promise<boolean> {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
    : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
      // xdg-open exits non-zero when it finds no browser; one that keeps running has handed the URL over.
      const settle = setTimeout(() => { child.unref(); resolve(true); }, 3000);
      child.once('error', () => { clearTimeout(settle); resolve(false); });
      child.once('exit', (code) => { clearTimeout(settle); resolve(code === 0); });
    } catch {
      resolve(false);
    }
  });
}
