import type { AccountPort } from './port';

/**
 * Accounts that live only in the directory, for the two homes where shenbao does not make sign-in
 * accounts itself:
 * - `local`: the local identity provider (local/identity.ts) issues tokens to any person the
 *   directory holds as active, so the directory entry is the account;
 * - `external`: an OIDC provider (a government unified identity platform, Keycloak) owns the
 *   accounts. The office makes the person there, with the same username and the role and scope
 *   claims (docs/operations.md); shenbao's directory entry decides what they may do here, and a
 *   disabled entry's tokens are refused by the API even while the provider still signs them in.
 */
export class DirectoryOnlyAccounts implements AccountPort {
  readonly invites = false;
  constructor(readonly kind: 'local' | 'external') {}
  async create(): Promise<void> {}
  async disable(): Promise<void> {}
  async enable(): Promise<void> {}
}
