import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { StackContext } from 'sst/constructs';
import { justify } from './nag';
import { offers } from './regions';
import { stageSettings } from './stages';

/** How mail leaves: SES where the region has it, SMTP through the office's server elsewhere. */
export type MailTransport = 'ses' | 'smtp';

export function mailTransportFor(region: string, env: NodeJS.ProcessEnv = process.env): MailTransport {
  if (env.SHENBAO_MAIL_TRANSPORT === 'smtp' || !offers(region, 'ses')) return 'smtp';
  return 'ses';
}

/** How text messages leave: SNS where it sends them, none where it does not (AWS China) or SHENBAO_SMS=off. */
export type SmsTransport = 'sns' | 'none';

export function smsTransportFor(region: string, env: NodeJS.ProcessEnv = process.env): SmsTransport {
  return env.SHENBAO_SMS === 'off' || !offers(region, 'sms') ? 'none' : 'sns';
}

/**
 * The SMS port's cloud side: SNS publishing straight to a phone number (no topic), Transactional,
 * with the sender id SHENBAO_SMS_SENDER_ID where the destination takes one. Publish to a phone
 * number is authorised on no resource, so the grant is `*`; the same policy denies publishing to
 * any topic, which leaves exactly the SMS.
 */
function smsChannel(stack: StackContext['stack'], env: NodeJS.ProcessEnv = process.env) {
  const transport = smsTransportFor(stack.region, env);
  const senderId = env.SHENBAO_SMS_SENDER_ID;
  return {
    transport,
    environment: (transport === 'sns' ? { SMS_TRANSPORT: 'sns', ...(senderId ? { SMS_SENDER_ID: senderId } : {}) } : {}) as Record<
      string,
      string
    >,
    grantSend(grantee: IGrantable) {
      if (transport !== 'sns') return;
      const policy = grantee.grantPrincipal;
      policy.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      const topics = stack.formatArn({ service: 'sns', region: '*', account: '*', resource: '*' });
      policy.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: [topics] }));
    },
  };
}

/**
 * The mail port's cloud side. With SES: the identity mail is sent from (a domain: SES gives the
 * DKIM records to publish after the first deploy) and the one permission to use it; a new SES
 * account is in the sandbox and mails only verified addresses until AWS lifts it. With SMTP
 * (the AWS China regions, which have no SES, or SHENBAO_MAIL_TRANSPORT=smtp): the server's URL
 * with its credentials is an SSM SecureString the operator puts at `/shenbao/<stage>/smtp-url`
 * (docs/operations.md), and the sender may read that parameter and nothing else.
 */
export function Notifications({ stack, app }: StackContext) {
  const { mailDomain } = stageSettings(app.stage);
  const transport = mailTransportFor(stack.region);
  const from = `noreply@${mailDomain}`;
  const sms = smsChannel(stack);
  justify(stack);
  if (transport === 'smtp') {
    const parameterName = `/shenbao/${app.stage}/smtp-url`;
    const parameterArn = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: parameterName.slice(1) });
    return {
      transport,
      from,
      sms,
      /** What the sender needs to know: who it is, how it sends. */
      senderEnvironment: { MAIL_FROM: from, MAIL_TRANSPORT: 'smtp', SMTP_URL_PARAMETER: parameterName } as Record<string, string>,
      /** ssm:GetParameter on the SMTP URL's parameter only (decrypted with the account's aws/ssm key). */
      grantSend(grantee: IGrantable) {
        grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn] }));
      },
    };
  }
  new EmailIdentity(stack, 'MailIdentity', { identity: Identity.domain(mailDomain) });
  // Named from the domain, not referenced: the functions' stacks need no export from this one.
  const identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: mailDomain });
  return {
    transport,
    from,
    sms,
    senderEnvironment: { MAIL_FROM: from } as Record<string, string>,
    /** ses:SendEmail (SES v2's SendEmail is authorised by that action) from this identity only. */
    grantSend(grantee: IGrantable) {
      grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }));
    },
  };
}
