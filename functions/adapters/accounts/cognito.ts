import type { AttributeType, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, NotFoundError, problemAt, UnavailableError, ValidationError } from '../../../core/errors';
import { coded } from '../../../core/problem-codes';
import type { AccountPort, NewAccount } from './port';

type Sdk = typeof import('@aws-sdk/client-cognito-identity-provider');

/**
 * Accounts in the Cognito user pool, through its admin API: AdminCreateUser with the attributes
 * the API reads (`custom:org`, `custom:district`, functions/api/auth.ts), Cognito's own invitation
 * email with a temporary password, the role as the group whose name `cognito:groups` carries, and
 * AdminDisableUser/AdminEnableUser. The SDK loads with the first call, so the API's cold start
 * does not pay for it.
 */
export class CognitoAccounts implements AccountPort {
  readonly kind = 'cognito';
  readonly invites = true;
  private sdk: Promise<{ client: CognitoIdentityProviderClient; sdk: Sdk }> | undefined;

  constructor(
    private readonly userPoolId: string,
    private readonly makeClient?: () => CognitoIdentityProviderClient,
  ) {}

  private async loaded() {
    this.sdk ??= import('@aws-sdk/client-cognito-identity-provider').then((sdk) => ({
      client: this.makeClient?.() ?? new sdk.CognitoIdentityProviderClient({}),
      sdk,
    }));
    return this.sdk;
  }

  async create(account: NewAccount): Promise<void> {
    const { client, sdk } = await this.loaded();
    const attributes: AttributeType[] = [
      { Name: 'email', Value: account.email },
      // The office typed the address the invitation goes to; recovery is by email only (stacks/Auth.ts).
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: account.displayName },
      ...(account.mobile ? [{ Name: 'phone_number', Value: account.mobile }] : []),
      ...(account.organisationId ? [{ Name: 'custom:org', Value: account.organisationId }] : []),
      ...(account.districtId ? [{ Name: 'custom:district', Value: account.districtId }] : []),
    ];
    await send(
      () =>
        client.send(
          new sdk.AdminCreateUserCommand({
            UserPoolId: this.userPoolId,
            Username: account.username,
            UserAttributes: attributes,
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
      account.username,
    );
    await send(
      () =>
        client.send(
          new sdk.AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: account.username, GroupName: account.role }),
        ),
      account.username,
    );
  }

  async disable(username: string): Promise<void> {
    const { client, sdk } = await this.loaded();
    await send(() => client.send(new sdk.AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username })), username);
  }

  async enable(username: string): Promise<void> {
    const { client, sdk } = await this.loaded();
    await send(() => client.send(new sdk.AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username })), username);
  }
}

async function send(call: () => Promise<unknown>, username: string): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw accountErrorOf(error, username);
  }
}

/**
 * A Cognito refusal as the domain's error, with the facts the caller needs; anything else (a
 * network failure, a missing permission) is ours, not the caller's, and passes through.
 */
export function accountErrorOf(error: unknown, username: string): unknown {
  const name = (error as { name?: string } | undefined)?.name;
  const facts = { username, provider: 'cognito', providerError: name };
  switch (name) {
    case 'UsernameExistsException':
      return new ConflictError(`the user pool already has an account ${username}`, facts, {
        cause: error,
        coded: coded('username-taken', { name: username }),
      });
    case 'AliasExistsException':
      return new ConflictError('another account in the user pool already uses this email address', facts, {
        cause: error,
        coded: coded('email-taken'),
      });
    case 'UserNotFoundException':
      return new NotFoundError(`the user pool has no account ${username}`, { cause: error });
    case 'InvalidParameterException':
      return new ValidationError([problemAt('body', `the user pool refused the account: ${(error as Error).message}`)], { cause: error });
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return new UnavailableError('the user pool is busy; try again in a moment', { cause: error });
    default:
      return error;
  }
}
