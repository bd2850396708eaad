// The sign-in page's script. It exchanges a one-time login token (handed over by the host in a meta tag, after
// `klaxon open`'s local file POSTed it, or found in the URL's fragment of a printed link) or an API key for a session:
// the host sets the browser's cookie and answers this tab's secret, which is kept in sessionStorage. Then the window.
import { BRIDGE_PATHS, LOGIN_TOKEN_META, type SignInReason } from '../../src-shared/bridge.ts';
import { tabSecretIn } from '../bridge/tab-secret.ts';

const REASONS: Record<SignInReason, string> = {
  'signed-out': 'You are signed out.',
  ended: 'This tab was signed out: its session ended (signed out elsewhere, revoked, or expired).',
  'new-tab': 'This tab is not signed in yet.',
};

const status = document.getElementById('sign-in-status')!;
const error = document.getElementById('sign-in-error')!;
const form = document.getElementById('key-sign-in') as HTMLFormElement;
const tab = tabSecretIn(window.sessionStorage);

function showError(message: string) {
  status.textContent = '';
  error.textContent = message;
  error.hidden = false;
}

async function signIn(headers: Record<string, string>, body?: string): Promise<void> {
  error.hidden = true;
  status.textContent = 'Signing in…';
  let res: Response;
  try {
    res = await fetch(BRIDGE_PATHS.session, { method: 'POST', credentials: 'same-origin', cache: 'no-store', headers, body });
  } catch {
    return showError('Klaxon is not reachable: is `klaxon serve` running?');
  }
  const answer = await res.json().catch(() => undefined) as { tab?: unknown; error?: { message?: string } } | undefined;
  if (!res.ok || typeof answer?.tab !== 'string') return showError(answer?.error?.message ?? `Signing in failed (${res.status})`);
  tab.set(answer.tab);
  // Replace, not push: Back must not return to a page that held a spent token.
  window.location.replace('/');
}

const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token');
// A one-time secret: out of the address bar (and this history entry) before anything else happens.
if (window.location.hash) window.history.replaceState(null, '', window.location.pathname + window.location.search);
const token = document.querySelector(`meta[name="${LOGIN_TOKEN_META}"]`)?.getAttribute('content') || fromFragment;

if (token) {
  void signIn({ 'content-type': 'application/json' }, JSON.stringify({ token }));
} else {
  const reason = new URLSearchParams(window.location.search).get('from') as SignInReason | null;
  status.textContent = reason && Object.hasOwn(REASONS, reason) ? REASONS[reason] : '';
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const key = String(new FormData(form).get('key') ?? '').trim();
  if (key) void signIn({ authorization: `Bearer ${key}` });
});
