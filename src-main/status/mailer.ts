// Sends one mail with nodemailer over the SMTP server in this device's settings, read at each send (a change of
// settings takes effect at the next try). Never throws: a refused connection, a rejected login or recipient is an
// outcome to retry, with what the server said.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../../src-shared/schemas/settings.ts';
import type { MailContent } from '../../src-shared/domain/subscribers/mail.ts';

export interface OutgoingMail extends MailContent {
  to: string;
  /** The Message-ID: the same on every try, so a receiver that got a try we did not hear back from can drop the copy. */
  messageId: string;
}

export type Mailer = (mail: OutgoingMail) => Promise<{ error: string | null }>;

export function smtpMailer(settings: () => { smtp: SmtpSettings; password: string | null }, timeoutMs: number): Mailer {
  return async (mail) => {
    const { smtp, password } = settings();
    if (!smtp.host || !smtp.from) return { error: 'SMTP is not set up on this device (settings: smtp.host and smtp.from)' };
    const transport = nodemailer.createTransport({
      host: smtp.host, port: smtp.port,
      secure: smtp.security === 'tls', requireTLS: smtp.security === 'starttls', ignoreTLS: smtp.security === 'none',
      auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
      connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({
        from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId: mail.messageId,
      });
      return { error: null };
    } catch (e) {
      const err = e as Error & { response?: string; code?: string };
      return { error: err.response ?? (err.code ? `${err.code}: ${err.message}` : err.message) };
    } finally {
      transport.close();
    }
  };
}
