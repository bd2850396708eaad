// How a receiver checks that a delivery is Klaxon's: the `standardwebhooks` package's verifier, which takes the raw
// body and the headers and throws unless the signature was made with the subscription's secret (and is recent).
export const verifySnippet = (): string => [
  "import { Webhook } from 'standardwebhooks'; // npm install standardwebhooks",
  '',
  'const webhook = new Webhook(process.env.KLAXON_WEBHOOK_SECRET); // the whsec_… secret',
  '',
  '// body: the request\'s raw body as text, before any JSON parsing; headers: its headers (webhook-id,',
  '// webhook-timestamp, webhook-signature). Throws unless signed with the secret within the last 5 minutes.',
  '// Answer 2xx quickly; a retry carries the same webhook-id, so skip one already handled.',
  'function verifyKlaxon(body, headers) {',
  '  return webhook.verify(body, headers); // { type: "incident.triggered", timestamp, data: { incident, by } }',
  '}',
].join('\n');
