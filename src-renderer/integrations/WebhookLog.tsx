// One subscription's delivery log, open under it: live while open, "Show older" for more, "Send again" per row.
import { useCallback, useEffect } from 'react';
import type { Webhook, WebhookDelivery } from '../../src-shared/schemas/webhooks.ts';
import { displayText } from '../../src-shared/domain/display-text.ts';
import { useApi } from '../store/context.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { webhookLogEntry } from './delivery-log.ts';
import { usePagedLog } from './usePagedLog.ts';

const PAGE = 25;

export function WebhookLog({ webhook, pushed, refreshMs }: { webhook: Webhook; pushed: WebhookDelivery | null; refreshMs?: number }) {
  const api = useApi();
  const fetchPage = useCallback(async (before: number | undefined) => {
    const page = await api.send('webhooks.deliveries', { id: webhook.id, limit: PAGE, ...(before === undefined ? {} : { before }) });
    return { items: page.deliveries, nextBefore: page.nextBefore };
  }, [api, webhook.id]);
  const log = usePagedLog(fetchPage, refreshMs);
  const { put } = log;
  // The test button's delivery joins the log at once.
  useEffect(() => { if (pushed) put(pushed); }, [pushed, put]);

  return (
    <DeliveryLog
      label={`Deliveries to ${displayText(webhook.url)}`}
      entries={log.items?.map((d) => webhookLogEntry(d, webhook.url)) ?? null}
      error={log.error}
      action={{ label: 'Send again', run: async (e) => put(await api.send('webhooks.retry', { id: e.id })) }}
      older={{ available: log.hasOlder, loading: log.loadingOlder, load: log.loadOlder }}
    />
  );
}
