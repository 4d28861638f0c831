import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { OutboxNotifier, SesNotifier } from '../../functions/adapters/notifier';

const email = { id: 'ntf_1', to: 'district-a@example.org', subject: '【申报】已逾期：银龄数字课堂（区级推荐）', body: '已逾期。\n', at: new Date('2026-10-17T00:00:00Z') };

// SES has no local emulator: the SDK client is mocked (aws-sdk-client-mock), only here.
describe('the SES v2 notifier (AWS SDK mocked)', () => {
  it('sends a UTF-8 text email from MAIL_FROM to the recipient', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesNotifier(new SESv2Client({ region: 'us-east-1' }), 'noreply@shenbao.example').send(email);
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      FromEmailAddress: 'noreply@shenbao.example',
      Destination: { ToAddresses: ['district-a@example.org'] },
      Content: { Simple: { Subject: { Data: email.subject, Charset: 'UTF-8' }, Body: { Text: { Data: email.body, Charset: 'UTF-8' } } } },
    });
    ses.restore();
  });

  it('lets an SES failure through, so the caller knows the email was not sent', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected'));
    await expect(new SesNotifier(new SESv2Client({ region: 'us-east-1' }), 'noreply@shenbao.example').send(email)).rejects.toThrow('MessageRejected');
    ses.restore();
  });
});

describe('the local outbox', () => {
  it('writes one readable .eml per message', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox');
    await new OutboxNotifier(dir).send(email);
    const files = readdirSync(dir);
    expect(files).toEqual(['2026-10-17T00-00-00-000Z-ntf_1.eml']);
    const eml = readFileSync(join(dir, files[0]!), 'utf8');
    expect(eml).toContain('To: district-a@example.org');
    expect(eml).toContain(`X-Subject-Text: ${email.subject}`);
    expect(eml).toContain('=?UTF-8?B?');
    expect(eml.endsWith('已逾期。\n')).toBe(true);
  });
});
