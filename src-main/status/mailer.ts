// Sends mail with nodemailer over the SMTP server in this device's settings. One pooled transport (a few connections,
// reused from mail to mail) for as long as the settings stay the same; a change of settings takes effect at the next
// mail. Never throws: a refused connection, a rejected login or recipient is an outcome to retry, with what the
// server said.
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../../src-shared/schemas/settings.ts';
import type { MailContent } from '../../src-shared/domain/subscribers/mail.ts';

export interface OutgoingMail extends MailContent {
  to: string;
  /** The Message-ID: the same on every try, so a receiver that got a try we did not hear back from can drop the copy. */
  messageId: string;
}

/** `permanent`: the server refused for good (an SMTP 5xx, e.g. 550 no such user): trying again would only hurt. */
export type Mailer = (mail: OutgoingMail) => Promise<{ error: string | null; permanent?: boolean }>;

/** Connections kept open to the SMTP server at most. */
const POOL_CONNECTIONS = 3;

export function smtpMailer(settings: () => { smtp: SmtpSettings; password: string | null }, timeoutMs: number): Mailer & { close(): void } {
  let pooled: { key: string; transport: Transporter } | null = null;
  const transportFor = (smtp: SmtpSettings, password: string | null): Transporter => {
    const key = JSON.stringify([smtp, password]);
    if (pooled?.key === key) return pooled.transport;
    pooled?.transport.close();
    const transport = nodemailer.createTransport({
      pool: true, maxConnections: POOL_CONNECTIONS,
      host: smtp.host!, port: smtp.port,
      secure: smtp.security === 'tls', requireTLS: smtp.security === 'starttls', ignoreTLS: smtp.security === 'none',
      auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
      connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs,
    });
    pooled = { key, transport };
    return transport;
  };
  const send: Mailer = async (mail) => {
    const { smtp, password } = settings();
    if (!smtp.host || !smtp.from) return { error: 'SMTP is not set up on this device (settings: smtp.host and smtp.from)' };
    try {
      await transportFor(smtp, password).sendMail({
        from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId,
      });
      return { error: null };
    } catch (e) {
      const err = e as Error & { response?: string; code?: string; responseCode?: number };
      // Refused for good only when the server refused this mail (its recipient or content: EENVELOPE, EMESSAGE) with a
      // 5xx; a 5xx to the login (EAUTH) is a setting to fix, and the mail waits for it.
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600 &&
        (err.code === 'EENVELOPE' || err.code === 'EMESSAGE');
      return { error: err.response ?? (err.code ? `${err.code}: ${err.message}` : err.message), ...(permanent ? { permanent } : {}) };
    }
  };
  return Object.assign(send, { close: () => { pooled?.transport.close(); pooled = null; } });
}
