import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { partitionOf, requireServices, RegionLacksServices } from '../../stacks/regions';
import { mailTransportFor } from '../../stacks/Notifications';
import { grantsOf, render, violations } from './iam';
import { synthesizeChecked, synthesize } from './synth';

/** An office's own OpenID Connect provider (e.g. Keycloak), as docs/operations.md sets it up. */
const oidc = {
  SHENBAO_OIDC_ISSUER: 'https://id.example.gov.cn/realms/city',
  SHENBAO_OIDC_JWKS_URL: 'https://id.example.gov.cn/realms/city/protocol/openid-connect/certs',
  SHENBAO_OIDC_AUTHORIZE_URL: 'https://id.example.gov.cn/realms/city/protocol/openid-connect/auth',
  SHENBAO_OIDC_TOKEN_URL: 'https://id.example.gov.cn/realms/city/protocol/openid-connect/token',
  SHENBAO_OIDC_CLIENT_ID: 'shenbao',
  SHENBAO_CLAIM_ROLES: 'groups',
};

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(vars)) delete process.env[name];
  }
}

describe('the deployment region', () => {
  it('stops the synthesis where a stack’s service is missing and has no stand-in, naming the stack, the service and what to do', async () => {
    await expect(synthesize('test', 'cn-northwest-1')).rejects.toThrow(
      /^Auth cannot be deployed to cn-northwest-1: Cognito user pools \(sign-in\) is not offered there\. Set SHENBAO_REGION to a region that has it \(for example ap-southeast-1\), or set SHENBAO_OIDC_ISSUER to use another identity provider/,
    );
    await withEnv({ SHENBAO_OIDC_ISSUER: oidc.SHENBAO_OIDC_ISSUER }, () =>
      expect(synthesize('test', 'cn-northwest-1')).rejects.toThrow(/set SHENBAO_OIDC_JWKS_URL too/),
    );
  });

  it('knows which regions lack what, and their partitions', () => {
    expect(() => requireServices('cn-northwest-1', 'Auth', ['cognito-idp'])).toThrow(RegionLacksServices);
    expect(() => requireServices('cn-north-1', 'Workflows', ['states', 'lambda', 'dynamodb'])).not.toThrow();
    expect([
      mailTransportFor('ap-east-1'),
      mailTransportFor('cn-north-1'),
      mailTransportFor('ap-southeast-1'),
      mailTransportFor('ap-southeast-1', { SHENBAO_MAIL_TRANSPORT: 'smtp' }),
    ]).toEqual(['smtp', 'smtp', 'ses', 'smtp']);
    expect([partitionOf('cn-northwest-1'), partitionOf('ap-southeast-1'), partitionOf('us-gov-west-1')]).toEqual([
      'aws-cn',
      'aws',
      'aws-us-gov',
    ]);
  });
});

describe('an AWS China stage (cn-northwest-1): another identity provider, mail by SMTP, aws-cn ARNs', () => {
  it('synthesizes, trusting the office’s OIDC provider and sending mail through its SMTP server', async () => {
    const { templates, findings } = await withEnv(
      { ...oidc, SHENBAO_MAIL_DOMAIN: 'shenbao.example.gov.cn', SHENBAO_OPERATOR_EMAIL: 'ops@example.gov.cn' },
      () => synthesizeChecked('prod', 'cn-northwest-1'),
    );
    const all = Object.values(templates).map((t) => t.toJSON());
    const types = all.flatMap((t) => Object.values(t.Resources as Record<string, { Type: string }>).map((r) => r.Type));
    // No Cognito, no SES: neither exists there.
    expect(types.filter((t) => t.startsWith('AWS::Cognito::') || t.startsWith('AWS::SES::'))).toEqual([]);

    // The gateway and the app trust the provider's tokens for its client, with its claims.
    const [, authorizer] = Object.entries(templates.Api.toJSON().Resources as Record<string, any>).find(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer',
    )!;
    expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: oidc.SHENBAO_OIDC_ISSUER, Audience: ['shenbao'] });
    const api = Object.values(templates.Api.toJSON().Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.JWKS_URL,
    )!;
    expect(api.Properties.Environment.Variables).toMatchObject({
      JWT_ISSUER: oidc.SHENBAO_OIDC_ISSUER,
      JWKS_URL: oidc.SHENBAO_OIDC_JWKS_URL,
      JWT_AUDIENCE: 'shenbao',
      OIDC_AUTHORIZE_URL: oidc.SHENBAO_OIDC_AUTHORIZE_URL,
      OIDC_TOKEN_URL: oidc.SHENBAO_OIDC_TOKEN_URL,
      OIDC_CLIENT_ID: 'shenbao',
      CLAIM_ROLES: 'groups',
      // The office's accounts are made in the provider; shenbao keeps only the directory.
      ACCOUNT_PROVIDER: 'external',
    });
    expect(api.Properties.Environment.Variables).not.toHaveProperty('USER_POOL_ID');
    expect(JSON.stringify(all)).not.toContain('cognito-idp:Admin');

    // The sweep sends by SMTP with the URL from its SecureString, and may read that parameter only.
    const sweep = Object.entries(templates.Schedules.toJSON().Resources as Record<string, any>).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('SweepFunction'),
    )![1];
    expect(sweep.Properties.Environment.Variables).toMatchObject({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL_PARAMETER: '/shenbao/prod/smtp-url',
      MAIL_FROM: 'noreply@shenbao.example.gov.cn',
    });
    templates.Schedules.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ssm:GetParameter', Resource: Match.anyValue() })]) },
    });
    const ssm = JSON.stringify(templates.Schedules.toJSON()).match(
      /"Action":"ssm:GetParameter","Effect":"Allow","Resource":(\{.*?\]\]\})/,
    )?.[1];
    expect(render(JSON.parse(ssm!))).toBe('arn:{Ref AWS::Partition}:ssm:cn-northwest-1:123456789012:parameter/shenbao/prod/smtp-url');
    expect(JSON.stringify(all)).not.toContain('ses:SendEmail');

    // Every state machine calls Lambda through the partition's ARN, which CloudFormation fills.
    for (const [, machine] of Object.entries(templates.Workflows.toJSON().Resources as Record<string, any>).filter(
      ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
    )) {
      expect(machine.Properties.DefinitionString).toContain('arn:${Partition}:states:::lambda:invoke');
      expect(machine.Properties.DefinitionString).not.toContain('arn:aws:');
      expect(machine.Properties.DefinitionSubstitutions.Partition).toEqual({ Ref: 'AWS::Partition' });
    }
    // No ARN anywhere is written for the aws partition by hand.
    expect(JSON.stringify(all)).not.toMatch(/"arn:aws:/);

    // No SES reputation alarms without SES; the rest of the monitoring stands.
    const alarms = Object.values(templates.Monitoring.toJSON().Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties.AlarmName);
    expect(alarms).toEqual(
      expect.arrayContaining(['prod-shenbao-DeclarationExecutionsFailed', 'prod-shenbao-SweepNotRunning', 'prod-shenbao-Api5xxRate']),
    );
    expect(alarms.filter((a: string) => a.includes('Mail'))).toEqual([]);

    // SNS sends no text messages there: the channel is off, so no grant, no setting, no SMS alarms.
    expect(all.flatMap((t) => grantsOf(t)).filter((g) => g.actions.includes('sns:Publish'))).toEqual([]);
    expect(sweep.Properties.Environment.Variables).not.toHaveProperty('SMS_TRANSPORT');
    expect(alarms.filter((a: string) => a.includes('Sms'))).toEqual([]);

    for (const t of all) expect(violations(t)).toEqual([]);
    expect(Object.values(findings).flat().sort()).toEqual([]);
  });
});
