// One signed POST per the Standard Webhooks spec: webhook-id (the idempotency key: the same on every retry),
// webhook-timestamp (this try's), webhook-signature (v1, HMAC-SHA256 of `id.timestamp.body`). Never throws: a
// refused connection or a receiver that does not answer within the timeout is an outcome like a 500.
import type { Webhook } from 'standardwebhooks';
import { fetch as undiciFetch, type Dispatcher } from 'undici';

/** What a delivery log keeps of a response body. */
export const RESPONSE_SNIPPET_BYTES = 2048;

export interface PostOutcome { status: number | null; error: string | null; response: string | null; durationMs: number }

export async function postSigned(p: {
  url: string; secret: string; messageId: string; body: string; at: Date; timeoutMs: number; signer: typeof Webhook;
  /** Posts through this (e.g. a client that connects to public addresses only: outbound-guard.ts). */
  dispatcher?: Dispatcher;
}): Promise<PostOutcome> {
  const timestamp = Math.floor(p.at.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Klaxon-Webhooks',
    'webhook-id': p.messageId,
    'webhook-timestamp': String(timestamp),
    // The signature covers the timestamp sent, seconds as the header says (sign() takes a Date and floors it).
    'webhook-signature': new p.signer(p.secret).sign(p.messageId, new Date(timestamp * 1000), p.body),
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    // A redirect is not followed: the signature was made for this URL's receiver, and a 3xx is no delivery.
    const init = { method: 'POST', headers, body: p.body, redirect: 'manual', signal: AbortSignal.timeout(p.timeoutMs) } as const;
    const res = p.dispatcher ? await undiciFetch(p.url, { ...init, dispatcher: p.dispatcher }) as unknown as Response : await fetch(p.url, init);
    const text = await readSnippet(res);
    return { status: res.status, error: null, response: text, durationMs: elapsed() };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const error = err.name === 'TimeoutError' ? `no answer within ${p.timeoutMs} ms`
      : err.cause?.code === 'EKLAXON_PRIVATE_TARGET' ? `not sent: ${err.cause.message} and this URL was set on another device (allow it on this device with the monitors.allowPrivateTargets setting)`
        : (err.cause?.code ?? err.message);
    return { status: null, error, response: null, durationMs: elapsed() };
  }
}

/** The first 2 KB of the answer, as text; the rest is not read. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_SNIPPET_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => {});
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES));
}
