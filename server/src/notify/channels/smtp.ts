// Mail through the province's SMTP relay (nodemailer), to the address in the user's preferences.
import nodemailer from 'nodemailer';
import { SendError, type Channel, type Outgoing } from './channel.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  from: string;
  user?: string | undefined;
  password?: string | undefined;
  timeoutMs?: number | undefined;
}

export function smtpChannel(s: SmtpSettings): Channel & { close(): void } {
  const timeout = s.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    name: 'email',
    async send(m: Outgoing) {
      if (!m.address) throw new SendError(`no mail address for ${m.recipient}`);
      try {
        await transport.sendMail({ from: s.from, to: m.address, subject: m.subject, text: m.text });
      } catch (e) {
        throw new SendError(`SMTP ${s.host}:${s.port}: ${(e as Error).message}`);
      }
    },
    close: () => transport.close(),
  };
}
