import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SMTPServer } from 'smtp-server';
import { OutboxNotifier, SesNotifier, SmtpNotifier } from '../../functions/adapters/notifier';

const email = {
  id: 'ntf_1',
  to: 'district-a@example.org',
  subject: '【申报】已逾期：银龄数字课堂（区级推荐）',
  body: '已逾期。\n',
  at: new Date('2026-10-17T00:00:00Z'),
};

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
    await expect(new SesNotifier(new SESv2Client({ region: 'us-east-1' }), 'noreply@shenbao.example').send(email)).rejects.toThrow(
      'MessageRejected',
    );
    ses.restore();
  });
});

// SMTP has a real peer here: smtp-server (nodemailer's own server library) on loopback.
describe('the SMTP notifier (where SES is not offered)', () => {
  async function smtpServer(auth: { user: string; pass: string }) {
    const received: { from: string | false; to: string[]; data: string; user: string | undefined }[] = [];
    const server = new SMTPServer({
      secure: false,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(credentials, _session, done) {
        if (credentials.username === auth.user && credentials.password === auth.pass) return done(null, { user: credentials.username });
        return done(new Error('535 authentication failed'));
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString(),
            user: session.user as string | undefined,
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('signs in and sends a UTF-8 text email from MAIL_FROM, with the notification as its Message-ID', async () => {
    const server = await smtpServer({ user: 'shenbao', pass: 's3cret' });
    try {
      const smtp = new SmtpNotifier(async () => `smtp://shenbao:s3cret@127.0.0.1:${server.port}?ignoreTLS=true`, 'noreply@shenbao.example');
      await smtp.send(email);
      await smtp.send({ ...email, id: 'ntf_2', to: 'admin@example.org' });
      expect(server.received.map((m) => [m.user, m.from, m.to])).toEqual([
        ['shenbao', 'noreply@shenbao.example', ['district-a@example.org']],
        ['shenbao', 'noreply@shenbao.example', ['admin@example.org']],
      ]);
      const message = server.received[0]!.data;
      expect(message).toMatch(/^Message-ID: <ntf_1@shenbao>\r$/m);
      expect(message).toMatch(/^Content-Type: text\/plain; charset=utf-8\r$/m);
      expect(message).toContain('Subject: =?UTF-8?');
    } finally {
      await server.close();
    }
  });

  it('lets a refused sign-in through, so the caller knows the email was not sent', async () => {
    const server = await smtpServer({ user: 'shenbao', pass: 's3cret' });
    try {
      const smtp = new SmtpNotifier(async () => `smtp://shenbao:wrong@127.0.0.1:${server.port}?ignoreTLS=true`, 'noreply@shenbao.example');
      await expect(smtp.send(email)).rejects.toThrow(/535|auth/i);
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reads the server’s URL from the SecureString parameter SMTP_URL_PARAMETER names, once (SSM mocked)', async () => {
    const server = await smtpServer({ user: 'shenbao', pass: 's3cret' });
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: `smtp://shenbao:s3cret@127.0.0.1:${server.port}?ignoreTLS=true` } });
    process.env.SMTP_URL_PARAMETER = '/shenbao/prod/smtp-url';
    try {
      const smtp = new SmtpNotifier(undefined, 'noreply@shenbao.example');
      await smtp.send(email);
      await smtp.send({ ...email, id: 'ntf_2' });
      expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([
        { Name: '/shenbao/prod/smtp-url', WithDecryption: true },
      ]);
      expect(server.received).toHaveLength(2);
    } finally {
      delete process.env.SMTP_URL_PARAMETER;
      ssm.restore();
      await server.close();
    }
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
