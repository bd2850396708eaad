// The KlaxonApi over HTTP + Server-Sent Events, for a browser signed in to the headless host. Calls go to one
// endpoint with the session cookie; changes arrive on one EventSource shared by every subscriber.
import { BRIDGE_PATHS, type ApiMethod, type ChangeNotice, type KlaxonApi } from '../../src-shared/api.ts';
import { BridgeError } from './bridge-error.ts';

export interface HttpApiDeps {
  fetch: typeof fetch;
  EventSource: typeof EventSource;
  /** Base URL of the host; the page's own origin by default. */
  baseUrl?: string;
}

/** How long a call waits for the change stream to open before going ahead anyway. */
const STREAM_WAIT_MS = 3000;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

export function createHttpApi(deps: HttpApiDeps): KlaxonApi {
  const url = (p: string) => (deps.baseUrl ? new URL(p, deps.baseUrl).toString() : p);

  const send = async (method: ApiMethod, input?: unknown): Promise<unknown> => {
    // A query made after subscribe() must not fall into the gap before the stream is open: a change committed
    // in between would be neither in the answer nor on the stream. IPC has no such gap; here we wait it out.
    if (streamReady) await streamReady;
    let res: Response;
    try {
      res = await deps.fetch(url(BRIDGE_PATHS.invoke), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
    } catch {
      throw new BridgeError('UNAVAILABLE', 'Klaxon is not reachable: is `klaxon serve` running?');
    }
    const text = await res.text();
    const body = text === '' ? undefined : safeJson(text);
    if (res.ok) return body;
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401) throw new BridgeError('UNAUTHORIZED', 'This browser is signed out: run `klaxon open` to sign in again', 401);
    throw new BridgeError(error?.code ?? 'INTERNAL', error?.message ?? `Request failed (${res.status})`, res.status);
  };

  const listeners = new Set<(change: ChangeNotice) => void>();
  let source: EventSource | null = null;
  let everOpened = false;
  let streamReady: Promise<void> | null = null;

  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_MIN_MS;

  const emit = (notice: ChangeNotice) => { for (const l of listeners) l(notice); };
  const connect = () => {
    const es = new deps.EventSource(url(BRIDGE_PATHS.events), { withCredentials: true });
    source = es;
    let ready: (() => void) | undefined;
    let waitLimit: ReturnType<typeof setTimeout> | undefined;
    const released = () => { clearTimeout(waitLimit); ready?.(); ready = undefined; streamReady = null; };
    if (!everOpened) {
      streamReady = new Promise<void>((resolve) => { ready = resolve; });
      // Never hold calls for long: a host that refuses the stream (signed out) answers the call with the reason.
      waitLimit = setTimeout(released, STREAM_WAIT_MS);
    }
    es.onopen = () => {
      released();
      retryDelay = RETRY_MIN_MS;
      // The first open starts the feed; any later one follows a gap in which changes may have been missed.
      if (everOpened) emit({ incidents: [], resync: true, services: true, keys: true, settings: true, roster: true });
      everOpened = true;
    };
    es.onerror = () => {
      released();
      // EventSource retries a dropped connection by itself, but gives up on an error status (a host answering 503
      // while it restarts): then we try again, a little later each time.
      if (es.readyState !== deps.EventSource.CLOSED || source !== es) return;
      retryTimer = setTimeout(() => { if (source === es) connect(); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    };
    es.onmessage = (ev: MessageEvent<string>) => {
      const notice = safeJson(ev.data) as ChangeNotice | undefined;
      if (notice && Array.isArray(notice.incidents)) emit(notice);
    };
  };

  return {
    send: send as KlaxonApi['send'],
    subscribe(onChange) {
      listeners.add(onChange);
      if (!source) connect();
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
          everOpened = false;
          streamReady = null;
          if (retryTimer !== undefined) clearTimeout(retryTimer);
        }
      };
    },
  };
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
