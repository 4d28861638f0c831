import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTextMessage, TEXT_MESSAGE_MAX, type MessageKind } from '../../core/messages';
import { isChineseMobile, mobileE164 } from '../../core/phone';
import { directoryEntryOf, seededUsers } from '../../local/users';
import { OutboxSmsSender, SnsSmsSender, useSmsSender, type TextMessage } from '../../functions/adapters/sms';
import type { NotificationItem, PersonItem } from '../../functions/adapters/entities';
import { textMessage } from '../../functions/services/notifications';

const message = {
  id: 'ntf_1',
  to: '+8613800000002',
  text: '【申报】已逾期：银龄数字课堂（区级推荐），截止2026-10-16 23:59。',
  at: new Date('2026-10-17T00:00:00Z'),
};

// SNS has no local emulator: the SDK client is mocked (aws-sdk-client-mock), only here.
describe('the SNS SMS sender (AWS SDK mocked)', () => {
  const sns = mockClient(SNSClient);
  afterEach(() => sns.reset());

  it('publishes straight to the E.164 number as a Transactional SMS, with the sender id where one is configured', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await new SnsSmsSender('SHENBAO', () => new SNSClient({ region: 'ap-southeast-1' })).send(message);
    await new SnsSmsSender(undefined, () => new SNSClient({ region: 'ap-southeast-1' })).send({ ...message, to: '+8613800000001' });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        PhoneNumber: '+8613800000002',
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'SHENBAO' },
        },
      },
      {
        PhoneNumber: '+8613800000001',
        Message: message.text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      },
    ]);
  });

  it('makes its client once, at the first message', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    let made = 0;
    const sender = new SnsSmsSender(undefined, () => {
      made++;
      return new SNSClient({ region: 'ap-southeast-1' });
    });
    expect(made).toBe(0);
    await sender.send(message);
    await sender.send({ ...message, id: 'ntf_2' });
    expect(made).toBe(1);
  });

  it('lets an SNS failure through, so the caller knows the message was not sent', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Phone number is opted out'), { name: 'OptedOutException' }));
    await expect(new SnsSmsSender(undefined, () => new SNSClient({ region: 'ap-southeast-1' })).send(message)).rejects.toThrow('opted out');
  });
});

describe('the local SMS outbox', () => {
  it('writes one readable .txt per message, named by its notification, so a resend overwrites it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sms-')), 'sms-outbox');
    const outbox = new OutboxSmsSender(dir);
    await outbox.send(message);
    await outbox.send(message);
    expect(readdirSync(dir)).toEqual(['2026-10-17T00-00-00-000Z-ntf_1.txt']);
    expect(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8')).toBe(`To: +8613800000002\n\n${message.text}\n`);
  });
});

describe('the text of a reminder SMS', () => {
  const facts = {
    projectTitle: '银龄数字课堂',
    stage: { zh: '区级推荐', en: 'District recommendation' },
    dueAt: new Date('2026-10-16T15:59:59.999Z'),
    link: 'https://shenbao.example/tasks/tsk_01HXYZ',
    assignee: 'district-a',
  };

  it('says what is due and when, in Chinese, without the link', () => {
    expect(renderTextMessage('due-in-3', facts)).toBe('【申报】还有3个工作日到期：银龄数字课堂（区级推荐），截止2026-10-16 23:59。');
    expect(renderTextMessage('escalation', facts)).toBe(
      '【申报】督办：district-a逾期未办：银龄数字课堂（区级推荐），截止2026-10-16 23:59。',
    );
  });

  it('fits one SMS (70 characters) whatever the title, shortening the title and keeping the due time', () => {
    const kinds: MessageKind[] = ['due-in-7', 'due-in-1', 'overdue', 'escalation', 'draft-due-in-7'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), (kind, projectTitle) => {
        const text = renderTextMessage(kind, { ...facts, projectTitle });
        expect(Array.from(text).length).toBeLessThanOrEqual(TEXT_MESSAGE_MAX);
        expect(text).toContain('截止2026-10-16 23:59');
        expect(text).not.toContain('http');
      }),
    );
    const long = renderTextMessage('draft-due-in-7', {
      ...facts,
      projectTitle: '社区老年人智能手机应用能力提升与数字生活融入系列课程建设',
    });
    expect(long).toMatch(/^【申报】申报将在7个工作日后截止，您的草稿尚未提交：社区.*…（区级推荐），截止2026-10-16 23:59。$/);
  });
});

describe('a mobile in the directory', () => {
  it('is a mainland mobile however it is written, sent to in E.164', () => {
    expect(['138 0000 0001', '13800000001', '+86 138-0000-0001'].map(mobileE164)).toEqual(Array(3).fill('+8613800000001'));
    expect(isChineseMobile('021-5555 0101')).toBe(false); // a fixed line takes no SMS
    expect(mobileE164('12345')).toBeUndefined();
  });

  it('is a Chinese mobile in every seeded entry that has one, and district-b has none', () => {
    const entries = seededUsers.map(directoryEntryOf);
    const mobiles = entries.filter((e) => e.mobile).map((e) => [e.username, mobileE164(e.mobile!)]);
    expect(mobiles).toEqual([
      ['admin', '+8613800000001'],
      ['district-a', '+8613800000002'],
      ['expert-1', '+8613800000003'],
      ['applicant-a1', '+8613800000004'],
    ]);
  });
});

describe('texting a reminder’s recipients', () => {
  const item = (recipient: string) =>
    ({ notificationId: `ntf_${recipient}`, recipient, createdAt: '2026-10-17T00:00:00.000Z' }) as NotificationItem;
  const people = [
    { username: 'a', mobile: '138 0000 0001' },
    { username: 'b', mobile: '138 0000 0002' },
    { username: 'c' },
  ] as PersonItem[];
  afterEach(() => useSmsSender(undefined));

  it('texts those with a mobile in E.164, counts a refusal without throwing, and goes on to the next', async () => {
    const sent: TextMessage[] = [];
    useSmsSender({
      async send(message) {
        if (message.to === '+8613800000001') throw new Error('OptedOutException');
        sent.push(message);
      },
    });
    const result = await textMessage([item('a'), item('b'), item('c')], people, '【申报】已逾期');
    expect(result).toEqual({ sent: 1, failed: 1 });
    expect(sent.map((m) => [m.id, m.to, m.text])).toEqual([['ntf_b', '+8613800000002', '【申报】已逾期']]);
  });

  it('sends nothing where the channel is off', async () => {
    useSmsSender(undefined);
    expect(await textMessage([item('a')], people, '【申报】已逾期')).toEqual({ sent: 0, failed: 0 });
  });
});
