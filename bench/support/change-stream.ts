// A host's change stream as the browser window reads it (POST /bridge/session with an API key, then the fetch-
// streamed GET /bridge/events): the instant each incident first appears in a change notice, by dedup key. The host
// sends a notice right after the commit that made the incident listable, so timing it is timing "listed" without
// adding a polling interval.
import { performance } from 'node:perf_hooks';
import { BRIDGE_PATHS, BRIDGE_TAB_HEADER } from '../../src-shared/bridge.ts';

export interface SeenIncident { id: string; status: string; at: number }

export interface ChangeWatch {
  /** dedup key → when its incident was first in a notice (performance.now()), with its id and status then. */
  readonly firstSeen: ReadonlyMap<string, SeenIncident>;
  /** Resolves once `dedupKey`'s incident has been seen (at once if it was already). */
  waitFor(dedupKey: string, timeoutMs?: number): Promise<SeenIncident>;
  close(): void;
}

interface Notice { incidents?: { id: string; dedupKey: string | null; status: string }[] }

export async function watchChanges(baseUrl: string, apiKey: string): Promise<ChangeWatch> {
  const signIn = await fetch(new URL(BRIDGE_PATHS.session, baseUrl), { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
  if (signIn.status !== 200) throw new Error(`signing in to ${baseUrl} for its change stream: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { tab } = (await signIn.json()) as { tab: string };
  const abort = new AbortController();
  const res = await fetch(new URL(BRIDGE_PATHS.events, baseUrl), { headers: { cookie, [BRIDGE_TAB_HEADER]: tab }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`opening ${baseUrl}'s change stream: ${res.status}`);

  const firstSeen = new Map<string, SeenIncident>();
  const waiters = new Map<string, (s: SeenIncident) => void>();
  const onNotice = (notice: Notice, at: number) => {
    for (const inc of notice.incidents ?? []) {
      if (inc.dedupKey === null || firstSeen.has(inc.dedupKey)) continue;
      const seen = { id: inc.id, status: inc.status, at };
      firstSeen.set(inc.dedupKey, seen);
      waiters.get(inc.dedupKey)?.(seen);
    }
  };

  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of res.body!) {
        const at = performance.now();
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (frame.startsWith('data: ')) onNotice(JSON.parse(frame.slice(6)) as Notice, at);
        }
      }
    } catch { /* aborted by close(), or the host stopped */ }
  })();

  return {
    firstSeen,
    waitFor(dedupKey, timeoutMs = 30_000) {
      const seen = firstSeen.get(dedupKey);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiters.delete(dedupKey); reject(new Error(`${baseUrl} did not list ${dedupKey} within ${timeoutMs} ms`)); }, timeoutMs);
        waiters.set(dedupKey, (s) => { clearTimeout(timer); waiters.delete(dedupKey); resolve(s); });
      });
    },
    close: () => abort.abort(),
  };
}
