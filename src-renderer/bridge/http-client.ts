// The KlaxonApi over HTTP, for a browser signed in to the headless host. Calls go to one endpoint; changes arrive on
// one streamed response shared by every subscriber. Every request carries the session cookie (the browser adds it)
// and this tab's secret (we add it): the host accepts neither alone.
import { BRIDGE_PATHS, BRIDGE_TAB_HEADER, type ApiMethod, type ChangeNotice, type KlaxonApi } from '../../src-shared/api.ts';
import type { SignInReason } from '../../src-shared/bridge.ts';
import { BridgeError } from './bridge-error.ts';
import { readEventStream } from './event-stream.ts';

export interface HttpApiDeps {
  fetch: typeof fetch;
  /** This tab's secret (sessionStorage); null when the tab has not signed in. */
  tabSecret: () => string | null;
  /**
   * The tab's session is over: signed out here (`signed-out`), or refused by the host on the change stream (`ended`:
   * signed out in another way, revoked, expired). Called once; the browser wiring forgets the secret and leaves.
   */
  onSignedOut: (reason: SignInReason) => void;
  /** Base URL of the host; the page's own origin by default. */
  baseUrl?: string;
}

/** How long a call waits for the change stream to open before going ahead anyway. */
const STREAM_WAIT_MS = 3000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
const SIGNED_OUT = 'This browser is signed out: run `klaxon open` to sign in again';

export function createHttpApi(deps: HttpApiDeps): KlaxonApi {
  const url = (p: string) => (deps.baseUrl ? new URL(p, deps.baseUrl).toString() : p);
  const tabHeader = (): Record<string, string> => {
    const secret = deps.tabSecret();
    return secret === null ? {} : { [BRIDGE_TAB_HEADER]: secret };
  };

  let signedOut = false;
  const endSession = (reason: SignInReason) => {
    stopStream();
    if (signedOut) return;
    signedOut = true;
    deps.onSignedOut(reason);
  };

  const send = async (method: ApiMethod, input?: unknown): Promise<unknown> => {
    // A query made after subscribe() must not fall into the gap before the stream is open: a change committed
    // in between would be neither in the answer nor on the stream. IPC has no such gap; here we wait it out.
    if (streamReady) await streamReady;
    let res: Response;
    try {
      res = await deps.fetch(url(BRIDGE_PATHS.invoke), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...tabHeader() },
        body: JSON.stringify({ method, input }),
      });
    } catch {
      throw new BridgeError('UNAVAILABLE', 'Klaxon is not reachable: is `klaxon serve` running?');
    }
    const text = await res.text();
    const body = text === '' ? undefined : safeJson(text);
    if (res.ok) return body;
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401) throw new BridgeError('UNAUTHORIZED', error?.message ?? SIGNED_OUT, 401);
    throw new BridgeError(error?.code ?? 'INTERNAL', error?.message ?? `Request failed (${res.status})`, res.status);
  };

  const listeners = new Set<(change: ChangeNotice) => void>();
  /** The stream being read (or waited for); null when nobody listens. */
  let current: AbortController | null = null;
  let everOpened = false;
  let streamReady: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_MIN_MS;

  const emit = (notice: ChangeNotice) => { for (const l of listeners) l(notice); };
  const onData = (data: string) => {
    const notice = safeJson(data) as ChangeNotice | undefined;
    if (notice && Array.isArray(notice.incidents)) emit(notice);
  };

  function stopStream() {
    current?.abort();
    current = null;
    everOpened = false;
    streamReady = null;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
  }

  const connect = () => {
    const ctl = new AbortController();
    current = ctl;
    let ready: (() => void) | undefined;
    let waitLimit: ReturnType<typeof setTimeout> | undefined;
    const released = () => { clearTimeout(waitLimit); ready?.(); ready = undefined; if (current === ctl) streamReady = null; };
    if (!everOpened) {
      streamReady = new Promise<void>((resolve) => { ready = resolve; });
      // Never hold calls for long: a host that refuses the stream answers the call with the reason.
      waitLimit = setTimeout(released, STREAM_WAIT_MS);
    }
    const retry = () => {
      released();
      if (current !== ctl) return;
      // Dropped, refused with an error status (a host answering 503 while it restarts), or unreachable: try again,
      // a little later each time.
      retryTimer = setTimeout(() => { if (current === ctl) connect(); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    };
    void (async () => {
      let res: Response;
      try {
        res = await deps.fetch(url(BRIDGE_PATHS.events), {
          credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/event-stream', ...tabHeader() }, signal: ctl.signal,
        });
      } catch {
        return retry();
      }
      if (current !== ctl) return;
      if (res.status === 401) { released(); return endSession('ended'); }
      if (!res.ok || !res.body) return retry();
      released();
      retryDelay = RETRY_MIN_MS;
      // The first open starts the feed; any later one follows a gap in which changes may have been missed.
      if (everOpened) emit({ incidents: [], resync: true, services: true, keys: true, settings: true, roster: true });
      everOpened = true;
      try {
        await readEventStream(res.body, onData);
      } catch { /* dropped, or aborted by us */ }
      retry();
    })();
  };

  return {
    send: send as KlaxonApi['send'],
    subscribe(onChange) {
      listeners.add(onChange);
      if (!current && !signedOut) connect();
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0) stopStream();
      };
    },
    async signOut() {
      stopStream();
      try {
        await deps.fetch(url(BRIDGE_PATHS.session), { method: 'DELETE', credentials: 'same-origin', headers: tabHeader() });
      } catch { /* the host is not reachable: this tab forgets its secret all the same */ }
      endSession('signed-out');
    },
  };
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
