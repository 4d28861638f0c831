import type { Role } from '../../../core/identity';

/** A sign-in account as the identity provider is asked to make it. */
export interface NewAccount {
  username: string;
  role: Role;
  /** `custom:org`: only for the roles whose tokens carry it (core/accounts.ts actorOfPerson). */
  organisationId?: string | undefined;
  /** `custom:district`. */
  districtId?: string | undefined;
  displayName: string;
  email: string;
  /** A mainland mobile in E.164 (+86…), when the person gave one. */
  mobile?: string | undefined;
}

/**
 * Where sign-in accounts are made: Cognito's admin API in the cloud, nowhere but the directory
 * locally (the local identity provider signs in whoever the directory holds as active), and nowhere
 * at all where an external OIDC provider owns the accounts. The accounts service (functions/services/
 * accounts.ts) keeps the directory; this port only mirrors each change into the provider.
 */
export interface AccountPort {
  readonly kind: 'cognito' | 'local' | 'external';
  /** Whether the provider sends the new person an invitation with their first password. */
  readonly invites: boolean;
  create(account: NewAccount): Promise<void>;
  disable(username: string): Promise<void>;
  enable(username: string): Promise<void>;
}
