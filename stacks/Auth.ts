import { CfnOutput, Duration, type Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
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
 * Who signs people in, as the API and the pages need to know it: whose tokens to trust (issuer,
 * keys, the clients they may be for), where the pages send a person to sign in, and which claims
 * carry the role, name and scope (functions/api/auth.ts claimNames()).
 */
export interface IdentityProvider {
  kind: 'cognito' | 'oidc';
  issuer: string;
  jwksUrl: string;
  /** Clients whose tokens the API accepts besides the pages' own (scripts, other front ends). */
  apiClients: string[];
  /** The pages' authorization-code client, made for the API's callback where the provider is ours. */
  pagesSignIn(scope: Stack, apiEndpoint: string): { clientId: string; authorizeUrl: string; tokenUrl: string };
  /** CLAIM_* for the API when the provider's claims are not Cognito's. */
  claimsEnvironment: Record<string, string>;
}

/**
 * Any OpenID Connect provider by configuration (a government unified identity platform, Keycloak)
 * where Cognito user pools do not exist, as in the AWS China regions, or where the office has
 * its own. The provider issues RS256 tokens with the role (a group named as core/identity.ts's
 * roles) and the scope claims; its client must list `<ApiUrl>/ui/auth/callback` as a redirect.
 */
function externalIdentity(env: NodeJS.ProcessEnv = process.env): IdentityProvider | undefined {
  const issuer = env.SHENBAO_OIDC_ISSUER;
  if (!issuer) return undefined;
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`SHENBAO_OIDC_ISSUER is set: set ${name} too (docs/operations.md, "Another identity provider")`);
    return value;
  };
  const jwksUrl = need('SHENBAO_OIDC_JWKS_URL');
  const authorizeUrl = need('SHENBAO_OIDC_AUTHORIZE_URL');
  const tokenUrl = need('SHENBAO_OIDC_TOKEN_URL');
  const clientId = need('SHENBAO_OIDC_CLIENT_ID');
  const claims = {
    CLAIM_ROLES: env.SHENBAO_CLAIM_ROLES,
    CLAIM_USERNAME: env.SHENBAO_CLAIM_USERNAME,
    CLAIM_ORG: env.SHENBAO_CLAIM_ORG,
    CLAIM_DISTRICT: env.SHENBAO_CLAIM_DISTRICT,
  };
  return {
    kind: 'oidc',
    issuer,
    jwksUrl,
    apiClients: [clientId],
    pagesSignIn: () => ({ clientId, authorizeUrl, tokenUrl }),
    claimsEnvironment: Object.fromEntries(Object.entries(claims).filter((entry): entry is [string, string] => Boolean(entry[1]))),
  };
}

/**
 * The identity provider: an external OIDC provider when SHENBAO_OIDC_ISSUER names one, otherwise
 * the Cognito user pool the API trusts. Nobody signs themselves up: the city office creates accounts
 * and puts each in one group. `custom:org` and `custom:district` decide what a user may see, so
 * the app client may read them but never write them — a user cannot move themselves into
 * another organisation or district.
 */
export function Auth({ stack, app }: StackContext): IdentityProvider & { userPool?: UserPool } {
  const external = externalIdentity();
  if (external) {
    justify(stack);
    new CfnOutput(stack, 'IdentityProvider', { value: external.issuer });
    return external;
  }
  requireServices(stack.region, 'Auth', ['cognito-idp'], 'or set SHENBAO_OIDC_ISSUER to use another identity provider');
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
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireUppercase: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(7),
    },
    // TOTP for everyone who enrols; required of the city office and the districts by the API,
    // which refuses their tokens without `mfa` in amr (MFA_ROLES, functions/api/auth.ts).
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
    new CfnUserPoolGroup(stack, `Group-${role}`, {
      userPoolId: userPool.userPoolId,
      groupName: role,
      description: groupDescriptions[role],
    });
  }

  const standard = { email: true, fullname: true };
  // Scripts and API callers sign in with SRP; no OAuth flows on this client (CDK's default would
  // enable the implicit grant with an example.com callback). The pages' client is pagesSignIn's.
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

  justify(stack, ['mfaPerRole']);
  new CfnOutput(stack, 'UserPoolId', { value: userPool.userPoolId });
  new CfnOutput(stack, 'UserPoolClientId', { value: client.userPoolClientId });

  const issuer = `https://cognito-idp.${stack.region}.amazonaws.com/${userPool.userPoolId}`;
  const hostedUiUrl = hostedUi.baseUrl();
  return {
    kind: 'cognito',
    userPool,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    apiClients: [client.userPoolClientId],
    claimsEnvironment: {},
    // The web pages' sign-in: an authorization-code client of the hosted UI whose callback is the
    // API's /ui/auth/callback, so it is made in the API's stack, which knows that URL.
    pagesSignIn(scope, apiEndpoint) {
      const pages = new UserPoolClient(scope, 'PagesClient', {
        userPool,
        generateSecret: false,
        preventUserExistenceErrors: true,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
          callbackUrls: [`${apiEndpoint}/ui/auth/callback`],
          logoutUrls: [`${apiEndpoint}/ui/signin`],
        },
        readAttributes: new ClientAttributes()
          .withStandardAttributes({ email: true, fullname: true })
          .withCustomAttributes('org', 'district'),
        writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      });
      return { clientId: pages.userPoolClientId, authorizeUrl: `${hostedUiUrl}/oauth2/authorize`, tokenUrl: `${hostedUiUrl}/oauth2/token` };
    },
  };
}
