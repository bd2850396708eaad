// A local SMTP server for tests (smtp-server on 127.0.0.1, plain, login required): keeps every mail it accepts,
// parsed far enough for assertions (headers, the plain-text and HTML parts decoded), or refuses each recipient with a
// temporary failure while `mode` is 'fail'.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail { to: string[]; headers: Map<string, string>; text: string; html: string; raw: string }
export interface SmtpSink { port: number; mode: 'ok' | 'fail' | 'reject'; mails: ReceivedMail[]; logins: string[]; close(): Promise<void> }

/** Headers unfolded, names lower-cased. */
function parseHeaders(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function decode(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The text/plain and text/html parts of a mail (one level of multipart, which is what a text + HTML mail is). */
function parts(headers: Map<string, string>, body: string): { text: string; html: string } {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) return type.startsWith('text/html') ? { text: '', html: decode(body, headers.get('content-transfer-encoding')) } : { text: decode(body, headers.get('content-transfer-encoding')), html: '' };
  const found = { text: '', html: '' };
  for (const part of body.split(`--${boundary}`).slice(1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const h = parseHeaders(part.slice(0, split).replace(/^\r\n/, ''));
    const content = decode(part.slice(split + 4).replace(/\r\n$/, ''), h.get('content-transfer-encoding'));
    if (h.get('content-type')?.startsWith('text/plain')) found.text = content;
    if (h.get('content-type')?.startsWith('text/html')) found.html = content;
  }
  return found;
}

export async function startSmtpSink(login = { user: 'klaxon', pass: 'mail-password' }): Promise<SmtpSink> {
  const sink: SmtpSink = { port: 0, mode: 'ok', mails: [], logins: [], close: () => new Promise((resolve) => server.close(() => resolve())) };
  const server = new SMTPServer({
    secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
    onAuth(auth, _session, callback) {
      sink.logins.push(auth.username ?? '');
      if (auth.username === login.user && auth.password === login.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (sink.mode === 'fail') callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
      else if (sink.mode === 'reject') callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const split = raw.indexOf('\r\n\r\n');
        const headers = parseHeaders(raw.slice(0, split));
        sink.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), headers, ...parts(headers, raw.slice(split + 4)), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}
