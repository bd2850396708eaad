// `klaxon open [--print]`: signs this machine's browser in to the headless host's window with a one-time, two-minute
// login token (stored hashed in the data dir). The token goes on no command line (every local user can read another's
// argv in /proc) and in no URL a server or the browser's history keeps: like Jupyter, we write it into a 0600 HTML
// file in the data dir that POSTs it to the host, and open that file. `--print` prints a link instead, for a browser
// elsewhere; its token sits in the URL's fragment, which browsers never send, and the sign-in page removes it.
// Whoever can read the data dir can already read every incident, so the token proves nothing new about them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BRIDGE_PATHS } from '../../src-shared/bridge.ts';
import { openBridgeAuthStore, LOGIN_TOKEN_TTL_MS } from '../http/browser/auth-store.ts';

export interface OpenCommandOptions {
  dataDir: string;
  /** Print the link instead of opening a browser (a remote shell, or a browser on another profile). */
  print: boolean;
  /** Where the host listens, e.g. `http://127.0.0.1:8977`. */
  baseUrl: string;
}

const SIGN_IN_FILE = /^sign-in-[0-9a-f]{16}\.html$/;

function mintLoginToken(dataDir: string): string {
  const auth = openBridgeAuthStore(dataDir);
  try {
    return auth.createLoginToken(Date.now());
  } finally {
    auth.close();
  }
}

/** The host's sign-in page, on loopback: a host listening on every interface is reached there from this machine. */
const signInUrl = (baseUrl: string) =>
  new URL(BRIDGE_PATHS.signIn, baseUrl.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]'));

/** Mints a login token and returns the one-time link that spends it (the token in the fragment). */
export function createLoginLink(dataDir: string, baseUrl: string): string {
  const url = signInUrl(baseUrl);
  url.hash = `token=${mintLoginToken(dataDir)}`;
  return url.toString();
}

/** Mints a login token and writes the 0600 file that signs a browser in with it; returns the file's path. */
export function writeSignInFile(dataDir: string, baseUrl: string): string {
  removeStaleSignInFiles(dataDir);
  const token = mintLoginToken(dataDir);
  const file = path.join(dataDir, `sign-in-${randomBytes(8).toString('hex')}.html`);
  // `wx`: never through a file (or a symlink) someone put there first.
  writeFileSync(file, signInFileHtml(signInUrl(baseUrl).toString(), token), { mode: 0o600, flag: 'wx' });
  return file;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInFileHtml(action: string, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Signing in to Klaxon</title></head>
<body>
<form id="klaxon-sign-in" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<p>Signing in to Klaxon… <button type="submit">Continue</button></p>
</form>
<script>document.getElementById('klaxon-sign-in').submit();</script>
</body></html>
`;
}

/** Files of earlier runs: their tokens are spent or expired by now. */
function removeStaleSignInFiles(dataDir: string): void {
  const before = Date.now() - LOGIN_TOKEN_TTL_MS;
  for (const name of readdirSync(dataDir)) {
    if (!SIGN_IN_FILE.test(name)) continue;
    const file = path.join(dataDir, name);
    try {
      if (statSync(file).mtimeMs < before) unlinkSync(file);
    } catch { /* gone already */ }
  }
}

export async function openCommand(opts: OpenCommandOptions): Promise<void> {
  const minutes = Math.round(LOGIN_TOKEN_TTL_MS / 60_000);
  if (opts.print) {
    process.stdout.write(`${createLoginLink(opts.dataDir, opts.baseUrl)}\n`);
    process.stderr.write(`klaxon: this link signs one browser in; it works once, within ${minutes} minutes\n`);
    return;
  }
  const file = writeSignInFile(opts.dataDir, opts.baseUrl);
  const opened = await openInBrowser(pathToFileURL(file).toString());
  if (opened) process.stderr.write(`klaxon: opened the window in your browser (sign-in valid once, for ${minutes} minutes)\n`);
  else process.stdout.write(`Open this file in your browser (it signs you in once, within ${minutes} minutes):\n${file}\n`);
}

/** The OS's "open this" command; resolves false when there is none (a server without a desktop). */
function openInBrowser(target: string): Promise<boolean> {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [target]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', target.replace(/&/g, '^&')]]
    : ['xdg-open', [target]];
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
      // xdg-open exits non-zero when it finds no browser; one that keeps running has handed the file over.
      const settle = setTimeout(() => { child.unref(); resolve(true); }, 3000);
      child.once('error', () => { clearTimeout(settle); resolve(false); });
      child.once('exit', (code) => { clearTimeout(settle); resolve(code === 0); });
    } catch {
      resolve(false);
    }
  });
}
