import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  InvalidParameterException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '../../core/errors';
import { CognitoAccounts } from '../../functions/adapters/accounts/cognito';
import { httpOf } from '../../functions/api/error-map';

const POOL = 'ap-southeast-1_Example';
const account = {
  username: 'wang-a1',
  role: 'applicant' as const,
  organisationId: 'centre-a1',
  districtId: 'district-a',
  displayName: '王老师',
  email: 'wang@example.org',
  mobile: '+8613800000099',
};
const cognitoError = <E>(Kind: new (o: { message: string; $metadata: object }) => E) => new Kind({ message: 'refused', $metadata: {} });

// Cognito's admin API has no local emulator: the SDK client is mocked (aws-sdk-client-mock), only here.
describe('the Cognito account adapter (AWS SDK mocked)', () => {
  const cognito = mockClient(CognitoIdentityProviderClient);
  const adapter = () => new CognitoAccounts(POOL, () => new CognitoIdentityProviderClient({ region: 'ap-southeast-1' }));
  afterEach(() => cognito.reset());

  it('creates the user with the attributes the API reads and Cognito’s email invitation, then puts them in their role’s group', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    await adapter().create(account);
    expect(cognito.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      [
        'AdminCreateUserCommand',
        {
          UserPoolId: POOL,
          Username: 'wang-a1',
          UserAttributes: [
            { Name: 'email', Value: 'wang@example.org' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: '王老师' },
            { Name: 'phone_number', Value: '+8613800000099' },
            { Name: 'custom:org', Value: 'centre-a1' },
            { Name: 'custom:district', Value: 'district-a' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      ],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: 'wang-a1', GroupName: 'applicant' }],
    ]);
  });

  it('leaves out the attributes a role’s token does not carry (the office has no organisation or district claim)', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    await adapter().create({ username: 'office-2', role: 'city-admin', displayName: '办公室', email: 'o@example.org' });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input.UserAttributes!.map((a) => a.Name)).toEqual([
      'email',
      'email_verified',
      'name',
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input.GroupName).toBe('city-admin');
  });

  it('disables and re-enables by username', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminEnableUserCommand).resolves({});
    await adapter().disable('wang-a1');
    await adapter().enable('wang-a1');
    expect(cognito.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      ['AdminDisableUserCommand', { UserPoolId: POOL, Username: 'wang-a1' }],
      ['AdminEnableUserCommand', { UserPoolId: POOL, Username: 'wang-a1' }],
    ]);
  });

  it('says a taken username as a 409 carrying the username and Cognito’s error, and adds no group', async () => {
    cognito.on(AdminCreateUserCommand).rejects(cognitoError(UsernameExistsException));
    const error = await adapter()
      .create(account)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).current).toEqual({
      username: 'wang-a1',
      provider: 'cognito',
      providerError: 'UsernameExistsException',
    });
    expect((error as ConflictError).coded).toEqual({ code: 'username-taken', params: { name: 'wang-a1' } });
    expect(httpOf(error as ConflictError)).toMatchObject({
      status: 409,
      type: 'conflict',
      extensions: { current: { username: 'wang-a1' } },
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('maps Cognito’s other refusals to the domain’s errors, and passes on what is not the caller’s', async () => {
    const cases: [Error, unknown, number][] = [
      [cognitoError(AliasExistsException), ConflictError, 409],
      [cognitoError(UserNotFoundException), NotFoundError, 404],
      [cognitoError(InvalidParameterException), ValidationError, 422],
      [cognitoError(TooManyRequestsException), UnavailableError, 503],
    ];
    for (const [thrown, expected, status] of cases) {
      cognito.reset();
      cognito.on(AdminDisableUserCommand).rejects(thrown);
      const error = await adapter()
        .disable('wang-a1')
        .catch((e: unknown) => e);
      expect(error, thrown.name).toBeInstanceOf(expected as new () => Error);
      expect(httpOf(error as ConflictError).status, thrown.name).toBe(status);
    }
    cognito.reset();
    const outage = new Error('socket hang up');
    cognito.on(AdminEnableUserCommand).rejects(outage);
    await expect(adapter().enable('wang-a1')).rejects.toBe(outage);
  });
});
