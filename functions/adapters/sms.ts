import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SNSClient } from '@aws-sdk/client-sns';
import { optionalEnv } from './env';

/** One text message: what the SMS port sends. */
export interface TextMessage {
  /** The notification it accompanies; names the outbox file, so a resend overwrites, not duplicates. */
  id: string;
  /** E.164, +86… (core/phone.ts mobileE164). */
  to: string;
  text: string;
  at: Date;
}

export interface SmsSender {
  send(message: TextMessage): Promise<void>;
}

/**
 * Amazon SNS's SMS, published straight to the phone number (no topic). Transactional: deadlines
 * are what the office must get through, so SNS routes them for delivery rather than price. A
 * sender id only where it is configured (SMS_SENDER_ID): many countries, mainland China among
 * them, take none. The SDK client loads with the first message, so a bundle that never sends
 * one (or a deployment without SMS) does not pay for it at a cold start.
 */
export class SnsSmsSender implements SmsSender {
  private client: Promise<{ client: SNSClient; PublishCommand: typeof import('@aws-sdk/client-sns').PublishCommand }> | undefined;

  constructor(
    private readonly senderId: string | undefined = optionalEnv('SMS_SENDER_ID'),
    private readonly makeClient?: () => SNSClient,
  ) {}

  async send(message: TextMessage): Promise<void> {
    this.client ??= import('@aws-sdk/client-sns').then(({ SNSClient, PublishCommand }) => ({
      client: this.makeClient?.() ?? new SNSClient({}),
      PublishCommand,
    }));
    const { client, PublishCommand } = await this.client;
    await client.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } } : {}),
        },
      }),
    );
  }
}

/** Locally: one .txt file per message under the SMS outbox directory, the number first. */
export class OutboxSmsSender implements SmsSender {
  constructor(private readonly dir: string) {}

  async send(message: TextMessage): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const stamp = message.at.toISOString().replace(/[:.]/g, '-');
    writeFileSync(join(this.dir, `${stamp}-${message.id}.txt`), `To: ${message.to}\n\n${message.text}\n`);
  }
}

let current: SmsSender | null | undefined;

/**
 * SMS_OUTBOX_DIR set (the local runtime sets it) means the outbox; SMS_TRANSPORT=sns SNS;
 * otherwise no text messages (a region without SNS SMS, such as AWS China, or an office that
 * does not want them): reminders still go by email and in the app.
 */
export function smsSender(): SmsSender | undefined {
  if (current === undefined) {
    const outbox = optionalEnv('SMS_OUTBOX_DIR');
    current = outbox ? new OutboxSmsSender(outbox) : optionalEnv('SMS_TRANSPORT') === 'sns' ? new SnsSmsSender() : null;
  }
  return current ?? undefined;
}

/** Puts a sender in place (or none): how a test sees what the sweep's callers do with a refusal. */
export function useSmsSender(sender: SmsSender | undefined): void {
  current = sender ?? null;
}
