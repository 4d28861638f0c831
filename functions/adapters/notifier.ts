import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { optionalEnv, requireEnv } from './env';

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

/** SES v2 in the cloud, from MAIL_FROM. */
export class SesNotifier implements Notifier {
  constructor(
    private readonly client: SESv2Client = new SESv2Client({}),
    private readonly from: string = requireEnv('MAIL_FROM'),
  ) {}

  async send(email: Email): Promise<void> {
    await this.client.send(
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

/** OUTBOX_DIR set (the local runtime sets it) means the outbox; otherwise SES. */
export function notifier(): Notifier {
  const outbox = optionalEnv('OUTBOX_DIR');
  current ??= outbox ? new OutboxNotifier(outbox) : new SesNotifier();
  return current;
}

export function useNotifier(next: Notifier | undefined): void {
  current = next;
}
