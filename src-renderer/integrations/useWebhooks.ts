// The subscriptions as the Webhooks section shows them: loaded on open, again every 10 s (a teammate's change
// replicates here, and the change feed does not announce subscriptions) and after a resync; a command's answer
// (created, saved, deleted) shown at once. A refusal (a session without the admin scope) is kept to be shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Webhook } from '../../src-shared/schemas/webhooks.ts';
import { useApi } from '../store/context.tsx';
import { describeError } from '../bridge/bridge-error.ts';

export const WEBHOOKS_REFRESH_MS = 10_000;

export interface WebhooksView {
  webhooks: Webhook[] | null;
  error: string | null;
  put(w: Webhook): void;
  remove(id: string): void;
}

export function useWebhooks(refreshMs = WEBHOOKS_REFRESH_MS): WebhooksView {
  const api = useApi();
  const [state, setState] = useState<{ webhooks: Webhook[] | null; error: string | null }>({ webhooks: null, error: null });
  // A reload's answer is dropped if a command answered meanwhile: it may predate that command.
  const version = useRef(0);

  const reload = useCallback(() => {
    const started = ++version.current;
    void api.send('webhooks.list').then(
      (webhooks) => { if (version.current === started) setState({ webhooks, error: null }); },
      (err: unknown) => { if (version.current === started) setState((cur) => ({ webhooks: cur.webhooks, error: describeError(err) })); },
    );
  }, [api]);

  useEffect(() => {
    reload();
    const unsubscribe = api.subscribe((notice) => { if (notice.resync || notice.services) reload(); });
    const timer = setInterval(reload, refreshMs);
    return () => { unsubscribe(); clearInterval(timer); };
  }, [api, reload, refreshMs]);

  const put = useCallback((w: Webhook) => {
    version.current++;
    setState((cur) => {
      const list = cur.webhooks ?? [];
      return { error: null, webhooks: list.some((x) => x.id === w.id) ? list.map((x) => (x.id === w.id ? w : x)) : [...list, w] };
    });
  }, []);
  const remove = useCallback((id: string) => {
    version.current++;
    setState((cur) => ({ error: null, webhooks: (cur.webhooks ?? []).filter((x) => x.id !== id) }));
  }, []);

  return { ...state, put, remove };
}
