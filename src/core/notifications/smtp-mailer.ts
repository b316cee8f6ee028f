import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../shared/logger.js';
import type { Mailer, MailMessage, SmtpSettings } from './notifications.js';

/** Sends e-mail through an SMTP server (nodemailer, one pooled connection). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings & { host: string }) {
    this.transport = nodemailer.createTransport({
      host: settings.host, port: settings.port, secure: settings.secure, pool: true, maxConnections: 1,
      ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.settings.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transport.close();
  }
}

/** The mailer for the settings, or undefined (with a log line saying so) when no SMTP host is set. */
export function createMailer(settings: SmtpSettings, logger: Logger): Mailer | undefined {
  if (!settings.host) {
    logger.info('e-mail notifications are off: no SMTP host set (CW_SMTP_HOST)');
    return undefined;
  }
  logger.info({ host: settings.host, port: settings.port, secure: settings.secure, from: settings.from }, 'e-mail notifications on');
  return new SmtpMailer({ ...settings, host: settings.host });
}
