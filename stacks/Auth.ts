import { CfnOutput, Duration } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, ClientAttributes, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { StackContext } from 'sst/constructs';
import { roles } from '../core/identity';
import { justify } from './nag';
import { requireServices } from './regions';
import { stageSettings } from './stages';

/** What each Cognito group is; the group names are core/identity.ts's roles, read from `cognito:groups`. */
const groupDescriptions: Record<(typeof roles)[number], string> = {
  'city-admin': 'The city office (市终身教育办公室): calls, formal review, experts, shortlist',
  'district-reviewer': 'A district reviewer (区级推荐), scoped by custom:district',
  expert: 'A reviewing expert (专家), scoped by custom:org and custom:district for 回避',
  applicant: 'A street or township centre (申报单位), scoped by custom:org',
};

/**
 * The user pool the API trusts. Nobody signs themselves up: the city office creates accounts
 * and puts each in one group. `custom:org` and `custom:district` decide what a user may see, so
 * the app client may read them but never write them — a user cannot move themselves into
 * another organisation or district.
 */
export function Auth({ stack, app }: StackContext) {
  requireServices(stack.region, 'Auth', ['cognito-idp']);
  const settings = stageSettings(app.stage);
  const userPool = new UserPool(stack, 'Users', {
    userPoolName: app.logicalPrefixedName('users'),
    selfSignUpEnabled: false,
    signInAliases: { username: true, email: true },
    standardAttributes: { email: { required: false, mutable: true }, fullname: { required: false, mutable: true } },
    customAttributes: {
      org: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      district: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
    },
    passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(7) },
    mfa: Mfa.OPTIONAL,
    // Threat protection (Cognito's Plus plan): compromised-credential and adaptive checks, enforced.
    featurePlan: FeaturePlan.PLUS,
    standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
    mfaSecondFactor: { sms: false, otp: true },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    deletionProtection: settings.protect,
    removalPolicy: settings.removalPolicy,
  });

  for (const role of roles) {
    new CfnUserPoolGroup(stack, `Group-${role}`, { userPoolId: userPool.userPoolId, groupName: role, description: groupDescriptions[role] });
  }

  const standard = { email: true, fullname: true };
  // Scripts and API callers sign in with SRP; no OAuth flows on this client (CDK's default would
  // enable the implicit grant with an example.com callback). The pages' client is in Api.ts.
  const client = userPool.addClient('Web', {
    authFlows: { userSrp: true },
    disableOAuth: true,
    generateSecret: false,
    preventUserExistenceErrors: true,
    idTokenValidity: Duration.hours(8),
    accessTokenValidity: Duration.hours(8),
    refreshTokenValidity: Duration.days(30),
    readAttributes: new ClientAttributes().withStandardAttributes(standard).withCustomAttributes('org', 'district'),
    writeAttributes: new ClientAttributes().withStandardAttributes(standard),
  });

  // Cognito's hosted UI, where the web pages send people to sign in. The prefix is global per
  // region, so an office can choose its own (SHENBAO_AUTH_DOMAIN_PREFIX).
  const hostedUi = userPool.addDomain('HostedUi', {
    cognitoDomain: { domainPrefix: process.env.SHENBAO_AUTH_DOMAIN_PREFIX ?? `shenbao-${app.stage}`.toLowerCase() },
  });

  justify(stack);
  new CfnOutput(stack, 'UserPoolId', { value: userPool.userPoolId });
  new CfnOutput(stack, 'UserPoolClientId', { value: client.userPoolClientId });

  const issuer = `https://cognito-idp.${stack.region}.amazonaws.com/${userPool.userPoolId}`;
  return { userPool, client, hostedUiUrl: hostedUi.baseUrl(), issuer, jwksUrl: `${issuer}/.well-known/jwks.json` };
}
