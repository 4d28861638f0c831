import { requireEnv } from '../env';
import { CognitoAccounts } from './cognito';
import { DirectoryOnlyAccounts } from './directory-only';
import type { AccountPort } from './port';

export type { AccountPort, NewAccount } from './port';

let installed: AccountPort | undefined;

/**
 * The account port for this home, by ACCOUNT_PROVIDER: `cognito` (with USER_POOL_ID, the stacks'
 * default), `external` (an OIDC provider owns the accounts: stacks/Auth.ts with
 * SHENBAO_OIDC_ISSUER), `local` (set by the local runtime). Unset is a configuration error, named.
 */
export function accounts(): AccountPort {
  if (installed) return installed;
  const provider = requireEnv('ACCOUNT_PROVIDER');
  if (provider === 'cognito') installed = new CognitoAccounts(requireEnv('USER_POOL_ID'));
  else if (provider === 'local' || provider === 'external') installed = new DirectoryOnlyAccounts(provider);
  else throw new Error(`ACCOUNT_PROVIDER is ${provider}; expected cognito, external or local`);
  return installed;
}

/** Puts a port in place (the local runtime, tests); `undefined` goes back to reading the environment. */
export function useAccounts(port: AccountPort | undefined): void {
  installed = port;
}
