import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Transporter } from 'nodemailer';
import { MissingEnvironmentError, optionalEnv, requireEnv } from './env';

/** One email: what the notifier port sends. */
export interface Email {
  /** The notification it accompanies; names the outbox file, so a resend overwrites, not duplicates. */
  id: string;
  to: string;
  subject: string;
  body: string;
  at: Date;
}

export interface Notifier {
  send(email: Email): Promise<void>;
}

/**
 * SES v2 in the cloud, from MAIL_FROM. The client is loaded on the first e-mail: the API sends
 * one only when a decision tells someone at once (an invitation declined), and its cold start
 * should not pay for evaluating the SES and SSM clients (145 KB) on every request.
 */
export class SesNotifier implements Notifier {
  private client: Promise<SESv2Client> | undefined;
  constructor(
    given?: SESv2Client,
    private readonly from: string = requireEnv('MAIL_FROM'),
  ) {
    this.client = given && Promise.resolve(given);
  }

  async send(email: Email): Promise<void> {
    const { SendEmailCommand, SESv2Client } = await import('@aws-sdk/client-sesv2');
    this.client ??= Promise.resolve(new SESv2Client({}));
    await (await this.client).send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.body, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}

/**
 * SMTP, where SES is not offered (the AWS China regions) or the office sends through its own
 * mail server. The server's URL (`smtps://user:password@host:465`) is a secret: in the cloud it
 * lives in an SSM SecureString parameter (SMTP_URL_PARAMETER) read once per process; elsewhere
 * SMTP_URL may carry it. nodemailer is loaded only by a deployment that sends this way.
 */
export class SmtpNotifier implements Notifier {
  private transport: Promise<Transporter> | undefined;

  constructor(
    private readonly smtpUrl: () => Promise<string> = smtpUrlFromEnvironment,
    private readonly from: string = requireEnv('MAIL_FROM'),
  ) {}

  async send(email: Email): Promise<void> {
    this.transport ??= this.connect();
    const transport = await this.transport;
    await transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.body,
      date: email.at,
      // The notification's id: a resend after a lost reply carries the same Message-ID.
      messageId: `<${email.id}@shenbao>`,
    });
  }

  private async connect(): Promise<Transporter> {
    const [{ createTransport }, url] = await Promise.all([import('nodemailer'), this.smtpUrl()]);
    return createTransport(url);
  }
}

async function smtpUrlFromEnvironment(): Promise<string> {
  const direct = optionalEnv('SMTP_URL');
  if (direct) return direct;
  // Required only of a deployment that sends by SMTP (Notifications sets it there).
  const name = optionalEnv('SMTP_URL_PARAMETER');
  if (!name) throw new MissingEnvironmentError('SMTP_URL_PARAMETER');
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  if (!Parameter?.Value) throw new Error(`SSM parameter ${name} holds no SMTP URL`);
  return Parameter.Value;
}

/** Locally: one .eml file per message under the outbox directory, readable as it is. */
export class OutboxNotifier implements Notifier {
  constructor(private readonly dir: string) {}

  async send(email: Email): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const stamp = email.at.toISOString().replace(/[:.]/g, '-');
    const encoded = `=?UTF-8?B?${Buffer.from(email.subject).toString('base64')}?=`;
    const eml = [
      `From: ${optionalEnv('MAIL_FROM') ?? 'shenbao@localhost'}`,
      `To: ${email.to}`,
      `Subject: ${encoded}`,
      `X-Subject-Text: ${email.subject}`,
      `Date: ${email.at.toUTCString()}`,
      `Message-ID: <${email.id}@shenbao.local>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      email.body,
    ].join('\r\n');
    writeFileSync(join(this.dir, `${stamp}-${email.id}.eml`), eml);
  }
}

let current: Notifier | undefined;

/** OUTBOX_DIR set (the local runtime sets it) means the outbox; MAIL_TRANSPORT=smtp SMTP; otherwise SES. */
export function notifier(): Notifier {
  const outbox = optionalEnv('OUTBOX_DIR');
  current ??= outbox ? new OutboxNotifier(outbox) : optionalEnv('MAIL_TRANSPORT') === 'smtp' ? new SmtpNotifier() : new SesNotifier();
  return current;
}
